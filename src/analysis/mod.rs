//! What a map means: takt, lead time and the critical path, process time, flow
//! efficiency, rolled %C&A, rework, utilisation and the bottleneck, inventory
//! days and warnings. Pure Rust over petgraph, no browser types.
//!
//! All times are seconds of *working* time; a day is a working day of the map's
//! calendar.

mod capacity;
pub mod compare;
mod critical_path;
mod distribution;
mod expected;
pub mod forecast;
pub mod format;
mod graph;
mod joint;
pub mod layout;
pub mod matching;
mod random;
pub mod report;
mod rework;
pub mod simulate;
mod takt;
mod times;
mod warnings;

use petgraph::graph::NodeIndex;
use serde::Serialize;

pub use capacity::StepLoad;
pub use compare::{Comparison, MetricChange, compare};
pub use times::{InventoryWait, WaitBasis};
pub use warnings::{Warning, WarningCode};

use crate::model::{ElementKind, FlowKind, Map};
use graph::{Role, StreamGraph};

/// The lean metrics of one map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Analysis {
    /// Available time per period / demand per period, in seconds; `None` without demand.
    pub takt: Option<f64>,
    /// Units demanded per working day.
    pub demand_per_day: f64,
    /// Expected lead time along the critical path, rework included.
    pub lead_time: f64,
    /// Lead time if every unit went through once (no rework).
    pub first_pass_lead_time: f64,
    /// Process time on the critical path, each step once (the value-adding time).
    pub process_time: f64,
    /// Process time of every step, each once.
    pub work_content: f64,
    /// Extra work per unit caused by rework: sum over steps of (visits - 1) x process time.
    pub rework_work: f64,
    /// Process time / lead time, 0-1.
    pub flow_efficiency: Option<f64>,
    /// Product of %C&A along the critical path, 0-1.
    pub rolled_pct_ca: Option<f64>,
    /// Element indices on the critical path, from start to end.
    pub critical_path: Vec<usize>,
    /// The timeline ladder along the critical path.
    pub timeline: Vec<Segment>,
    /// One entry per process step, in map order.
    pub steps: Vec<StepLoad>,
    /// Index into `steps` of the step with the longest effective cycle time.
    pub bottleneck: Option<usize>,
    /// Index into `timeline` of the segment that adds the most lead time.
    pub largest_contributor: Option<usize>,
    pub inventories: Vec<InventoryLevel>,
    /// Expected visits per unit of every element, indexed like `map.elements`
    /// (1 for elements rework never repeats; the customer is always 1).
    pub element_visits: Vec<f64>,
    /// Hand-offs between steps run by different owners.
    pub handoffs: usize,
    pub warnings: Vec<Warning>,
}

/// Whether a timeline segment is a wait (upper rung) or work (lower rung).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rung {
    Wait,
    Process,
}

/// One rung of the timeline ladder.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub rung: Rung,
    /// The element the time belongs to (for a flow's wait: the element it leads to).
    pub element: usize,
    /// The flow, when the wait sits on a flow (supermarket, FIFO lane, shipment).
    pub flow: Option<usize>,
    /// Expected seconds: the element's or flow's time, plus `rework`.
    pub seconds: f64,
    /// Expected seconds the element's own rework adds: the repeats of the
    /// loops it sends back to.
    pub rework: f64,
    /// Expected visits of the element per unit (1 for a flow's wait).
    pub visits: f64,
    /// A join waiting for branches that may finish later than the path's
    /// (their rework runs late in some units): the expected extra wait.
    pub joining: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InventoryLevel {
    pub element: usize,
    pub quantity: Option<f64>,
    /// Quantity / daily demand, in working days (Little's law).
    pub days: Option<f64>,
    /// The wait used in the lead time, in seconds (first pass).
    pub wait: f64,
    /// Expected visits per unit (1 without rework).
    pub visits: f64,
    /// How the wait was found.
    pub how: InventoryWait,
}

impl Analysis {
    pub fn total_wait(&self) -> f64 {
        self.rung_total(Rung::Wait)
    }

    pub fn total_process(&self) -> f64 {
        self.rung_total(Rung::Process)
    }

    fn rung_total(&self, rung: Rung) -> f64 {
        self.timeline
            .iter()
            .filter(|s| s.rung == rung)
            .map(|s| s.seconds)
            .sum()
    }

    /// Lead time added by rework: expected lead time minus first-pass lead time.
    pub fn rework_lead_time(&self) -> f64 {
        (self.lead_time - self.first_pass_lead_time).max(0.0)
    }
}

/// Analyses one map. Never panics, whatever the map holds, and nothing in the
/// result depends on the order of elements or flows in the map.
pub fn analyze(map: &Map) -> Analysis {
    let stream = StreamGraph::build(map);
    let mut warnings = Vec::new();
    let times = times::first_pass_times(&stream);
    let probability = rework_probabilities(&stream);
    let visits = rework::expected_visits(&stream, &probability);

    let ends = path_ends(&stream, &mut warnings);
    let first_pass =
        critical_path::longest_path(&stream, &times.node, |e| times.edge[e.index()], &ends);
    let expected = expected::expected_lead_time(&stream, &times, &probability, &visits, &ends);
    let path = critical_path::expected_path(&stream, &expected.finish, &times.edge, &ends);
    let lead_time = path.as_ref().map_or(0.0, |_| expected.lead_time);

    // The ladder along the path: each element's time and the time its own
    // rework adds, each flow's wait, and where a join waits for branches whose
    // rework may run late: together, the expected lead time.
    let mut timeline = Vec::new();
    let mut critical_path = Vec::new();
    let mut process_time = 0.0;
    let mut rolled = None::<f64>;
    if let Some(path) = &path {
        let tolerance = 1e-9 * lead_time.max(1.0);
        let wait = |timeline: &mut Vec<Segment>, element, flow, seconds: f64, joining| {
            if seconds > tolerance {
                timeline.push(Segment {
                    rung: Rung::Wait,
                    element,
                    flow,
                    seconds,
                    rework: 0.0,
                    visits: 1.0,
                    joining,
                });
            }
        };
        let mut arrived = 0.0;
        for (&v, entering) in path.nodes.iter().zip(&path.entering) {
            let element = stream.element_index(v);
            critical_path.push(element);
            if let Some(edge) = *entering {
                let flow_wait = times.edge[edge.index()];
                wait(
                    &mut timeline,
                    element,
                    Some(stream.link(edge).flow),
                    flow_wait,
                    false,
                );
                arrived += flow_wait;
            }
            wait(
                &mut timeline,
                element,
                None,
                expected.start[v.index()] - arrived,
                true,
            );
            let rung = match &map.elements[element].kind {
                ElementKind::Inventory(_) => Some(Rung::Wait),
                ElementKind::Process(step) => {
                    process_time += times.node[v.index()];
                    rolled = Some(rolled.unwrap_or(1.0) * step.pct_ca_fraction().clamp(0.0, 1.0));
                    Some(Rung::Process)
                }
                _ => None,
            };
            let rework = expected.rework[v.index()];
            if let Some(rung) = rung {
                timeline.push(Segment {
                    rung,
                    element,
                    flow: None,
                    seconds: times.node[v.index()] + rework,
                    rework,
                    visits: visits.of_node(v),
                    joining: false,
                });
            }
            arrived = expected.finish[v.index()];
        }
        // With several ends, the latest of them is later than any one's mean.
        if let Some(&end) = path.nodes.last() {
            wait(
                &mut timeline,
                stream.element_index(end),
                None,
                lead_time - arrived,
                true,
            );
        }
    }
    let largest_contributor = (0..timeline.len()).reduce(|a, b| {
        if timeline[b].seconds > timeline[a].seconds {
            b
        } else {
            a
        }
    });

    let demand_rate = takt::demand_per_second(map);
    let mut steps = Vec::new();
    let mut work_content = 0.0;
    let mut rework_work = 0.0;
    let mut inventories = Vec::new();
    let per_day = map.demand.per_day(&map.calendar);
    for (index, element) in map.elements.iter().enumerate() {
        let Some(v) = stream.node_of_element[index] else {
            continue;
        };
        if !stream.on_stream[v.index()] {
            continue;
        }
        match &element.kind {
            ElementKind::Process(step) => {
                let touch = times.node[v.index()];
                work_content += touch;
                rework_work += (visits.of_node(v) - 1.0).max(0.0) * touch;
                steps.push(capacity::step_load(
                    map,
                    index,
                    step,
                    visits.of_node(v),
                    demand_rate,
                ));
            }
            ElementKind::Inventory(inventory) => {
                if let Some(how) = times.inventory[v.index()] {
                    inventories.push(InventoryLevel {
                        element: index,
                        quantity: inventory.quantity,
                        days: inventory
                            .quantity
                            .filter(|_| per_day > 0.0)
                            .map(|q| q / per_day),
                        wait: times.node[v.index()],
                        visits: visits.of_node(v),
                        how,
                    });
                }
            }
            _ => {}
        }
    }

    let mut element_visits = vec![1.0; map.elements.len()];
    for v in stream.graph.node_indices() {
        element_visits[stream.element_index(v)] = visits.of_node(v);
    }
    collect_warnings(
        &stream,
        &times,
        &visits,
        &probability,
        &steps,
        &mut warnings,
    );
    Analysis {
        takt: takt::takt_seconds(map),
        demand_per_day: per_day,
        lead_time,
        first_pass_lead_time: first_pass.map_or(0.0, |p| p.length),
        process_time,
        work_content,
        rework_work,
        flow_efficiency: (lead_time > 0.0).then(|| process_time / lead_time),
        rolled_pct_ca: rolled,
        critical_path,
        timeline,
        bottleneck: capacity::bottleneck(&steps, map),
        steps,
        largest_contributor,
        inventories,
        element_visits,
        handoffs: count_handoffs(&stream),
        warnings,
    }
}

/// Where the lead time may end: a customer that material flows into; without
/// one, any element of the stream (the longest path wins), with a warning.
fn path_ends(stream: &StreamGraph, warnings: &mut Vec<Warning>) -> Vec<NodeIndex> {
    let map = stream.map;
    let is_customer = |v: NodeIndex| {
        matches!(
            map.elements[stream.element_index(v)].kind,
            ElementKind::Customer
        )
    };
    let reached: Vec<NodeIndex> = stream
        .order
        .iter()
        .copied()
        .filter(|&v| is_customer(v) && stream.forward_in(v).next().is_some())
        .collect();
    if !reached.is_empty() {
        return reached;
    }
    if let Some(&customer) = stream.order.iter().find(|&&v| is_customer(v)) {
        warnings.push(Warning::about(
            WarningCode::CustomerUnreached,
            &map.elements[stream.element_index(customer)],
            "no material flow leads here, so the lead time ends at the last element of the longest path",
        ));
    }
    stream
        .order
        .iter()
        .copied()
        .filter(|v| stream.on_stream[v.index()])
        .collect()
}

/// The probability of each rework edge: explicit, or 1 - %C&A of the step that sends it.
fn rework_probabilities(stream: &StreamGraph) -> Vec<f64> {
    let map = stream.map;
    let mut probability = vec![0.0; stream.graph.edge_count()];
    for repeated in &stream.loops {
        let sender = &map.elements[stream.element_index(repeated.source)];
        let p = match &map.flows[stream.link(repeated.edge).flow].kind {
            FlowKind::Rework(rework) => rework.probability_from(Some(&sender.kind)),
            _ => 0.0,
        };
        probability[repeated.edge.index()] = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
    }
    probability
}

fn collect_warnings(
    stream: &StreamGraph,
    times: &times::Times,
    visits: &rework::Visits,
    probability: &[f64],
    steps: &[StepLoad],
    warnings: &mut Vec<Warning>,
) {
    let map = stream.map;
    let element_of = |v: NodeIndex| &map.elements[stream.element_index(v)];
    if map.demand.quantity <= 0.0 {
        let customer = map
            .elements
            .iter()
            .find(|e| matches!(e.kind, ElementKind::Customer));
        let detail =
            "no customer demand: takt, utilisation and waits from quantities cannot be computed";
        warnings.push(match customer {
            Some(c) => Warning::about(WarningCode::ZeroDemand, c, detail),
            None => Warning::map(WarningCode::ZeroDemand, detail),
        });
    }
    if !map.elements.is_empty()
        && !map
            .elements
            .iter()
            .any(|e| matches!(e.kind, ElementKind::Customer))
    {
        warnings.push(Warning::map(
            WarningCode::NoCustomer,
            "no customer: the lead time ends at the last element of the longest path",
        ));
    }
    for (index, element) in map.elements.iter().enumerate() {
        match (&element.kind, stream.node_of_element[index]) {
            (ElementKind::Kaizen(kaizen), _)
                if kaizen
                    .attached_to
                    .as_deref()
                    .and_then(|id| map.element(id))
                    .is_none() =>
            {
                warnings.push(Warning::about(
                    WarningCode::KaizenUnattached,
                    element,
                    "not attached to an element",
                ));
            }
            (_, Some(v))
                if stream.on_stream[v.index()]
                    && stream.graph.neighbors_undirected(v).next().is_none() =>
            {
                warnings.push(Warning::about(
                    WarningCode::Unconnected,
                    element,
                    "not connected to the value stream",
                ));
            }
            _ => {}
        }
        if let ElementKind::Process(step) = &element.kind
            && let Some(pct) = step.pct_ca
            && !(0.0..=100.0).contains(&pct)
        {
            warnings.push(Warning::about(
                WarningCode::PctCaOutOfRange,
                element,
                &format!("%C&A must be between 0 and 100, got {pct}"),
            ));
        }
    }
    for &v in &times.missing {
        let element = element_of(v);
        let detail = match element.kind {
            ElementKind::Process(_) => "no process or cycle time; counted as 0",
            _ => "no wait, and no quantity with customer demand to convert; counted as 0",
        };
        warnings.push(Warning::about(WarningCode::MissingTime, element, detail));
    }
    for edge in stream.graph.edge_indices() {
        let (from, to) = stream.endpoints(edge);
        let (code, detail) = match stream.link(edge).role {
            Role::Cyclic => (
                WarningCode::UnmarkedCycle,
                "closes a loop; mark it as rework",
            ),
            Role::Stray => (
                WarningCode::ReworkNotALoop,
                "is marked as rework but does not lead back here; ignored",
            ),
            Role::FromCustomer => (
                WarningCode::ReworkNotALoop,
                "is rework out of the customer, where the unit has already left; ignored",
            ),
            _ => continue,
        };
        let detail = format!(
            "the flow to \u{201c}{}\u{201d} {detail}",
            element_of(to).name
        );
        warnings.push(Warning::about(code, element_of(from), &detail));
    }
    for &sender in &visits.endless {
        let total: f64 = stream
            .loops
            .iter()
            .filter(|l| l.source == sender)
            .map(|l| probability[l.edge.index()])
            .sum();
        let detail = format!(
            "rework out of it is taken {} of the time, so the unit would practically never leave; its rework loops are left out of the figures",
            format::percent(total)
        );
        warnings.push(Warning::about(
            WarningCode::EndlessRework,
            element_of(sender),
            &detail,
        ));
    }
    for load in steps {
        let element = &map.elements[load.element];
        if load.over_takt() {
            let utilisation = load.utilisation.unwrap_or_default();
            let detail = format!(
                "utilisation {}: cannot keep pace with takt",
                format::percent(utilisation)
            );
            warnings.push(Warning::about(WarningCode::OverTakt, element, &detail));
        }
        if load.changeover_not_charged {
            warnings.push(Warning::about(
                WarningCode::ChangeoverNotCharged,
                element,
                "changeover time without a batch size or EPE is not charged to the units; give one of them",
            ));
        }
    }
}

/// Hand-offs: pairs of steps joined by forward flows (through inventories only)
/// whose owners differ.
fn count_handoffs(stream: &StreamGraph) -> usize {
    let map = stream.map;
    let owner = |v: NodeIndex| match &map.elements[stream.element_index(v)].kind {
        ElementKind::Process(step) => Some(step.owner.as_str()),
        _ => None,
    };
    let successors = |v: NodeIndex| stream.forward_out(v).map(move |e| stream.endpoints(e).1);
    // `seen_from[v] == start` marks v as seen in the walk from `start`, without a set per walk.
    let mut seen_from = vec![usize::MAX; stream.graph.node_count()];
    let mut stack = Vec::new();
    let mut count = 0;
    for start in stream.graph.node_indices() {
        let Some(start_owner) = owner(start) else {
            continue;
        };
        stack.extend(successors(start));
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut seen_from[v.index()], start.index()) == start.index() {
                continue;
            }
            match (owner(v), &map.elements[stream.element_index(v)].kind) {
                (Some(next_owner), _) => count += usize::from(next_owner != start_owner),
                (None, ElementKind::Inventory(_)) => stack.extend(successors(v)),
                _ => {}
            }
        }
    }
    count
}
