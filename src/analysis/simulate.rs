//! The lead-time forecast: a Monte Carlo simulation of one unit's way through
//! the map, on the same flow model as the analysis (see `rework`).
//!
//! Each run draws every duration from its spread (a time without one is
//! fixed), waits at a join for its slowest branch, and takes each rework flow
//! with its probability each time its sender finishes, drawing fresh times for
//! everything the rework repeats. A run records its lead time and the steps
//! that set it (its critical path). Seeded: the same seed gives the same
//! forecast, natively and in the browser. Runs are taken in batches, so the
//! browser can spread a forecast over several frames.

use petgraph::graph::NodeIndex;

use super::graph::{Role, StreamGraph};
use super::random::{Draw, Rng};
use super::times::{WaitBasis, first_pass_times};
use super::{path_ends, rework_probabilities};
use crate::model::order::sorted_indices;
use crate::model::{ElementKind, FlowKind, Map, QUANTILES};

/// A run that has evaluated this many steps is stopped and left out: only a
/// rework probability a hair below 1 gets there.
const MAX_STEPS_PER_RUN: usize = 2_000_000;
/// Bars of the histogram.
pub const BINS: usize = 24;

/// What a forecast found, in seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// Runs that finished (and count in every figure).
    pub runs: usize,
    pub seed: u64,
    pub mean: f64,
    /// The runs' standard deviation: the mean's standard error is this / sqrt(runs).
    pub standard_deviation: f64,
    pub p50: f64,
    pub p85: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// p0, p5, ..., p100: the lead time this share of runs reach, in steps of 5%.
    pub quantiles: Vec<f64>,
    pub histogram: Histogram,
    /// Each process step of the stream, by element index, and the share of runs
    /// in which it was on the critical path.
    pub criticality: Vec<(usize, f64)>,
    /// Durations of the stream that carry a spread.
    pub varied: usize,
    /// Runs stopped at `MAX_STEPS_PER_RUN` and left out.
    pub stopped: usize,
}

/// Counts of lead times in equal bins from `start`, each `width` wide.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u32>,
}

/// How the time at a join or a target was reached.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reached {
    /// It is a start: nothing comes before it.
    Start,
    /// Last through this in-edge slot.
    Edge(u32),
    /// Sent back by rework from this node.
    Rework(u32),
}

/// Forward edges into a node, in the order that breaks ties (the analysis's).
struct InEdge {
    from: u32,
    draw: Draw,
}

struct LoopPlan {
    /// What runs again, in topological order: the rework's target first, its sender last.
    nodes: Vec<u32>,
    /// The same nodes sorted, to ask whether a node is one of them.
    sorted: Vec<u32>,
    probability: f64,
}

/// The map, reduced to what a run needs; it owns everything, so a simulation
/// can outlive the borrow of the map (the browser runs it across frames).
struct Plan {
    order: Vec<u32>,
    node_draw: Vec<Draw>,
    /// A FIFO lane's limit caps an inventory's wait (infinite when none).
    node_cap: Vec<f64>,
    in_start: Vec<u32>,
    in_edges: Vec<InEdge>,
    /// Loops sent back by each node: a range of `loops`.
    sends: Vec<(u32, u32)>,
    loops: Vec<LoopPlan>,
    ends: Vec<u32>,
    end_ids: Vec<Box<str>>,
    element: Vec<usize>,
    is_step: Vec<bool>,
    varied: usize,
}

impl Plan {
    fn new(map: &Map) -> Plan {
        let stream = StreamGraph::build(map);
        let calendar = &map.calendar;
        let times = first_pass_times(&stream);
        let n = stream.graph.node_count();
        let mut varied = 0;
        let mut node_draw = Vec::with_capacity(n);
        let mut node_cap = Vec::with_capacity(n);
        for v in stream.graph.node_indices() {
            let element = &map.elements[stream.element_index(v)];
            let point = Draw::Fixed(times.node[v.index()]);
            let (draw, cap) = match &element.kind {
                ElementKind::Process(step) => (
                    step.process_time
                        .as_ref()
                        .or(step.cycle_time.as_ref())
                        .map_or(point, |d| Draw::of(d, calendar)),
                    f64::INFINITY,
                ),
                ElementKind::Inventory(inventory) => match times.inventory[v.index()] {
                    Some(how) if how.basis == WaitBasis::Measured => (
                        inventory
                            .wait
                            .as_ref()
                            .map_or(point, |d| Draw::of(d, calendar)),
                        how.capped_by_fifo.unwrap_or(f64::INFINITY),
                    ),
                    _ => (point, f64::INFINITY),
                },
                _ => (point, f64::INFINITY),
            };
            if !draw.is_fixed() && stream.on_stream[v.index()] {
                varied += 1;
            }
            node_draw.push(draw);
            node_cap.push(cap);
        }
        let mut in_start = Vec::with_capacity(n + 1);
        let mut in_edges = Vec::with_capacity(stream.graph.edge_count());
        for v in stream.graph.node_indices() {
            in_start.push(in_edges.len() as u32);
            // Ties go to the first by key, as in the analysis: in-degrees are
            // small, so the edges are put in order by insertion.
            let mut edges: Vec<_> = Vec::new();
            for e in stream.forward_in(v) {
                let at = edges
                    .iter()
                    .position(|&held| stream.edge_key(e) < stream.edge_key(held))
                    .unwrap_or(edges.len());
                edges.insert(at, e);
            }
            for e in edges {
                let (from, _) = stream.endpoints(e);
                let draw = match &map.flows[stream.link(e).flow].kind {
                    FlowKind::Shipment(shipment) => shipment
                        .transit
                        .as_ref()
                        .map_or(Draw::Fixed(times.edge[e.index()]), |d| {
                            Draw::of(d, calendar)
                        }),
                    _ => Draw::Fixed(times.edge[e.index()]),
                };
                if !draw.is_fixed() {
                    varied += 1;
                }
                in_edges.push(InEdge {
                    from: from.index() as u32,
                    draw,
                });
            }
        }
        in_start.push(in_edges.len() as u32);

        // Loops grouped by sender; a sender that never lets the unit go (the
        // loader refuses it) is left out, as in the analysis.
        let probability = rework_probabilities(&stream);
        let mut by_sender: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (l, repeated) in stream.loops.iter().enumerate() {
            if stream.link(repeated.edge).role == Role::Rework {
                by_sender[repeated.source.index()].push(l);
            }
        }
        let mut sends = vec![(0, 0); n];
        let mut loops = Vec::new();
        for (sender, group) in by_sender.iter().enumerate() {
            let total: f64 = group
                .iter()
                .map(|&l| probability[stream.loops[l].edge.index()])
                .sum();
            if group.is_empty() || total.is_nan() || total >= 1.0 {
                continue;
            }
            let first = loops.len() as u32;
            for &l in group {
                let repeated = &stream.loops[l];
                let members = stream.members(repeated);
                // One shared sort (the wasm carries one): by position, and by index.
                let by = |key: &dyn Fn(NodeIndex) -> f64| -> Vec<u32> {
                    let keys: Vec<(f64, f64)> = members.iter().map(|&m| (key(m), 0.0)).collect();
                    sorted_indices(&keys)
                        .into_iter()
                        .map(|i| members[i].index() as u32)
                        .collect()
                };
                let nodes = by(&|m| stream.position[m.index()] as f64);
                let sorted = by(&|m| m.index() as f64);
                loops.push(LoopPlan {
                    nodes,
                    sorted,
                    probability: probability[repeated.edge.index()],
                });
            }
            sends[sender] = (first, loops.len() as u32);
        }
        // The end a run's lead time is read at: the latest, ties to the first by id.
        let ends: Vec<u32> = path_ends(&stream, &mut Vec::new())
            .into_iter()
            .map(|v| v.index() as u32)
            .collect();
        let end_ids = ends
            .iter()
            .map(|&v| stream.node_id(NodeIndex::new(v as usize)).into())
            .collect();
        let element: Vec<usize> = stream
            .graph
            .node_indices()
            .map(|v| stream.element_index(v))
            .collect();
        let is_step = stream
            .graph
            .node_indices()
            .map(|v| {
                stream.on_stream[v.index()]
                    && matches!(
                        map.elements[stream.element_index(v)].kind,
                        ElementKind::Process(_)
                    )
            })
            .collect();
        Plan {
            order: stream.order.iter().map(|v| v.index() as u32).collect(),
            node_draw,
            node_cap,
            in_start,
            in_edges,
            sends,
            loops,
            ends,
            end_ids,
            element,
            is_step,
            varied,
        }
    }
}

/// What runs: the whole stream in order, or one loop again after rework.
#[derive(Clone, Copy)]
struct Frame {
    /// `None` for the whole stream, else the loop's index.
    repeat: Option<u32>,
    next: usize,
    /// When the rework sent the unit back, and from where.
    sent_at: f64,
    sender: u32,
    /// Where this loop's saved finishes start in `saves`.
    saved: usize,
}

/// A forecast in progress: `run` adds runs, `forecast` says what they show.
pub struct Simulation {
    plan: Plan,
    seed: u64,
    rng: Rng,
    lead_times: Vec<f64>,
    critical_runs: Vec<u32>,
    stopped: usize,
    // Scratch of one run, kept to avoid allocating per run.
    finish: Vec<f64>,
    arrived: Vec<f64>,
    first: Vec<Reached>,
    last: Vec<Reached>,
    seen: Vec<u32>,
    counted: Vec<u32>,
    frames: Vec<Frame>,
    /// Finishes (and how they were reached) of the elements a running loop
    /// redoes, as they were before it: once it is done, what comes after sees
    /// them as before, for a loop's redone work goes only along its own flows.
    saves: Vec<(u32, f64, Reached)>,
}

impl Simulation {
    pub fn new(map: &Map, seed: u64) -> Simulation {
        let plan = Plan::new(map);
        let n = plan.node_draw.len();
        let edges = plan.in_edges.len();
        Simulation {
            plan,
            seed,
            rng: Rng::new(seed),
            lead_times: Vec::new(),
            critical_runs: vec![0; n],
            stopped: 0,
            finish: vec![0.0; n],
            arrived: vec![0.0; edges],
            first: vec![Reached::Start; n],
            last: vec![Reached::Start; n],
            seen: vec![0; n],
            counted: vec![0; n],
            frames: Vec::new(),
            saves: Vec::new(),
        }
    }

    /// Runs taken so far, finished or stopped.
    pub fn runs(&self) -> usize {
        self.lead_times.len() + self.stopped
    }

    /// Takes `runs` more runs.
    pub fn run(&mut self, runs: usize) {
        for _ in 0..runs {
            let mark = self.runs() as u32 + 1;
            match self.one_run(mark) {
                Some(lead_time) => self.lead_times.push(lead_time),
                None => self.stopped += 1,
            }
        }
    }

    /// One unit's way through the map: its lead time, or `None` if it was stopped.
    fn one_run(&mut self, mark: u32) -> Option<f64> {
        let plan = &self.plan;
        let rng = &mut self.rng;
        self.frames.clear();
        self.saves.clear();
        self.frames.push(Frame {
            repeat: None,
            next: 0,
            sent_at: 0.0,
            sender: 0,
            saved: 0,
        });
        let mut steps = 0usize;
        while let Some(frame) = self.frames.last_mut() {
            let nodes = match frame.repeat {
                None => &plan.order,
                Some(l) => &plan.loops[l as usize].nodes,
            };
            let Some(&v) = nodes.get(frame.next) else {
                let saved = frame.saved;
                self.frames.pop();
                while self.saves.len() > saved {
                    if let Some((w, finish, reached)) = self.saves.pop() {
                        self.finish[w as usize] = finish;
                        self.last[w as usize] = reached;
                    }
                }
                continue;
            };
            let is_target = frame.repeat.is_some() && frame.next == 0;
            frame.next += 1;
            let frame = *frame;
            let (mut start, mut reached) = if is_target {
                (frame.sent_at, Reached::Rework(frame.sender))
            } else {
                (0.0, Reached::Start)
            };
            let mut started = is_target;
            let v = v as usize;
            for slot in plan.in_start[v] as usize..plan.in_start[v + 1] as usize {
                let edge = &plan.in_edges[slot];
                // A loop runs on its own flows: what arrives from outside it
                // came long before and holds nothing up.
                if let Some(l) = frame.repeat
                    && plan.loops[l as usize]
                        .sorted
                        .binary_search(&edge.from)
                        .is_err()
                {
                    continue;
                }
                self.arrived[slot] = self.finish[edge.from as usize] + edge.draw.sample(rng);
                if !started || self.arrived[slot] > start {
                    start = self.arrived[slot];
                    reached = Reached::Edge(slot as u32);
                    started = true;
                }
            }
            self.finish[v] = start + plan.node_draw[v].sample(rng).min(plan.node_cap[v]);
            if self.seen[v] != mark {
                self.seen[v] = mark;
                self.first[v] = reached;
            }
            self.last[v] = reached;
            steps += 1;
            if steps > MAX_STEPS_PER_RUN {
                return None;
            }
            let (from, to) = plan.sends[v];
            if from < to {
                let draw = rng.uniform();
                let mut cumulative = 0.0;
                let taken = (from..to).find(|&l| {
                    cumulative += plan.loops[l as usize].probability;
                    draw < cumulative
                });
                if let Some(l) = taken {
                    // The sender ends its own loop: a repeat replaces the finished
                    // loop rather than nesting in it, so a long streak of rework
                    // needs no more frames than one.
                    let top = self.frames.last_mut().filter(|f| {
                        f.repeat
                            .is_some_and(|r| f.next == plan.loops[r as usize].nodes.len())
                    });
                    let saved = top.as_ref().map_or(self.saves.len(), |f| f.saved);
                    let again = Frame {
                        repeat: Some(l),
                        next: 0,
                        sent_at: self.finish[v],
                        sender: v as u32,
                        saved,
                    };
                    match top {
                        Some(top) => *top = again,
                        None => self.frames.push(again),
                    }
                    for &w in &plan.loops[l as usize].nodes {
                        if w as usize != v {
                            self.saves
                                .push((w, self.finish[w as usize], self.last[w as usize]));
                        }
                    }
                }
            }
        }
        let mut end = 0;
        for (i, &e) in plan.ends.iter().enumerate().skip(1) {
            let (this, best) = (
                self.finish[e as usize],
                self.finish[plan.ends[end] as usize],
            );
            if this > best || (this == best && plan.end_ids[i] < plan.end_ids[end]) {
                end = i;
            }
        }
        let end = *plan.ends.get(end)? as usize;
        self.mark_critical(end, mark);
        Some(self.finish[end])
    }

    /// Counts the steps that set this run's lead time: back from the end along
    /// the latest arrivals; where rework sent the unit back, on from its sender
    /// along the first pass. Each step once per run.
    fn mark_critical(&mut self, end: usize, mark: u32) {
        let mut v = end;
        let mut first_pass = false;
        loop {
            if self.plan.is_step[v] && self.counted[v] != mark {
                self.counted[v] = mark;
                self.critical_runs[v] += 1;
            }
            let reached = if first_pass {
                self.first[v]
            } else {
                self.last[v]
            };
            match reached {
                Reached::Start => break,
                Reached::Edge(slot) => v = self.plan.in_edges[slot as usize].from as usize,
                Reached::Rework(sender) => {
                    v = sender as usize;
                    first_pass = true;
                }
            }
        }
    }

    /// What the runs so far show; `None` before any run has finished.
    pub fn forecast(&self) -> Option<Forecast> {
        let runs = self.lead_times.len();
        if runs == 0 {
            return None;
        }
        let mean = self.lead_times.iter().sum::<f64>() / runs as f64;
        let keys: Vec<(f64, f64)> = self.lead_times.iter().map(|&t| (t, 0.0)).collect();
        let sorted: Vec<f64> = sorted_indices(&keys)
            .into_iter()
            .map(|i| self.lead_times[i])
            .collect();
        // Nearest rank: the smallest time at least this share of runs reach.
        let quantile = |q: f64| sorted[((q * runs as f64).ceil() as usize).clamp(1, runs) - 1];
        let (min, max) = (sorted[0], sorted[runs - 1]);
        let width = if max > min {
            (max - min) / BINS as f64
        } else {
            1.0
        };
        let mut counts = vec![0u32; if max > min { BINS } else { 1 }];
        for &t in &sorted {
            let bin = (((t - min) / width) as usize).min(counts.len() - 1);
            counts[bin] += 1;
        }
        let criticality = (0..self.plan.element.len())
            .filter(|&v| self.plan.is_step[v])
            .map(|v| {
                (
                    self.plan.element[v],
                    f64::from(self.critical_runs[v]) / runs as f64,
                )
            })
            .collect();
        Some(Forecast {
            runs,
            seed: self.seed,
            mean,
            standard_deviation: (self
                .lead_times
                .iter()
                .map(|t| (t - mean).powi(2))
                .sum::<f64>()
                / runs as f64)
                .sqrt(),
            p50: quantile(0.50),
            p85: quantile(0.85),
            p95: quantile(0.95),
            min,
            max,
            quantiles: (0..QUANTILES).map(|k| quantile(k as f64 / 20.0)).collect(),
            histogram: Histogram {
                start: min,
                width,
                counts,
            },
            criticality,
            varied: self.plan.varied,
            stopped: self.stopped,
        })
    }
}

/// `runs` runs of `map` from `seed`, all at once.
pub fn simulate(map: &Map, runs: usize, seed: u64) -> Option<Forecast> {
    let mut simulation = Simulation::new(map, seed);
    simulation.run(runs);
    simulation.forecast()
}
