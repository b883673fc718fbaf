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
//! distributions are exact up to a precision's atoms (beyond, neighbouring
//! atoms are merged at their mean; joint atoms by cell of a grid, in
//! `joint`) and a tail below `distribution::TAIL`. The finest precision
//! whose budget of operations suffices is used (`PRECISIONS`).

use std::ops::Range;

use petgraph::graph::NodeIndex;

use super::distribution::{Dist, Precision, same};
use super::graph::StreamGraph;
use super::joint::Joint;
use super::rework::Visits;
use super::times::Times;
use crate::model::order::sort_by_key_pair;

/// The precisions tried, finest first, each with its budget of atom
/// operations; the last has none and is small enough to need none. An
/// operation takes 2-7 ns natively (measured on the corpus), so a map that
/// exhausts both budgets is given up on within about half a second. The
/// slowest corpus map (slow-00) needs 28 M at the second precision, which is
/// within 0.15% of a 2,000,000-run forecast on every corpus map.
const PRECISIONS: [(usize, usize, Option<u64>); 3] = [
    (256, 4096, Some(16_000_000)),
    (96, 2048, Some(36_000_000)),
    (24, 128, None),
];

/// A part of the stream evaluated on its own: the whole stream from its starts
/// to its ends, or one loop from the rework's target to its sender. Its
/// vectors live in an `Arena`, shared by every loop.
#[derive(Clone, Copy)]
struct Context<'a> {
    nodes: &'a [NodeIndex],
    /// Every node's inflows, node after node, each node's sorted by sender:
    /// (local index of the sender, flow seconds).
    inflows: &'a [(usize, f64)],
    /// Per node: what the evaluation needs to know of its place.
    place: &'a [Place],
    /// The loop's sender, whose own rework is the repeat being evaluated.
    sender: Option<usize>,
}

#[derive(Clone)]
struct Place {
    /// Where its inflows are in `Context::inflows`.
    inflows: Range<usize>,
    /// Whether its finish is read at the end.
    is_end: bool,
    /// The last node (local index) that reads its finish, or usize::MAX.
    last_use: usize,
    /// Whether only this node is live once it is done.
    is_cut: bool,
    /// Where its finish matters only as an arrival at one place (its one
    /// reader, or the ends, `nodes.len()`): that place, and the flow's seconds.
    fold_to: Option<(usize, f64)>,
}

/// Who reads a node's finish, as far as folding needs to know.
#[derive(Clone, Copy)]
enum Readers {
    None,
    One(usize, f64),
    Many,
}

/// The vectors of many contexts, one after another: a map of 10,000
/// two-step loops allocates a few vectors, not 10,000 of each.
#[derive(Default)]
struct Arena {
    nodes: Vec<NodeIndex>,
    inflows: Vec<(usize, f64)>,
    place: Vec<Place>,
    /// Scratch: who reads each node of the context being added.
    readers: Vec<Readers>,
}

/// A context's part of an arena.
struct Span {
    nodes: Range<usize>,
    inflows: Range<usize>,
    sender: Option<usize>,
}

impl Arena {
    /// Adds the context of `nodes`, taken in topological order, read at `ends`.
    fn add(
        &mut self,
        stream: &StreamGraph,
        times: &Times,
        nodes: &[NodeIndex],
        ends: &[NodeIndex],
        sender: Option<NodeIndex>,
        local: &mut [usize],
    ) -> Span {
        let first = self.nodes.len();
        self.nodes.extend_from_slice(nodes);
        let mine = &mut self.nodes[first..];
        let rank = |v: &NodeIndex| stream.position[v.index()];
        if !mine.is_sorted_by_key(rank) {
            // A loop lists its members from the sender back: most need only reversing.
            mine.reverse();
            if !mine.is_sorted_by_key(rank) {
                sort_by_key_pair(mine, |v| (rank(v) as f64, 0.0));
            }
        }
        let nodes = &self.nodes[first..];
        let count = nodes.len();
        // `local` is all usize::MAX on entry and on return: one scratch for
        // every context, not a graph-sized vector each.
        for (i, v) in nodes.iter().enumerate() {
            local[v.index()] = i;
        }
        let base = self.inflows.len();
        let place_base = self.place.len();
        for &v in nodes {
            let at = self.inflows.len();
            self.inflows.extend(stream.forward_in(v).filter_map(|e| {
                let u = local[stream.endpoints(e).0.index()];
                (u != usize::MAX).then(|| (u, times.edge[e.index()]))
            }));
            let theirs = &mut self.inflows[at..];
            if !theirs.is_sorted_by(|a, b| (a.0, a.1) <= (b.0, b.1)) {
                sort_by_key_pair(theirs, |&(u, flow)| (u as f64, flow));
            }
            self.place.push(Place {
                inflows: at - base..self.inflows.len() - base,
                is_end: false,
                last_use: usize::MAX,
                is_cut: false,
                fold_to: None,
            });
        }
        let place = &mut self.place[place_base..];
        let inflows = &self.inflows[base..];
        for v in ends {
            if let Some(&i) = local.get(v.index()).filter(|&&i| i != usize::MAX) {
                place[i].is_end = true;
            }
        }
        let sender = sender
            .map(|s| local[s.index()])
            .filter(|&i| i != usize::MAX);
        for v in nodes {
            local[v.index()] = usize::MAX;
        }
        self.readers.clear();
        self.readers.resize(count, Readers::None);
        for i in 0..count {
            for &(u, flow) in &inflows[place[i].inflows.clone()] {
                place[u].last_use = i;
                self.readers[u] = match self.readers[u] {
                    Readers::None => Readers::One(i, flow),
                    Readers::One(w, most) if w == i => Readers::One(w, most.max(flow)),
                    _ => Readers::Many,
                };
            }
        }
        // Before the last start, an element is never all that is live: the
        // start that comes later does not wait for it.
        let last_start = place
            .iter()
            .rposition(|p| p.inflows.is_empty())
            .unwrap_or(0);
        let alive_after = |place: &[Place], u: usize, i: usize| {
            place[u].is_end || (place[u].last_use != usize::MAX && place[u].last_use > i)
        };
        let mut live = 0usize;
        for i in 0..count {
            if alive_after(place, i, i) {
                live += 1;
            }
            // Inflows are sorted by sender: two flows from one sender end its life once.
            let mut previous = usize::MAX;
            for &(u, _) in &inflows[place[i].inflows.clone()] {
                if u != previous && !alive_after(place, u, i) {
                    live -= 1;
                }
                previous = u;
            }
            place[i].is_cut = live == 1 && alive_after(place, i, i) && i >= last_start;
        }
        for (p, read) in place.iter_mut().zip(&self.readers) {
            p.fold_to = match (p.is_end, *read) {
                (true, Readers::None) => Some((count, 0.0)),
                (false, Readers::One(w, flow)) => Some((w, flow)),
                _ => None,
            };
        }
        Span {
            nodes: first..first + count,
            inflows: base..self.inflows.len(),
            sender,
        }
    }

    fn context(&self, span: &Span) -> Context<'_> {
        Context {
            nodes: &self.nodes[span.nodes.clone()],
            inflows: &self.inflows[span.inflows.clone()],
            place: &self.place[span.nodes.clone()],
            sender: span.sender,
        }
    }
}

impl Context<'_> {
    /// Node `i`'s inflows: (local index of the sender, flow seconds).
    fn preds(&self, i: usize) -> &[(usize, f64)] {
        &self.inflows[self.place[i].inflows.clone()]
    }

    /// Whether node `u`'s finish is still needed once node `i` is done.
    fn alive_after(&self, u: usize, i: usize) -> bool {
        let p = &self.place[u];
        p.is_end || (p.last_use != usize::MAX && p.last_use > i)
    }

    /// Whether a factor's coordinate is still needed once node `i` is done.
    fn needed_after(&self, key: Key, i: usize) -> bool {
        match key {
            Key::Finish(u) => self.alive_after(u, i),
            Key::Arrival(w) => w > i,
        }
    }
}

/// The time each node's own rework adds: its mean, and its distribution
/// where a parallel section needs it.
struct Repeats {
    mean: Vec<f64>,
    dist: Vec<Option<Dist>>,
}

/// Where a live node's finish is held.
#[derive(Clone, Copy)]
enum Slot {
    Fixed(f64),
    In(usize, usize),
    Unset,
}

/// A coordinate of a factor: a node's finish, or the latest arrival so far
/// at a node (or at the ends) from senders it is the only reader of: those
/// senders are then one coordinate, not one each.
#[derive(Clone, Copy, PartialEq)]
enum Key {
    Finish(usize),
    Arrival(usize),
}

/// Live values that depend on each other: `keys` and, per atom, their
/// values (`values[atom * keys.len() + k]`) and its probability.
struct Factor {
    keys: Vec<Key>,
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
    let mut local = vec![usize::MAX; n];
    let mut arena = Arena::default();
    let span = arena.add(stream, times, &main_nodes, ends, None, &mut local);
    let main = arena.context(&span);
    let mut marks = vec![(f64::NAN, f64::NAN); main.nodes.len()];
    let mut rework = vec![0.0; n];
    let mut lead_time = 0.0;
    let loops = Loops::new(stream, times, probability, visits);
    for (atoms, joint, limit) in PRECISIONS {
        let precision = Precision::new(atoms, joint, limit);
        let repeats = repeats(stream, times, &loops, &main, &precision);
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

/// Every loop's context, built once, grouped by sender (a loop that never
/// ends has none: its repeat is infinite, and the visits say so).
struct Loops {
    arena: Arena,
    /// (span in `arena`, probability), the loops of each sender together.
    all: Vec<(Span, f64)>,
    /// Where each node's loops begin in `all`; one more entry, the end.
    at: Vec<usize>,
}

impl Loops {
    fn new(stream: &StreamGraph, times: &Times, probability: &[f64], visits: &Visits) -> Loops {
        let n = stream.graph.node_count();
        let mut endless = vec![false; n];
        for &v in &visits.endless {
            endless[v.index()] = true;
        }
        // Grouped by sender with a counting sort.
        let mut at = vec![0usize; n + 1];
        for repeated in stream.loops.iter().filter(|l| !endless[l.source.index()]) {
            at[repeated.source.index() + 1] += 1;
        }
        for v in 0..n {
            at[v + 1] += at[v];
        }
        let mut next = at.clone();
        let mut grouped = vec![0usize; at[n]];
        for (l, repeated) in stream.loops.iter().enumerate() {
            let sender = repeated.source.index();
            if !endless[sender] {
                grouped[next[sender]] = l;
                next[sender] += 1;
            }
        }
        let mut local = vec![usize::MAX; n];
        let mut arena = Arena::default();
        let all = grouped
            .into_iter()
            .map(|l| {
                let repeated = &stream.loops[l];
                let sender = repeated.source;
                let span = arena.add(
                    stream,
                    times,
                    stream.members(repeated),
                    &[sender],
                    Some(sender),
                    &mut local,
                );
                (span, probability[repeated.edge.index()])
            })
            .collect();
        Loops { arena, all, at }
    }

    /// The loops `v` sends back into, and their probabilities.
    fn of(&self, v: NodeIndex) -> impl Iterator<Item = (Context<'_>, f64)> {
        self.all[self.at[v.index()]..self.at[v.index() + 1]]
            .iter()
            .map(|(span, p)| (self.arena.context(span), *p))
    }
}

/// The loops' repeats, senders in topological order (a loop's elements come
/// before its sender, so what a repeat needs is ready when it is evaluated).
fn repeats(
    stream: &StreamGraph,
    times: &Times,
    loops: &Loops,
    main: &Context,
    precision: &Precision,
) -> Repeats {
    let n = stream.graph.node_count();
    // Which senders' repeats are needed as distributions: those inside a
    // parallel part of a context, and everything in a loop evaluated whole.
    let mut needs = vec![false; n];
    let mark = |context: &Context, whole: bool, needs: &mut Vec<bool>| {
        for (i, v) in context.nodes.iter().enumerate() {
            if Some(i) != context.sender && (whole || !context.place[i].is_cut) {
                needs[v.index()] = true;
            }
        }
    };
    mark(main, false, &mut needs);
    for &v in stream.order.iter().rev() {
        for (context, _) in loops.of(v) {
            mark(&context, needs[v.index()], &mut needs);
        }
    }
    let mut result = Repeats {
        mean: vec![0.0; n],
        dist: vec![None; n],
    };
    for &v in &stream.order {
        if loops.at[v.index()] == loops.at[v.index() + 1] || precision.exhausted() {
            continue;
        }
        let want = if needs[v.index()] {
            Want::Distribution
        } else {
            Want::Mean
        };
        let total: f64 = loops.of(v).map(|l| l.1).sum();
        let mut repeat_mean = 0.0;
        let mut parts: Vec<(f64, Dist)> = Vec::new();
        for (context, p) in loops.of(v) {
            let outcome = evaluate(
                &context,
                &|u| times.node[u.index()],
                &result,
                want,
                None,
                precision,
            );
            repeat_mean += p * outcome.mean;
            if want == Want::Distribution {
                let dist = outcome.dist.unwrap_or_else(|| Dist::point(outcome.mean));
                parts.push((p / total, dist));
            }
        }
        result.mean[v.index()] = repeat_mean / (1.0 - total);
        if want == Want::Distribution && total > 0.0 {
            let repeat = Dist::mixture(&parts, precision);
            result.dist[v.index()] = Some(Dist::repeated(&repeat, total, precision));
        }
    }
    result
}

/// A factor read by a node: the factor, the coordinates still needed after
/// it, and the coordinates it reads with their flows' seconds.
type Reading = (Factor, Vec<usize>, Vec<(usize, f64)>);

/// Where the live values of a context's evaluation are held.
struct Held {
    /// Per node: its finish, unless it was folded into an arrival.
    slot: Vec<Slot>,
    /// Per node (and the ends, last): the latest fixed arrival folded into
    /// it, and the factor coordinates holding its varying ones.
    arrival_floor: Vec<f64>,
    arrival_parts: Vec<Vec<(usize, usize)>>,
    factors: Vec<Option<Factor>>,
}

impl Held {
    fn new(count: usize) -> Held {
        Held {
            slot: vec![Slot::Unset; count],
            arrival_floor: vec![f64::NEG_INFINITY; count + 1],
            arrival_parts: vec![Vec::new(); count + 1],
            factors: Vec::new(),
        }
    }

    /// A coordinate found the same in every atom.
    fn fix(&mut self, key: Key, value: f64) {
        match key {
            Key::Finish(u) => self.slot[u] = Slot::Fixed(value),
            Key::Arrival(w) => self.arrival_floor[w] = self.arrival_floor[w].max(value),
        }
    }

    /// A new factor; its coordinates are found there from now on (the
    /// factors it was made of were taken, so their entries are stale).
    fn push(&mut self, factor: Factor) {
        let f = self.factors.len();
        for (k, &key) in factor.keys.iter().enumerate() {
            match key {
                Key::Finish(u) => self.slot[u] = Slot::In(f, k),
                Key::Arrival(w) => self.arrival_parts[w].push((f, k)),
            }
        }
        self.factors.push(Some(factor));
    }

    /// Holds a value that depends on nothing else live.
    fn hold(&mut self, key: Key, value: Dist) {
        match value.atoms() {
            [(at, _)] => self.fix(key, *at),
            atoms => self.push(Factor {
                keys: vec![key],
                values: atoms.iter().map(|a| a.0).collect(),
                probs: atoms.iter().map(|a| a.1).collect(),
            }),
        }
    }

    /// What arrives at `i` (a node, or the ends): the latest fixed arrival,
    /// and the factor coordinates by factor, each with its flow's seconds.
    #[allow(clippy::type_complexity)]
    fn arrivals(
        &mut self,
        context: &Context,
        i: usize,
        from: &[(usize, f64)],
    ) -> (f64, Vec<(usize, Vec<(usize, f64)>)>) {
        let mut floor = self.arrival_floor[i];
        let mut by_factor: Vec<(usize, Vec<(usize, f64)>)> = Vec::new();
        let mut add = |f: usize, k: usize, flow: f64| match by_factor.iter_mut().find(|g| g.0 == f)
        {
            Some(group) => group.1.push((k, flow)),
            None => by_factor.push((f, vec![(k, flow)])),
        };
        for &(u, flow) in from {
            if context.place[u].fold_to.is_some() {
                continue;
            }
            match self.slot[u] {
                Slot::Fixed(at) => floor = floor.max(at + flow),
                Slot::In(f, k) => add(f, k, flow),
                Slot::Unset => {}
            }
        }
        for (f, k) in std::mem::take(&mut self.arrival_parts[i]) {
            add(f, k, 0.0);
        }
        // Entries of factors taken since are stale: their values moved on.
        by_factor.retain(|g| self.factors[g.0].is_some());
        (floor, by_factor)
    }
}

/// The key a node's finish is held under, and the seconds added to it.
fn key_of(context: &Context, i: usize) -> (Key, f64) {
    match context.place[i].fold_to {
        Some((w, flow)) => (Key::Arrival(w), flow),
        None => (Key::Finish(i), 0.0),
    }
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
    if want == Want::Mean && context.place.iter().all(|p| p.is_cut) {
        return series_mean(context, time, repeats, marks);
    }
    let thrown_away = Outcome {
        mean: f64::NAN,
        dist: None,
    };
    let mut held = Held::new(count);
    // The banked part: means (or distributions) of the sections before the last cut.
    let mut banked = 0.0;
    let mut banked_dist = Dist::point(0.0);
    for i in 0..count {
        if precision.exhausted() {
            // Thrown away: the map is evaluated again, more coarsely.
            return thrown_away;
        }
        let v = context.nodes[i];
        let own = time(v);
        let (x_mean, x_dist) = if context.sender == Some(i) {
            (0.0, None)
        } else {
            (repeats.mean[v.index()], repeats.dist[v.index()].as_ref())
        };
        let (mut floor, by_factor) = held.arrivals(context, i, context.preds(i));
        if context.preds(i).is_empty() {
            floor = floor.max(0.0);
        }
        // Factors read for the last time reduce to the latest of their inflows;
        // the rest join the new factor with the values they keep live.
        let mut alone = Vec::new();
        let mut joint: Vec<Reading> = Vec::new();
        for (f, group) in by_factor {
            let Some(factor) = held.factors[f].take() else {
                continue;
            };
            let kept: Vec<usize> = (0..factor.keys.len())
                .filter(|&k| context.needed_after(factor.keys[k], i))
                .collect();
            if kept.is_empty() {
                alone.push(latest_of(&factor, &group, precision));
            } else {
                joint.push((factor, kept, group));
            }
        }
        let independent = (!alone.is_empty()).then(|| Dist::latest(&alone, precision));
        // The joint atoms: the kept values and the latest inflow among them.
        let mut keys: Vec<Key> = Vec::new();
        let mut atoms = Joint::certain(floor);
        for (factor, kept, group) in &joint {
            keys.extend(kept.iter().map(|&k| factor.keys[k]));
            let width = factor.keys.len();
            precision.spend(joint_cost(atoms.len() * factor.probs.len(), keys.len()));
            if precision.exhausted() {
                return thrown_away;
            }
            let mut next = Joint::with_capacity(keys.len(), atoms.len() * factor.probs.len());
            let mut joined = Vec::with_capacity(keys.len());
            for (values, start, p) in atoms.atoms() {
                for (a, q) in factor.probs.iter().enumerate() {
                    let row = &factor.values[a * width..(a + 1) * width];
                    let start = group
                        .iter()
                        .fold(start, |s, &(k, flow)| s.max(row[k] + flow));
                    joined.clear();
                    joined.extend_from_slice(values);
                    joined.extend(kept.iter().map(|&k| row[k]));
                    next.push(&joined, start, p * q);
                }
            }
            atoms = next.compact(precision);
        }
        let finish_of = |start: f64| -> Dist {
            let began = start_after(independent.as_ref(), start);
            match x_dist {
                Some(x) => began.plus(x, precision).shifted(own),
                None => began.shifted(own + x_mean),
            }
        };
        let (key, flow) = key_of(context, i);
        if context.place[i].is_cut && keys.is_empty() {
            // Everything downstream waits for this node: bank it, start afresh.
            let start = if atoms.is_empty() {
                0.0
            } else {
                atoms.atom(0).1
            };
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
            held.fix(key, flow);
            continue;
        }
        if let Some(marks) = marks.as_deref_mut() {
            let began: f64 = atoms
                .atoms()
                .map(|(_, start, p)| p * start_after(independent.as_ref(), start).mean())
                .sum();
            marks[i] = (banked + began, banked + began + own + x_mean);
        }
        if keys.is_empty() {
            // Nothing else live depends on this node's inflows: its finish is
            // a distribution of its own.
            let starts: Vec<(f64, Dist)> = atoms
                .atoms()
                .map(|(_, start, p)| (p, start_after(independent.as_ref(), start)))
                .collect();
            let began = Dist::mixture(&starts, precision);
            let finish = match x_dist {
                Some(x) => began.plus(x, precision).shifted(own + flow),
                None => began.shifted(own + x_mean + flow),
            };
            held.hold(key, finish);
            continue;
        }
        // Each joint atom gets the finishes its start allows: count them first.
        let spread = independent.as_ref().map_or(1, |d| d.atoms().len() + 1)
            * x_dist.map_or(1, |x| x.atoms().len());
        precision.spend(joint_cost(atoms.len() * spread, keys.len() + 1));
        if precision.exhausted() {
            continue;
        }
        // The finish goes into the arrival it folds into, if that is live here.
        let into = keys.iter().position(|&k| k == key);
        let width = keys.len() + usize::from(into.is_none());
        let mut rows = Joint::with_capacity(width, atoms.len() * spread);
        let mut row = Vec::with_capacity(width);
        for (values, start, p) in atoms.atoms() {
            for &(c, q) in finish_of(start).atoms() {
                let arrived = c + flow;
                row.clear();
                row.extend_from_slice(values);
                match into {
                    Some(k) => row[k] = row[k].max(arrived),
                    None => row.push(arrived),
                }
                rows.push(&row, 0.0, p * q);
            }
        }
        if into.is_none() {
            keys.push(key);
        }
        // Two factors may each hold a part of one arrival: one part now.
        let mut k = 0;
        while k < keys.len() {
            if let Some(j) = keys[..k].iter().position(|&other| other == keys[k]) {
                rows.fold_column(k, j);
                keys.remove(k);
            } else {
                k += 1;
            }
        }
        let rows = rows.compact(precision);
        // A value that is the same in every atom is fixed, a factor of its own.
        let mut varying = Vec::new();
        for (k, &key) in keys.iter().enumerate() {
            let Some(first) = rows.atoms().next().map(|r| r.0[k]) else {
                break;
            };
            if rows.atoms().all(|r| same(r.0[k], first)) {
                held.fix(key, first);
            } else {
                varying.push(k);
            }
        }
        if !varying.is_empty() {
            let mut factor = Factor {
                keys: varying.iter().map(|&k| keys[k]).collect(),
                values: Vec::with_capacity(rows.len() * varying.len()),
                probs: Vec::with_capacity(rows.len()),
            };
            for (values, _, p) in rows.atoms() {
                factor.values.extend(varying.iter().map(|&k| values[k]));
                factor.probs.push(p);
            }
            held.push(factor);
        }
    }
    // The latest finish at the ends.
    let ends: Vec<(usize, f64)> = (0..count)
        .filter(|&i| context.place[i].is_end)
        .map(|i| (i, 0.0))
        .collect();
    let (floor, by_factor) = held.arrivals(context, count, &ends);
    let parts: Vec<Dist> = by_factor
        .iter()
        .filter_map(|(f, group)| {
            held.factors[*f]
                .as_ref()
                .map(|factor| latest_of(factor, group, precision))
        })
        .collect();
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

/// The mean of a context that is one series of cuts (each node waits for
/// the one before it only): the sum of its times, the slowest flow into each
/// node and the rework each adds. Most loops are such; this needs no
/// distributions and allocates nothing.
fn series_mean(
    context: &Context,
    time: &dyn Fn(NodeIndex) -> f64,
    repeats: &Repeats,
    mut marks: Option<&mut [(f64, f64)]>,
) -> Outcome {
    let mut clock = 0.0;
    for (i, &v) in context.nodes.iter().enumerate() {
        let flow = context
            .preds(i)
            .iter()
            .map(|&(_, flow)| flow)
            .fold(0.0, f64::max);
        let rework = if context.sender == Some(i) {
            0.0
        } else {
            repeats.mean[v.index()]
        };
        let began = clock + flow;
        clock = began + time(v) + rework;
        if let Some(marks) = marks.as_deref_mut() {
            marks[i] = (began, clock);
        }
    }
    Outcome {
        mean: clock,
        dist: None,
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
    let width = factor.keys.len();
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

/// What making `atoms` joint atoms of `width` values costs, in the budget's
/// atom operations, counted before they are made: each is a vector of its
/// own, then hashed and compacted in up to seven passes. (Counted as one
/// operation each, one step of a 26-element corpus map made 2.8 million of
/// them within budget, and took 10 s.)
fn joint_cost(atoms: usize, width: usize) -> usize {
    atoms.saturating_mul(JOINT_COST * (width + 1))
}

/// Atom operations per value of a joint atom made (calibrated by time).
const JOINT_COST: usize = 4;
