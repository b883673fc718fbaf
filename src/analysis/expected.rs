//! The expected lead time, exactly, on the flow model of `rework`.
//!
//! A unit's run: each element starts when the last of its inflows has
//! arrived and finishes its time later; then, if it sends rework, it sends the
//! unit back with its probability, and the loop (every element on a path from
//! the rework's target to the sender) runs again from that moment, the sender
//! last, after which the sender may send it back again. A loop runs on its own
//! flows only: its elements' redone output does not go to elements outside it
//! (they are not redone), and nothing outside it holds it up. So an element's
//! finish is
//!
//! ```text
//! C(v) = max over inflows u -> v of (C(u) + flow time) + time(v) + X(v)
//! ```
//!
//! where X(v), the time v's own rework adds, is a geometric number of repeats
//! of its loops, each as long as the loop's longest path (its elements' own
//! rework repeating inside, independently). The lead time is the latest finish
//! at the ends. With only series flows its expectation is a sum of means;
//! across parallel branches the expected maximum is not the maximum of the
//! expectations, so there the finishes are carried as distributions.
//!
//! How: the elements are taken in topological order, and the finishes still
//! needed downstream (the *live* ones) are held as a joint distribution, split
//! into independent factors (a fixed value is a factor of its own, and each
//! element's rework is independent of the rest). At a join the factors of its
//! inflows are combined: those with no other live element by the product of
//! their distribution functions, the others jointly. Where one element is all
//! that is live (a cut: everything downstream waits for it) its mean is banked
//! and the distribution starts afresh at 0, so a series of sections costs the
//! sum of their sizes. Each loop's repeat is evaluated the same way, on its own
//! elements, before the elements that send it are reached: its mean always,
//! its distribution only where a parallel section needs it. Means are exact;
//! distributions are exact up to `distribution::MAX_ATOMS` atoms (beyond, next
//! atoms are merged at their mean) and a tail below `distribution::TAIL`.

use petgraph::graph::NodeIndex;

use super::distribution::{Dist, Precision, same};
use super::graph::StreamGraph;
use super::rework::Visits;
use super::times::Times;

/// The precisions tried, finest first, each with its budget of atom
/// operations; the last has none and is small enough to need none.
const PRECISIONS: [(usize, usize, Option<u64>); 3] = [
    (512, 1 << 14, Some(4_000_000)),
    (96, 2048, Some(4_000_000)),
    (24, 128, None),
];

/// A part of the stream evaluated on its own: the whole stream from its starts
/// to its ends, or one loop from the rework's target to its sender.
struct Context {
    nodes: Vec<NodeIndex>,
    /// Inflows of each node: (local index of the sender, flow seconds).
    preds: Vec<Vec<(usize, f64)>>,
    /// Whether a node's finish is read at the end.
    is_end: Vec<bool>,
    /// The last node (local index) that reads each node's finish.
    last_use: Vec<usize>,
    /// Whether only this node is live once it is done.
    is_cut: Vec<bool>,
    /// The loop's sender, whose own rework is the repeat being evaluated.
    sender: Option<usize>,
}

impl Context {
    fn new(
        stream: &StreamGraph,
        times: &Times,
        nodes: Vec<NodeIndex>,
        ends: &[NodeIndex],
        sender: Option<usize>,
    ) -> Context {
        let mut local = vec![usize::MAX; stream.graph.node_count()];
        for (i, v) in nodes.iter().enumerate() {
            local[v.index()] = i;
        }
        let preds: Vec<Vec<(usize, f64)>> = nodes
            .iter()
            .map(|&v| {
                let mut from: Vec<(usize, f64)> = stream
                    .forward_in(v)
                    .filter_map(|e| {
                        let u = local[stream.endpoints(e).0.index()];
                        (u != usize::MAX).then(|| (u, times.edge[e.index()]))
                    })
                    .collect();
                from.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
                from
            })
            .collect();
        let mut is_end = vec![false; nodes.len()];
        for v in ends {
            if let Some(&i) = local.get(v.index()).filter(|&&i| i != usize::MAX) {
                is_end[i] = true;
            }
        }
        let mut last_use = vec![usize::MAX; nodes.len()];
        for (i, from) in preds.iter().enumerate() {
            for &(u, _) in from {
                last_use[u] = i;
            }
        }
        // Before the last start, an element is never all that is live: the
        // start that comes later does not wait for it.
        let last_start = preds.iter().rposition(Vec::is_empty).unwrap_or(0);
        let alive_after =
            |u: usize, i: usize| is_end[u] || (last_use[u] != usize::MAX && last_use[u] > i);
        let mut live = 0usize;
        let mut is_cut = vec![false; nodes.len()];
        for i in 0..nodes.len() {
            if alive_after(i, i) {
                live += 1;
            }
            // Inflows are sorted by sender: two flows from one sender end its life once.
            let mut previous = usize::MAX;
            for &(u, _) in &preds[i] {
                if u != previous && !alive_after(u, i) {
                    live -= 1;
                }
                previous = u;
            }
            is_cut[i] = live == 1 && alive_after(i, i) && i >= last_start;
        }
        Context {
            nodes,
            preds,
            is_end,
            last_use,
            is_cut,
            sender,
        }
    }

    /// Whether node `u`'s finish is still needed once node `i` is done.
    fn alive_after(&self, u: usize, i: usize) -> bool {
        self.is_end[u] || (self.last_use[u] != usize::MAX && self.last_use[u] > i)
    }
}

/// The time each node's own rework adds: its mean, and its distribution
/// where a parallel section needs it.
struct Repeats {
    mean: Vec<f64>,
    dist: Vec<Option<Dist>>,
    /// Loops by sender: (context, probability).
    loops: Vec<Vec<(Context, f64)>>,
}

/// Where a live node's finish is held.
#[derive(Clone, Copy)]
enum Slot {
    Fixed(f64),
    In(usize, usize),
    Unset,
}

/// Live finishes that depend on each other: `nodes` and, per atom, their
/// values (`values[atom * nodes.len() + k]`) and its probability.
struct Factor {
    nodes: Vec<usize>,
    values: Vec<f64>,
    probs: Vec<f64>,
}

/// How a context is evaluated: its mean, or its whole distribution.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Mean,
    Distribution,
}

struct Outcome {
    mean: f64,
    dist: Option<Dist>,
}

/// The expected lead time and where it comes from.
pub struct Expectation {
    /// The mean of the latest finish at the ends.
    pub lead_time: f64,
    /// Per node: its expected start and finish (NaN for nodes that lead to no end).
    pub start: Vec<f64>,
    pub finish: Vec<f64>,
    /// Per node: the expected time its own rework adds (its loops' repeats).
    pub rework: Vec<f64>,
}

/// The expected lead time: the mean of the latest finish at `ends`.
pub fn expected_lead_time(
    stream: &StreamGraph,
    times: &Times,
    probability: &[f64],
    visits: &Visits,
    ends: &[NodeIndex],
) -> Expectation {
    let n = stream.graph.node_count();
    // What leads to an end: the rest never holds the lead time up.
    let mut leads = vec![false; n];
    let mut stack: Vec<NodeIndex> = ends.to_vec();
    for v in ends {
        leads[v.index()] = true;
    }
    while let Some(v) = stack.pop() {
        for e in stream.forward_in(v) {
            let u = stream.endpoints(e).0;
            if !leads[u.index()] {
                leads[u.index()] = true;
                stack.push(u);
            }
        }
    }
    let main_nodes: Vec<NodeIndex> = stream
        .order
        .iter()
        .copied()
        .filter(|v| leads[v.index()])
        .collect();
    let main = Context::new(stream, times, main_nodes, ends, None);
    let mut marks = vec![(f64::NAN, f64::NAN); main.nodes.len()];
    let mut rework = vec![0.0; n];
    let mut lead_time = 0.0;
    for (atoms, joint, limit) in PRECISIONS {
        let precision = Precision::new(atoms, joint, limit);
        let repeats = repeats(stream, times, probability, visits, &main, &precision);
        lead_time = evaluate(
            &main,
            &|v| times.node[v.index()],
            &repeats,
            Want::Mean,
            Some(&mut marks),
            &precision,
        )
        .mean;
        rework = repeats.mean;
        if !precision.exhausted() {
            break;
        }
    }
    let mut start = vec![f64::NAN; n];
    let mut finish = vec![f64::NAN; n];
    for (v, (s, f)) in main.nodes.iter().zip(marks) {
        start[v.index()] = s;
        finish[v.index()] = f;
    }
    Expectation {
        lead_time,
        start,
        finish,
        rework,
    }
}

/// The loops' repeats, senders in topological order (a loop's elements come
/// before its sender, so what a repeat needs is ready when it is evaluated).
fn repeats(
    stream: &StreamGraph,
    times: &Times,
    probability: &[f64],
    visits: &Visits,
    main: &Context,
    precision: &Precision,
) -> Repeats {
    let n = stream.graph.node_count();
    let mut loops: Vec<Vec<(Context, f64)>> = (0..n).map(|_| Vec::new()).collect();
    let mut endless = vec![false; n];
    for &v in &visits.endless {
        endless[v.index()] = true;
    }
    for repeated in &stream.loops {
        let sender = repeated.source;
        if endless[sender.index()] {
            continue;
        }
        let mut members = repeated.members.clone();
        members.sort_by_key(|m| stream.position[m.index()]);
        let at = members.iter().position(|&m| m == sender);
        let context = Context::new(stream, times, members, &[sender], at);
        loops[sender.index()].push((context, probability[repeated.edge.index()]));
    }
    // Which senders' repeats are needed as distributions: those inside a
    // parallel part of a context, and everything in a loop evaluated whole.
    let mut needs = vec![false; n];
    let mark = |context: &Context, whole: bool, needs: &mut Vec<bool>| {
        for (i, v) in context.nodes.iter().enumerate() {
            if Some(i) != context.sender && (whole || !context.is_cut[i]) {
                needs[v.index()] = true;
            }
        }
    };
    mark(main, false, &mut needs);
    for &v in stream.order.iter().rev() {
        for (context, _) in &loops[v.index()] {
            mark(context, needs[v.index()], &mut needs);
        }
    }
    let mut result = Repeats {
        mean: vec![0.0; n],
        dist: vec![None; n],
        loops: Vec::new(),
    };
    for &v in &stream.order {
        let mine = std::mem::take(&mut loops[v.index()]);
        if mine.is_empty() || precision.exhausted() {
            continue;
        }
        let want = if needs[v.index()] {
            Want::Distribution
        } else {
            Want::Mean
        };
        let total: f64 = mine.iter().map(|l| l.1).sum();
        let outcomes: Vec<(f64, Outcome)> = mine
            .iter()
            .map(|(context, p)| {
                (
                    *p,
                    evaluate(
                        context,
                        &|u| times.node[u.index()],
                        &result,
                        want,
                        None,
                        precision,
                    ),
                )
            })
            .collect();
        let repeat_mean: f64 = outcomes.iter().map(|(p, o)| p * o.mean).sum();
        result.mean[v.index()] = repeat_mean / (1.0 - total);
        if want == Want::Distribution && total > 0.0 {
            let parts: Vec<(f64, Dist)> = outcomes
                .into_iter()
                .map(|(p, o)| (p / total, o.dist.unwrap_or_else(|| Dist::point(o.mean))))
                .collect();
            let repeat = Dist::mixture(&parts, precision);
            result.dist[v.index()] = Some(Dist::repeated(&repeat, total, precision));
        }
        loops[v.index()] = mine;
    }
    result.loops = loops;
    result
}

/// The latest finish at a context's ends, starting at 0; in `marks`, if
/// asked, each node's expected start and finish.
fn evaluate(
    context: &Context,
    time: &dyn Fn(NodeIndex) -> f64,
    repeats: &Repeats,
    want: Want,
    mut marks: Option<&mut [(f64, f64)]>,
    precision: &Precision,
) -> Outcome {
    let count = context.nodes.len();
    let mut slot = vec![Slot::Unset; count];
    let mut factors: Vec<Option<Factor>> = Vec::new();
    // The banked part: means (or distributions) of the sections before the last cut.
    let mut banked = 0.0;
    let mut banked_dist = Dist::point(0.0);
    for i in 0..count {
        if precision.exhausted() {
            // Thrown away: the map is evaluated again, more coarsely.
            return Outcome {
                mean: f64::NAN,
                dist: None,
            };
        }
        let v = context.nodes[i];
        let own = time(v);
        let (x_mean, x_dist) = if context.sender == Some(i) {
            (0.0, None)
        } else {
            (repeats.mean[v.index()], repeats.dist[v.index()].as_ref())
        };
        // The inflows, by where their finishes are held.
        let mut floor = if context.preds[i].is_empty() {
            0.0
        } else {
            f64::NEG_INFINITY
        };
        let mut by_factor: Vec<(usize, Vec<(usize, f64)>)> = Vec::new();
        for &(u, flow) in &context.preds[i] {
            match slot[u] {
                Slot::Fixed(at) => floor = floor.max(at + flow),
                Slot::In(f, k) => match by_factor.iter_mut().find(|g| g.0 == f) {
                    Some(group) => group.1.push((k, flow)),
                    None => by_factor.push((f, vec![(k, flow)])),
                },
                Slot::Unset => {}
            }
        }
        // Factors read for the last time reduce to the latest of their inflows;
        // the rest join the new factor with the nodes they keep live.
        let mut alone = Vec::new();
        let mut joint: Vec<(Factor, Vec<usize>, Vec<(usize, f64)>)> = Vec::new();
        for (f, group) in by_factor {
            let Some(factor) = factors[f].take() else {
                continue;
            };
            let kept: Vec<usize> = (0..factor.nodes.len())
                .filter(|&k| context.alive_after(factor.nodes[k], i))
                .collect();
            if kept.is_empty() {
                alone.push(latest_of(&factor, &group, precision));
            } else {
                joint.push((factor, kept, group));
            }
        }
        let independent = (!alone.is_empty()).then(|| Dist::latest(&alone, precision));
        // The joint atoms: the kept values and the latest inflow among them.
        let mut kept_nodes: Vec<usize> = Vec::new();
        let mut atoms: Vec<(Vec<f64>, f64, f64)> = vec![(Vec::new(), floor, 1.0)];
        for (factor, kept, group) in &joint {
            kept_nodes.extend(kept.iter().map(|&k| factor.nodes[k]));
            let width = factor.nodes.len();
            precision.spend(atoms.len() * factor.probs.len());
            if precision.exhausted() {
                return Outcome {
                    mean: f64::NAN,
                    dist: None,
                };
            }
            let mut next = Vec::with_capacity(atoms.len() * factor.probs.len());
            for (values, start, p) in &atoms {
                for (a, q) in factor.probs.iter().enumerate() {
                    let row = &factor.values[a * width..(a + 1) * width];
                    let mut values = values.clone();
                    values.extend(kept.iter().map(|&k| row[k]));
                    let start = group
                        .iter()
                        .fold(*start, |s, &(k, flow)| s.max(row[k] + flow));
                    next.push((values, start, p * q));
                }
            }
            atoms = compact_joint(next, precision);
        }
        let finish_of = |start: f64| -> Dist {
            let began = start_after(independent.as_ref(), start);
            match x_dist {
                Some(x) => began.plus(x, precision).shifted(own),
                None => began.shifted(own + x_mean),
            }
        };
        if context.is_cut[i] && kept_nodes.is_empty() {
            // Everything downstream waits for this node: bank it, start afresh.
            let (_, start, _) = atoms.first().cloned().unwrap_or((Vec::new(), 0.0, 1.0));
            match want {
                Want::Mean => {
                    let began = start_after(independent.as_ref(), start).mean();
                    if let Some(marks) = marks.as_deref_mut() {
                        marks[i] = (banked + began, banked + began + own + x_mean);
                    }
                    banked += began + own + x_mean;
                }
                Want::Distribution => banked_dist = banked_dist.plus(&finish_of(start), precision),
            }
            slot[i] = Slot::Fixed(0.0);
            continue;
        }
        if let Some(marks) = marks.as_deref_mut() {
            let began: f64 = atoms
                .iter()
                .map(|(_, start, p)| p * start_after(independent.as_ref(), *start).mean())
                .sum();
            marks[i] = (banked + began, banked + began + own + x_mean);
        }
        if kept_nodes.is_empty() {
            // Nothing else live depends on this node's inflows: its finish is
            // a distribution of its own.
            let starts: Vec<(f64, Dist)> = atoms
                .iter()
                .map(|(_, start, p)| (*p, start_after(independent.as_ref(), *start)))
                .collect();
            let began = Dist::mixture(&starts, precision);
            let finish = match x_dist {
                Some(x) => began.plus(x, precision).shifted(own),
                None => began.shifted(own + x_mean),
            };
            hold(&mut slot, &mut factors, i, finish);
            continue;
        }
        // Each joint atom gets the finishes its start allows: count them first.
        let spread = independent.as_ref().map_or(1, |d| d.atoms().len() + 1)
            * x_dist.map_or(1, |x| x.atoms().len());
        precision.spend(atoms.len() * spread);
        if precision.exhausted() {
            continue;
        }
        let mut nodes = kept_nodes;
        nodes.push(i);
        let width = nodes.len();
        let mut rows: Vec<(Vec<f64>, f64, f64)> = Vec::new();
        for (values, start, p) in atoms {
            for &(c, q) in finish_of(start).atoms() {
                let mut values = values.clone();
                values.push(c);
                rows.push((values, 0.0, p * q));
            }
        }
        let rows = compact_joint(rows, precision);
        // A finish that is the same in every atom is a fixed value, a factor of its own.
        let mut varying = Vec::new();
        for k in 0..width {
            let first = rows[0].0[k];
            if rows.iter().all(|r| same(r.0[k], first)) {
                slot[nodes[k]] = Slot::Fixed(first);
            } else {
                varying.push(k);
            }
        }
        if !varying.is_empty() {
            let f = factors.len();
            let mut factor = Factor {
                nodes: varying.iter().map(|&k| nodes[k]).collect(),
                values: Vec::with_capacity(rows.len() * varying.len()),
                probs: Vec::with_capacity(rows.len()),
            };
            for (values, _, p) in &rows {
                factor.values.extend(varying.iter().map(|&k| values[k]));
                factor.probs.push(*p);
            }
            for (k, &u) in factor.nodes.iter().enumerate() {
                slot[u] = Slot::In(f, k);
            }
            factors.push(Some(factor));
        }
    }
    // The latest finish at the ends.
    let mut floor = f64::NEG_INFINITY;
    let mut parts = Vec::new();
    let mut ends_by_factor: Vec<(usize, Vec<(usize, f64)>)> = Vec::new();
    for i in (0..count).filter(|&i| context.is_end[i]) {
        match slot[i] {
            Slot::Fixed(at) => floor = floor.max(at),
            Slot::In(f, k) => match ends_by_factor.iter_mut().find(|g| g.0 == f) {
                Some(group) => group.1.push((k, 0.0)),
                None => ends_by_factor.push((f, vec![(k, 0.0)])),
            },
            Slot::Unset => {}
        }
    }
    for (f, group) in ends_by_factor {
        if let Some(factor) = &factors[f] {
            parts.push(latest_of(factor, &group, precision));
        }
    }
    let last = if parts.is_empty() {
        Dist::point(floor.max(0.0))
    } else {
        let latest = Dist::latest(&parts, precision);
        if floor.is_finite() {
            latest.at_least(floor)
        } else {
            latest
        }
    };
    match want {
        Want::Mean => Outcome {
            mean: banked + last.mean(),
            dist: None,
        },
        Want::Distribution => {
            let dist = banked_dist.plus(&last, precision);
            Outcome {
                mean: dist.mean(),
                dist: Some(dist),
            }
        }
    }
}

/// Holds node `i`'s finish: a fixed value, or a factor of its own.
fn hold(slot: &mut [Slot], factors: &mut Vec<Option<Factor>>, i: usize, finish: Dist) {
    match finish.atoms() {
        [(at, _)] => slot[i] = Slot::Fixed(*at),
        atoms => {
            slot[i] = Slot::In(factors.len(), 0);
            factors.push(Some(Factor {
                nodes: vec![i],
                values: atoms.iter().map(|a| a.0).collect(),
                probs: atoms.iter().map(|a| a.1).collect(),
            }));
        }
    }
}

/// When a node starts: the later of `start` (the latest of its inflows held
/// jointly with other live finishes) and its independent inflows.
fn start_after(independent: Option<&Dist>, start: f64) -> Dist {
    match independent {
        Some(d) if start.is_finite() => d.at_least(start),
        Some(d) => d.clone(),
        None => Dist::point(start.max(0.0)),
    }
}

/// The distribution of the latest of `group` (coordinate, flow seconds) in a factor.
fn latest_of(factor: &Factor, group: &[(usize, f64)], precision: &Precision) -> Dist {
    let width = factor.nodes.len();
    Dist::from_atoms(
        factor
            .probs
            .iter()
            .enumerate()
            .map(|(a, &p)| {
                let row = &factor.values[a * width..(a + 1) * width];
                let at = group
                    .iter()
                    .fold(f64::NEG_INFINITY, |s, &(k, flow)| s.max(row[k] + flow));
                (at, p)
            })
            .collect(),
        precision,
    )
}

/// Joint atoms with equal values merged; beyond `precision.joint`, atoms in the
/// same cell of a grid over each value's range are merged at their mean, the
/// grid as fine as the limit allows.
fn compact_joint(
    mut atoms: Vec<(Vec<f64>, f64, f64)>,
    precision: &Precision,
) -> Vec<(Vec<f64>, f64, f64)> {
    // Products of tiny probabilities underflow to 0: such atoms carry nothing.
    if atoms.iter().any(|a| a.2 > 0.0) {
        atoms.retain(|a| a.2 > 0.0 && a.0.iter().all(|v| v.is_finite()));
    }
    if atoms.len() <= 1 {
        return atoms;
    }
    precision.spend(atoms.len() * (atoms[0].0.len() + 1));
    let limit = precision.joint.max(1);
    let order = |a: &(Vec<f64>, f64, f64), b: &(Vec<f64>, f64, f64)| {
        a.0.iter()
            .chain(std::iter::once(&a.1))
            .zip(b.0.iter().chain(std::iter::once(&b.1)))
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    atoms.sort_by(order);
    let mut out: Vec<(Vec<f64>, f64, f64)> = Vec::with_capacity(atoms.len());
    for a in atoms {
        match out.last_mut() {
            Some(last)
                if same(last.1, a.1) && last.0.iter().zip(&a.0).all(|(&x, &y)| same(x, y)) =>
            {
                merge_joint(last, &a)
            }
            _ => out.push(a),
        }
    }
    if out.len() <= limit {
        return out;
    }
    // Each value's range, the latest inflow's last.
    let values = |a: &(Vec<f64>, f64, f64)| -> Vec<f64> {
        let mut v = a.0.clone();
        v.push(if a.1.is_finite() { a.1 } else { 0.0 });
        v
    };
    let width = out[0].0.len() + 1;
    let mut low = vec![f64::INFINITY; width];
    let mut high = vec![f64::NEG_INFINITY; width];
    for a in &out {
        for (k, v) in values(a).into_iter().enumerate() {
            low[k] = low[k].min(v);
            high[k] = high[k].max(v);
        }
    }
    // Each value's range cut in `limit` cells, then four times coarser until
    // the atoms fill few enough (they lie along few directions, so the first
    // grids usually do).
    let mut cells_per_range = limit;
    loop {
        let cell = |a: &(Vec<f64>, f64, f64)| -> Vec<u32> {
            values(a)
                .into_iter()
                .enumerate()
                .map(|(k, v)| {
                    let range = high[k] - low[k];
                    if range > 0.0 {
                        ((v - low[k]) / range * cells_per_range as f64) as u32
                    } else {
                        0
                    }
                })
                .collect()
        };
        let mut by_cell: std::collections::HashMap<Vec<u32>, usize> =
            std::collections::HashMap::with_capacity(limit);
        let mut merged: Vec<(Vec<f64>, f64, f64)> = Vec::with_capacity(limit);
        for a in &out {
            let key = cell(a);
            match by_cell.get(&key) {
                Some(&at) => merge_joint(&mut merged[at], a),
                None => {
                    by_cell.insert(key, merged.len());
                    merged.push(a.clone());
                }
            }
        }
        if merged.len() <= limit || cells_per_range == 1 {
            return merged;
        }
        cells_per_range = (cells_per_range / 4).max(1);
    }
}

fn merge_joint(into: &mut (Vec<f64>, f64, f64), atom: &(Vec<f64>, f64, f64)) {
    let (p, q) = (into.2, atom.2);
    let total = p + q;
    if total <= 0.0 {
        return;
    }
    for (x, y) in into.0.iter_mut().zip(&atom.0) {
        *x = (*x * p + y * q) / total;
    }
    if into.1.is_finite() && atom.1.is_finite() {
        into.1 = (into.1 * p + atom.1 * q) / total;
    }
    into.2 = total;
}
