//! Synthetic maps of any size, for benchmarks and tests.
//!
//! A generated map is a supplier, `blocks` repeated blocks and a customer. Each
//! block has ten elements and twelve flows: a parallel branch that splits and
//! joins, and a rework loop, so every part of the analysis is exercised.

use super::document::{Map, MapState};
use super::element::{Element, ElementKind, Inventory, ProcessStep};
use super::flow::{Flow, FlowKind, Rework};
use super::units::{Demand, Duration, Period, TimeUnit};

/// Blocks per row of the layout, so a large map stays roughly square on screen.
const BLOCKS_PER_ROW: usize = 4;
const BLOCK_WIDTH: f64 = 1300.0;
const ROW_HEIGHT: f64 = 420.0;

/// A map of `10 * blocks + 2` elements and `12 * blocks + 1` flows.
pub fn generated_map(blocks: usize) -> Map {
    let mut builder = Builder::default();
    let mut map = current_map("generated", "Generated map", 400.0);
    builder.element(&mut map, "supplier", ElementKind::Supplier, 0.0, 0.0);
    let mut previous = "supplier".to_string();
    for block in 0..blocks {
        let x0 = (block % BLOCKS_PER_ROW) as f64 * BLOCK_WIDTH + 150.0;
        let y0 = (block / BLOCKS_PER_ROW) as f64 * ROW_HEIGHT;
        previous = builder.block(&mut map, block, &previous, x0, y0);
    }
    builder.element(
        &mut map,
        "customer",
        ElementKind::Customer,
        BLOCKS_PER_ROW as f64 * BLOCK_WIDTH + 150.0,
        0.0,
    );
    builder.flow(&mut map, &previous, "customer", FlowKind::Push);
    map
}

/// `steps` process steps in series (1 min each, ids `s00000`, `s00001`, ...)
/// and a customer, each step sending work back to the previous one with
/// probability `p`: the longest chain of rework loops a file can hold.
pub fn reworked_chain(steps: usize, p: f64) -> Map {
    let mut builder = Builder::default();
    let mut map = current_map("chain", "Reworked chain", 10.0);
    let id = |i: usize| format!("s{i:05}");
    for i in 0..steps {
        let kind = ElementKind::Process(ProcessStep {
            process_time: Some(Duration::new(1.0, TimeUnit::Minutes)),
            ..ProcessStep::default()
        });
        builder.element(
            &mut map,
            &id(i),
            kind,
            (i % 100) as f64 * 150.0,
            (i / 100) as f64 * 200.0,
        );
    }
    builder.element(&mut map, "cust", ElementKind::Customer, 0.0, -200.0);
    for i in 1..steps {
        builder.flow(&mut map, &id(i - 1), &id(i), FlowKind::Push);
        let rework = FlowKind::Rework(Rework {
            probability: Some(p),
        });
        builder.flow(&mut map, &id(i), &id(i - 1), rework);
    }
    if steps > 0 {
        builder.flow(&mut map, &id(steps - 1), "cust", FlowKind::Push);
    }
    map
}

/// One step forking into `branches` parallel branches of two steps each, the
/// second sending the first back (probability 0.1 to 0.4), joined by a last
/// step: the join waits for the slowest of many independently reworked
/// branches, the costliest expectation the analysis takes per element.
pub fn parallel_reworked_branches(branches: usize) -> Map {
    let mut builder = Builder::default();
    let mut map = current_map("branches", "Reworked branches", 10.0);
    let minutes = |value: f64| {
        ElementKind::Process(ProcessStep {
            process_time: Some(Duration::new(value, TimeUnit::Minutes)),
            ..ProcessStep::default()
        })
    };
    builder.element(&mut map, "fork", minutes(5.0), 0.0, 0.0);
    builder.element(&mut map, "join", minutes(5.0), 600.0, 0.0);
    builder.element(&mut map, "cust", ElementKind::Customer, 800.0, 0.0);
    for i in 0..branches {
        let (first, second) = (format!("b{i:03}a"), format!("b{i:03}b"));
        let y = i as f64 * 120.0;
        let (a, b) = (
            builder.next(5.0, 60.0).round(),
            builder.next(5.0, 60.0).round(),
        );
        builder.element(&mut map, &first, minutes(a), 200.0, y);
        builder.element(&mut map, &second, minutes(b), 400.0, y);
        builder.flow(&mut map, "fork", &first, FlowKind::Push);
        builder.flow(&mut map, &first, &second, FlowKind::Push);
        builder.flow(&mut map, &second, "join", FlowKind::Push);
        let probability = (builder.next(0.1, 0.4) * 100.0).round() / 100.0;
        let rework = FlowKind::Rework(Rework {
            probability: Some(probability),
        });
        builder.flow(&mut map, &second, &first, rework);
    }
    builder.flow(&mut map, "join", "cust", FlowKind::Push);
    map
}

/// An empty current-state map with `per_day` units of daily demand.
fn current_map(id: &str, name: &str, per_day: f64) -> Map {
    let mut map = Map::empty(id, name, MapState::Current);
    map.demand = Demand {
        quantity: per_day,
        per: Period::Day,
    };
    map
}

#[derive(Default)]
struct Builder {
    seed: u64,
    flows: usize,
}

impl Builder {
    /// A small deterministic pseudo-random number in `lo..hi` (no dependency, same on every run).
    fn next(&mut self, lo: f64, hi: f64) -> f64 {
        self.seed = self
            .seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let unit = (self.seed >> 11) as f64 / (1u64 << 53) as f64;
        lo + unit * (hi - lo)
    }

    fn element(&mut self, map: &mut Map, id: &str, kind: ElementKind, x: f64, y: f64) {
        map.elements.push(Element {
            id: id.to_string(),
            name: id.to_string(),
            x,
            y,
            notes: String::new(),
            origin: None,
            kind,
        });
    }

    fn step(&mut self, map: &mut Map, id: &str, x: f64, y: f64) {
        let step = ProcessStep {
            owner: format!("team {}", (self.next(0.0, 5.0)) as u32),
            process_time: Some(Duration::new(
                self.next(1.0, 30.0).round(),
                TimeUnit::Seconds,
            )),
            cycle_time: Some(Duration::new(
                self.next(30.0, 60.0).round(),
                TimeUnit::Seconds,
            )),
            pct_ca: Some(self.next(80.0, 100.0).round()),
            ..ProcessStep::default()
        };
        self.element(map, id, ElementKind::Process(step), x, y);
    }

    fn queue(&mut self, map: &mut Map, id: &str, x: f64, y: f64) {
        let inventory = Inventory {
            quantity: Some(self.next(0.0, 200.0).round()),
            wait: None,
        };
        self.element(map, id, ElementKind::Inventory(inventory), x, y);
    }

    fn flow(&mut self, map: &mut Map, from: &str, to: &str, kind: FlowKind) {
        self.flows += 1;
        map.flows.push(Flow {
            id: format!("f{}", self.flows),
            from: from.to_string(),
            to: to.to_string(),
            kind,
        });
    }

    /// Adds one block after `previous` and returns the id of its last element.
    fn block(&mut self, map: &mut Map, block: usize, previous: &str, x: f64, y: f64) -> String {
        let id = |name: &str| format!("b{block}-{name}");
        let (q1, s1, q2a, s2a, q2b, s2b, s3, q4, s4, s5) = (
            id("q1"),
            id("s1"),
            id("q2a"),
            id("s2a"),
            id("q2b"),
            id("s2b"),
            id("s3"),
            id("q4"),
            id("s4"),
            id("s5"),
        );
        self.queue(map, &q1, x, y + 120.0);
        self.step(map, &s1, x + 130.0, y + 100.0);
        self.queue(map, &q2a, x + 260.0, y + 40.0);
        self.step(map, &s2a, x + 390.0, y + 20.0);
        self.queue(map, &q2b, x + 260.0, y + 220.0);
        self.step(map, &s2b, x + 390.0, y + 200.0);
        self.step(map, &s3, x + 560.0, y + 100.0);
        self.queue(map, &q4, x + 700.0, y + 120.0);
        self.step(map, &s4, x + 830.0, y + 100.0);
        self.step(map, &s5, x + 1000.0, y + 100.0);
        for (from, to) in [
            (previous, &q1),
            (&q1, &s1),
            (&s1, &q2a),
            (&q2a, &s2a),
            (&s1, &q2b),
            (&q2b, &s2b),
            (&s2a, &s3),
            (&s2b, &s3),
            (&s3, &q4),
            (&q4, &s4),
            (&s4, &s5),
        ] {
            self.flow(map, from, to, FlowKind::Push);
        }
        let rework = FlowKind::Rework(Rework {
            probability: Some(0.1),
        });
        self.flow(map, &s4, &s3, rework);
        s5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thousand_blocks_make_ten_thousand_elements_and_twelve_thousand_flows() {
        let map = generated_map(1000);
        assert_eq!(map.elements.len(), 10_002);
        assert_eq!(map.flows.len(), 12_001);
    }
}
