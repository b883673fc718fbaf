//! Small builders so each test reads like the map it describes.
#![allow(dead_code)]

use takt::model::*;

pub fn minutes(value: f64) -> Option<Duration> {
    Some(Duration::new(value, TimeUnit::Minutes))
}

pub fn hours(value: f64) -> Option<Duration> {
    Some(Duration::new(value, TimeUnit::Hours))
}

/// A map with 8-hour days, 5-day weeks and `per_day` units of daily demand.
pub fn map(per_day: f64) -> Map {
    let mut map = Map::empty("m", "Test map", MapState::Current);
    map.demand = Demand {
        quantity: per_day,
        per: Period::Day,
    };
    map
}

pub fn add(map: &mut Map, id: &str, kind: ElementKind) {
    map.elements.push(Element {
        id: id.into(),
        name: id.to_uppercase(),
        x: 0.0,
        y: 0.0,
        notes: String::new(),
        origin: None,
        kind,
    });
}

pub fn step(process_time: Option<Duration>) -> ElementKind {
    ElementKind::Process(ProcessStep {
        process_time,
        ..ProcessStep::default()
    })
}

pub fn step_with(edit: impl FnOnce(&mut ProcessStep)) -> ElementKind {
    let mut step = ProcessStep::default();
    edit(&mut step);
    ElementKind::Process(step)
}

pub fn wait(wait: Option<Duration>) -> ElementKind {
    ElementKind::Inventory(Inventory {
        quantity: None,
        wait,
    })
}

pub fn stock(quantity: f64) -> ElementKind {
    ElementKind::Inventory(Inventory {
        quantity: Some(quantity),
        wait: None,
    })
}

pub fn connect(map: &mut Map, from: &str, to: &str, kind: FlowKind) {
    let id = format!("f{}", map.flows.len() + 1);
    map.flows.push(Flow {
        id,
        from: from.into(),
        to: to.into(),
        kind,
    });
}

/// Push flows along a chain of ids.
pub fn chain(map: &mut Map, ids: &[&str]) {
    for pair in ids.windows(2) {
        connect(map, pair[0], pair[1], FlowKind::Push);
    }
}

pub fn rework(probability: Option<f64>) -> FlowKind {
    FlowKind::Rework(Rework { probability })
}

pub fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= 1e-6 * expected.abs().max(1.0)
}

#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert!(close(actual, expected), "expected {expected}, got {actual}");
}

pub const HOUR: f64 = 3600.0;
pub const MINUTE: f64 = 60.0;
pub const DAY: f64 = 8.0 * HOUR;
