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
    check.text(|| "$.title".into(), &document.title, MAX_NAME_CHARS);
    for (field, value) in [
        ("author", &document.meta.author),
        ("description", &document.meta.description),
        ("created", &document.meta.created),
        ("modified", &document.meta.modified),
    ] {
        check.text(|| format!("$.meta.{field}"), value, MAX_TEXT_CHARS);
    }
    if document.maps.is_empty() || document.maps.len() > MAX_MAPS {
        check.fail(
            "$.maps",
            format!(
                "a document holds 1 to {MAX_MAPS} maps, got {}",
                document.maps.len()
            ),
        );
    }
    let currents = document
        .maps
        .iter()
        .filter(|m| m.state == MapState::Current)
        .count();
    if currents != 1 && !document.maps.is_empty() {
        check.fail(
            "$.maps",
            format!("a document holds exactly one current-state map, got {currents}"),
        );
    }
    let mut map_ids = HashSet::new();
    for (i, map) in document.maps.iter().enumerate() {
        let path = format!("$.maps[{i}]");
        check.id(|| format!("{path}.id"), &map.id);
        if !map_ids.insert(map.id.as_str()) {
            check.fail(
                format!("{path}.id"),
                format!("duplicate map id \u{201c}{}\u{201d}", map.id),
            );
        }
        check.map(&path, map);
    }
    for (i, map) in document.maps.iter().enumerate() {
        if let Some(source) = &map.derived_from
            && !map_ids.contains(source.as_str())
        {
            check.fail(
                format!("$.maps[{i}].derived_from"),
                format!("no map has the id \u{201c}{source}\u{201d}"),
            );
        }
    }
    check.errors.truncate(MAX_REPORTED);
    check.errors
}

/// Collects errors. Paths are passed as closures so a valid file, the common
/// case, never pays for formatting them.
#[derive(Default)]
struct Checker {
    errors: Vec<LoadError>,
}

impl Checker {
    fn fail(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.errors.push(LoadError::new(path, reason));
    }

    fn text(&mut self, path: impl Fn() -> String, value: &str, max: usize) {
        // Bytes bound characters from above: count characters only when it matters.
        if value.len() > max {
            let chars = value.chars().count();
            if chars > max {
                self.fail(
                    path(),
                    format!("text is {chars} characters long; the limit is {max}"),
                );
            }
        }
    }

    fn id(&mut self, path: impl Fn() -> String, id: &str) {
        let well_formed = !id.is_empty()
            && id.len() <= MAX_ID_CHARS
            && id
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
        if !well_formed {
            self.fail(
                path(),
                format!(
                    "an id is 1 to {MAX_ID_CHARS} letters, digits, '-', '_' or '.', got {id:?}"
                ),
            );
        }
    }

    fn range(
        &mut self,
        path: impl Fn() -> String,
        value: f64,
        min: f64,
        max: f64,
        min_inclusive: bool,
    ) {
        let above_min = if min_inclusive {
            value >= min
        } else {
            value > min
        };
        if !(value.is_finite() && above_min && value <= max) {
            let open = if min_inclusive { "from" } else { "above" };
            self.fail(
                path(),
                format!("must be {open} {min} up to {max}, got {value}"),
            );
        }
    }

    fn optional_range(
        &mut self,
        path: impl Fn() -> String,
        value: Option<f64>,
        min: f64,
        max: f64,
        min_inclusive: bool,
    ) {
        if let Some(value) = value {
            self.range(path, value, min, max, min_inclusive);
        }
    }

    fn duration(&mut self, path: impl Fn() -> String, value: &Option<Duration>) {
        if let Some(d) = value {
            self.range(
                || format!("{}.value", path()),
                d.value,
                0.0,
                MAX_AMOUNT,
                true,
            );
        }
    }

    fn map(&mut self, path: &str, map: &Map) {
        self.text(|| format!("{path}.name"), &map.name, MAX_NAME_CHARS);
        let calendar = &map.calendar;
        self.range(
            || format!("{path}.calendar.hours_per_day"),
            calendar.hours_per_day,
            0.0,
            24.0,
            false,
        );
        self.range(
            || format!("{path}.calendar.days_per_week"),
            calendar.days_per_week,
            0.0,
            7.0,
            false,
        );
        self.range(
            || format!("{path}.calendar.days_per_month"),
            calendar.days_per_month,
            0.0,
            31.0,
            false,
        );
        self.range(
            || format!("{path}.demand.quantity"),
            map.demand.quantity,
            0.0,
            MAX_AMOUNT,
            true,
        );
        if map.elements.len() > MAX_ELEMENTS {
            self.fail(
                format!("{path}.elements"),
                format!(
                    "{} elements; the limit is {MAX_ELEMENTS}",
                    map.elements.len()
                ),
            );
            return;
        }
        if map.flows.len() > MAX_FLOWS {
            self.fail(
                format!("{path}.flows"),
                format!("{} flows; the limit is {MAX_FLOWS}", map.flows.len()),
            );
            return;
        }
        let mut ids = HashSet::with_capacity(map.elements.len() + map.flows.len());
        let mut kaizens = HashSet::new();
        for (i, element) in map.elements.iter().enumerate() {
            let at = || format!("{path}.elements[{i}]");
            self.id(|| format!("{}.id", at()), &element.id);
            if !ids.insert(element.id.as_str()) {
                self.fail(
                    format!("{}.id", at()),
                    format!("duplicate id \u{201c}{}\u{201d}", element.id),
                );
            }
            self.text(|| format!("{}.name", at()), &element.name, MAX_NAME_CHARS);
            self.text(|| format!("{}.notes", at()), &element.notes, MAX_TEXT_CHARS);
            self.range(
                || format!("{}.x", at()),
                element.x,
                -MAX_COORDINATE,
                MAX_COORDINATE,
                true,
            );
            self.range(
                || format!("{}.y", at()),
                element.y,
                -MAX_COORDINATE,
                MAX_COORDINATE,
                true,
            );
            if let Some(origin) = &element.origin {
                self.id(|| format!("{}.origin", at()), origin);
            }
            self.kind(|| format!("{}.kind", at()), &element.kind);
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
        let mut flow_ids = HashSet::with_capacity(map.flows.len());
        for (i, flow) in map.flows.iter().enumerate() {
            let at = || format!("{path}.flows[{i}]");
            self.id(|| format!("{}.id", at()), &flow.id);
            if ids.contains(flow.id.as_str()) || !flow_ids.insert(flow.id.as_str()) {
                self.fail(
                    format!("{}.id", at()),
                    format!("duplicate id \u{201c}{}\u{201d}", flow.id),
                );
            }
            for (end, target) in [("from", &flow.from), ("to", &flow.to)] {
                if !ids.contains(target.as_str()) {
                    self.fail(
                        format!("{}.{end}", at()),
                        format!("no element has the id \u{201c}{target}\u{201d}"),
                    );
                } else if kaizens.contains(target.as_str()) {
                    self.fail(
                        format!("{}.{end}", at()),
                        "a flow cannot start or end at a kaizen burst",
                    );
                }
            }
            self.flow_kind(|| format!("{}.kind", at()), &flow.kind);
        }
    }

    fn flow_kind(&mut self, path: impl Fn() -> String, kind: &FlowKind) {
        match kind {
            FlowKind::Pull(pull) => self.optional_range(
                || format!("{}.pull.supermarket_quantity", path()),
                pull.supermarket_quantity,
                0.0,
                MAX_AMOUNT,
                true,
            ),
            FlowKind::Fifo(fifo) => self.optional_range(
                || format!("{}.fifo.limit", path()),
                fifo.limit,
                0.0,
                MAX_AMOUNT,
                true,
            ),
            FlowKind::Shipment(shipment) => {
                self.duration(|| format!("{}.shipment.transit", path()), &shipment.transit);
                self.optional_range(
                    || format!("{}.shipment.per_day", path()),
                    shipment.per_day,
                    0.0,
                    MAX_AMOUNT,
                    true,
                );
            }
            FlowKind::Rework(rework) => {
                if let Some(p) = rework.probability
                    && !(p.is_finite() && (0.0..1.0).contains(&p))
                {
                    self.fail(
                        format!("{}.rework.probability", path()),
                        format!("must be from 0 up to (not including) 1, got {p}"),
                    );
                }
            }
            FlowKind::Push | FlowKind::ManualInfo | FlowKind::ElectronicInfo => {}
        }
    }

    fn kind(&mut self, path: impl Fn() -> String, kind: &ElementKind) {
        match kind {
            ElementKind::Process(step) => {
                let at = || format!("{}.process", path());
                let field = |name: &'static str| move || format!("{}.{name}", at());
                self.text(field("owner"), &step.owner, MAX_NAME_CHARS);
                self.duration(field("process_time"), &step.process_time);
                self.duration(field("cycle_time"), &step.cycle_time);
                self.duration(field("changeover_time"), &step.changeover_time);
                self.optional_range(field("uptime_pct"), step.uptime_pct, 0.0, 100.0, false);
                self.optional_range(field("pct_ca"), step.pct_ca, 0.0, 100.0, true);
                self.optional_range(field("people"), step.people, 0.0, MAX_AMOUNT, true);
                self.optional_range(field("shifts"), step.shifts, 0.0, 24.0, true);
                self.optional_range(field("batch_size"), step.batch_size, 0.0, MAX_AMOUNT, false);
                self.optional_range(field("capacity"), step.capacity, 0.0, MAX_AMOUNT, false);
            }
            ElementKind::Inventory(inventory) => {
                let at = || format!("{}.inventory", path());
                self.optional_range(
                    || format!("{}.quantity", at()),
                    inventory.quantity,
                    0.0,
                    MAX_AMOUNT,
                    true,
                );
                self.duration(|| format!("{}.wait", at()), &inventory.wait);
            }
            ElementKind::Kaizen(kaizen) => {
                let at = || format!("{}.kaizen", path());
                self.text(|| format!("{}.owner", at()), &kaizen.owner, MAX_NAME_CHARS);
                self.text(
                    || format!("{}.target", at()),
                    &kaizen.target,
                    MAX_NAME_CHARS,
                );
            }
            ElementKind::Supplier | ElementKind::Customer => {}
        }
    }
}
