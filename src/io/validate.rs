//! Checks a typed document against the rules a file must meet: unique ids, flows
//! between existing elements, values in range, and size limits. Every problem is
//! reported with its JSON path.

use std::collections::HashSet;

use super::error::LoadError;
use crate::model::{Document, Duration, ElementKind, FlowKind, Map, MapState};

/// The largest file Takt reads.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_MAPS: usize = 64;
pub const MAX_ELEMENTS: usize = 20_000;
pub const MAX_FLOWS: usize = 50_000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 10_000;
pub const MAX_ID_CHARS: usize = 64;
/// Largest time value in any unit, and largest quantity.
const MAX_AMOUNT: f64 = 1e9;
const MAX_COORDINATE: f64 = 1e7;
/// Enough errors to fix a file; more would only bury the first ones.
const MAX_REPORTED: usize = 50;

/// All problems in `document`, empty when it is valid.
pub fn validate(document: &Document) -> Vec<LoadError> {
    let mut check = Checker::default();
    check.text("$.title", &document.title, MAX_NAME_CHARS);
    for (field, value) in [
        ("author", &document.meta.author),
        ("description", &document.meta.description),
        ("created", &document.meta.created),
        ("modified", &document.meta.modified),
    ] {
        check.text(&format!("$.meta.{field}"), value, MAX_TEXT_CHARS);
    }
    if document.maps.is_empty() || document.maps.len() > MAX_MAPS {
        check.fail("$.maps", format!("a document holds 1 to {MAX_MAPS} maps, got {}", document.maps.len()));
    }
    let currents = document.maps.iter().filter(|m| m.state == MapState::Current).count();
    if currents != 1 && !document.maps.is_empty() {
        check.fail("$.maps", format!("a document holds exactly one current-state map, got {currents}"));
    }
    let mut map_ids = HashSet::new();
    for (i, map) in document.maps.iter().enumerate() {
        let path = format!("$.maps[{i}]");
        check.id(&format!("{path}.id"), &map.id);
        if !map_ids.insert(map.id.as_str()) {
            check.fail(format!("{path}.id"), format!("duplicate map id \u{201c}{}\u{201d}", map.id));
        }
        check.map(&path, map);
    }
    for (i, map) in document.maps.iter().enumerate() {
        if let Some(source) = &map.derived_from
            && !map_ids.contains(source.as_str())
        {
            check.fail(format!("$.maps[{i}].derived_from"), format!("no map has the id \u{201c}{source}\u{201d}"));
        }
    }
    check.errors.truncate(MAX_REPORTED);
    check.errors
}

#[derive(Default)]
struct Checker {
    errors: Vec<LoadError>,
}

impl Checker {
    fn fail(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.errors.push(LoadError::new(path, reason));
    }

    fn text(&mut self, path: &str, value: &str, max: usize) {
        let chars = value.chars().count();
        if chars > max {
            self.fail(path, format!("text is {chars} characters long; the limit is {max}"));
        }
    }

    fn id(&mut self, path: &str, id: &str) {
        let well_formed = !id.is_empty()
            && id.len() <= MAX_ID_CHARS
            && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !well_formed {
            self.fail(
                path,
                format!("an id is 1 to {MAX_ID_CHARS} letters, digits, '-', '_' or '.', got {id:?}"),
            );
        }
    }

    fn range(&mut self, path: &str, value: f64, min: f64, max: f64, min_inclusive: bool) {
        let above_min = if min_inclusive { value >= min } else { value > min };
        if !(value.is_finite() && above_min && value <= max) {
            let open = if min_inclusive { "from" } else { "above" };
            self.fail(path, format!("must be {open} {min} up to {max}, got {value}"));
        }
    }

    fn optional_range(&mut self, path: &str, value: Option<f64>, min: f64, max: f64, min_inclusive: bool) {
        if let Some(value) = value {
            self.range(path, value, min, max, min_inclusive);
        }
    }

    fn duration(&mut self, path: &str, value: &Option<Duration>) {
        if let Some(d) = value {
            self.range(&format!("{path}.value"), d.value, 0.0, MAX_AMOUNT, true);
        }
    }

    fn map(&mut self, path: &str, map: &Map) {
        self.text(&format!("{path}.name"), &map.name, MAX_NAME_CHARS);
        let calendar = &map.calendar;
        self.range(&format!("{path}.calendar.hours_per_day"), calendar.hours_per_day, 0.0, 24.0, false);
        self.range(&format!("{path}.calendar.days_per_week"), calendar.days_per_week, 0.0, 7.0, false);
        self.range(&format!("{path}.calendar.days_per_month"), calendar.days_per_month, 0.0, 31.0, false);
        self.range(&format!("{path}.demand.quantity"), map.demand.quantity, 0.0, MAX_AMOUNT, true);
        if map.elements.len() > MAX_ELEMENTS {
            self.fail(format!("{path}.elements"), format!("{} elements; the limit is {MAX_ELEMENTS}", map.elements.len()));
            return;
        }
        if map.flows.len() > MAX_FLOWS {
            self.fail(format!("{path}.flows"), format!("{} flows; the limit is {MAX_FLOWS}", map.flows.len()));
            return;
        }
        let mut ids = HashSet::with_capacity(map.elements.len() + map.flows.len());
        let mut kaizens = HashSet::new();
        for (i, element) in map.elements.iter().enumerate() {
            let at = format!("{path}.elements[{i}]");
            self.id(&format!("{at}.id"), &element.id);
            if !ids.insert(element.id.as_str()) {
                self.fail(format!("{at}.id"), format!("duplicate id \u{201c}{}\u{201d}", element.id));
            }
            self.text(&format!("{at}.name"), &element.name, MAX_NAME_CHARS);
            self.text(&format!("{at}.notes"), &element.notes, MAX_TEXT_CHARS);
            self.range(&format!("{at}.x"), element.x, -MAX_COORDINATE, MAX_COORDINATE, true);
            self.range(&format!("{at}.y"), element.y, -MAX_COORDINATE, MAX_COORDINATE, true);
            if let Some(origin) = &element.origin {
                self.id(&format!("{at}.origin"), origin);
            }
            self.kind(&format!("{at}.kind"), &element.kind);
            if matches!(element.kind, ElementKind::Kaizen(_)) {
                kaizens.insert(element.id.as_str());
            }
        }
        for (i, element) in map.elements.iter().enumerate() {
            if let ElementKind::Kaizen(kaizen) = &element.kind
                && let Some(target) = &kaizen.attached_to
                && !ids.contains(target.as_str())
            {
                self.fail(
                    format!("{path}.elements[{i}].kind.kaizen.attached_to"),
                    format!("no element has the id \u{201c}{target}\u{201d}"),
                );
            }
        }
        let element_ids = ids.clone();
        for (i, flow) in map.flows.iter().enumerate() {
            let at = format!("{path}.flows[{i}]");
            self.id(&format!("{at}.id"), &flow.id);
            if !ids.insert(flow.id.as_str()) {
                self.fail(format!("{at}.id"), format!("duplicate id \u{201c}{}\u{201d}", flow.id));
            }
            for (end, target) in [("from", &flow.from), ("to", &flow.to)] {
                if !element_ids.contains(target.as_str()) {
                    self.fail(format!("{at}.{end}"), format!("no element has the id \u{201c}{target}\u{201d}"));
                } else if kaizens.contains(target.as_str()) {
                    self.fail(format!("{at}.{end}"), "a flow cannot start or end at a kaizen burst");
                }
            }
            let kind = format!("{at}.kind");
            match &flow.kind {
                FlowKind::Pull(pull) => {
                    self.optional_range(&format!("{kind}.pull.supermarket_quantity"), pull.supermarket_quantity, 0.0, MAX_AMOUNT, true)
                }
                FlowKind::Fifo(fifo) => self.optional_range(&format!("{kind}.fifo.limit"), fifo.limit, 0.0, MAX_AMOUNT, true),
                FlowKind::Shipment(shipment) => {
                    self.duration(&format!("{kind}.shipment.transit"), &shipment.transit);
                    self.optional_range(&format!("{kind}.shipment.per_day"), shipment.per_day, 0.0, MAX_AMOUNT, true);
                }
                FlowKind::Rework(rework) => {
                    if let Some(p) = rework.probability
                        && !(p.is_finite() && (0.0..1.0).contains(&p))
                    {
                        self.fail(format!("{kind}.rework.probability"), format!("must be from 0 up to (not including) 1, got {p}"));
                    }
                }
                FlowKind::Push | FlowKind::ManualInfo | FlowKind::ElectronicInfo => {}
            }
        }
    }

    fn kind(&mut self, path: &str, kind: &ElementKind) {
        match kind {
            ElementKind::Process(step) => {
                let at = format!("{path}.process");
                self.text(&format!("{at}.owner"), &step.owner, MAX_NAME_CHARS);
                self.duration(&format!("{at}.process_time"), &step.process_time);
                self.duration(&format!("{at}.cycle_time"), &step.cycle_time);
                self.duration(&format!("{at}.changeover_time"), &step.changeover_time);
                self.optional_range(&format!("{at}.uptime_pct"), step.uptime_pct, 0.0, 100.0, false);
                self.optional_range(&format!("{at}.pct_ca"), step.pct_ca, 0.0, 100.0, true);
                self.optional_range(&format!("{at}.people"), step.people, 0.0, MAX_AMOUNT, true);
                self.optional_range(&format!("{at}.shifts"), step.shifts, 0.0, 24.0, true);
                self.optional_range(&format!("{at}.batch_size"), step.batch_size, 0.0, MAX_AMOUNT, false);
                self.optional_range(&format!("{at}.capacity"), step.capacity, 0.0, MAX_AMOUNT, false);
            }
            ElementKind::Inventory(inventory) => {
                let at = format!("{path}.inventory");
                self.optional_range(&format!("{at}.quantity"), inventory.quantity, 0.0, MAX_AMOUNT, true);
                self.duration(&format!("{at}.wait"), &inventory.wait);
            }
            ElementKind::Kaizen(kaizen) => {
                let at = format!("{path}.kaizen");
                self.text(&format!("{at}.owner"), &kaizen.owner, MAX_NAME_CHARS);
                self.text(&format!("{at}.target"), &kaizen.target, MAX_NAME_CHARS);
            }
            ElementKind::Supplier | ElementKind::Customer => {}
        }
    }
}
