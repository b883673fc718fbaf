//! Checks a typed document against the rules a file must meet: unique ids, flows
//! between existing elements, values in range, and size limits. Every problem is
//! reported with its JSON path.

use std::collections::{HashMap, HashSet};

use super::error::LoadError;
use crate::model::fields::{self, Range, StepField};
use crate::model::{Document, Duration, Element, ElementKind, FlowKind, Map, MapState};

/// The largest file Takt reads.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
pub const MAX_MAPS: usize = 64;
pub const MAX_ELEMENTS: usize = 50_000;
pub const MAX_FLOWS: usize = 120_000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 10_000;
pub const MAX_ID_CHARS: usize = 64;
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

/// The editor's check after every edit (`History::apply_checked`): the first
/// problem, in words, of a document the loader would refuse.
pub fn check(document: &Document) -> Result<(), String> {
    match validate(document).into_iter().next() {
        None => Ok(()),
        Some(error) => Err(error.reason),
    }
}

/// Collects errors. Paths are passed as closures so a valid file, the common
/// case, never pays for formatting them.
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

    fn range(&mut self, path: impl Fn() -> String, value: f64, range: Range) {
        if let Err(reason) = range.check(value) {
            self.fail(path(), reason);
        }
    }

    fn optional_range(&mut self, path: impl Fn() -> String, value: Option<f64>, range: Range) {
        if let Some(value) = value {
            self.range(path, value, range);
        }
    }

    fn duration(&mut self, path: impl Fn() -> String, value: Option<&Duration>) {
        let Some(duration) = value else {
            return;
        };
        self.range(
            || format!("{}.value", path()),
            duration.value,
            fields::AMOUNT,
        );
        if let Some(spread) = &duration.spread {
            let at = || format!("{}.spread", path());
            match spread.problem() {
                Some(problem) => self.fail(at(), problem),
                None => {
                    for value in spread.values() {
                        self.range(at, value, fields::AMOUNT);
                    }
                }
            }
        }
    }

    fn map(&mut self, path: &str, map: &Map) {
        self.text(|| format!("{path}.name"), &map.name, MAX_NAME_CHARS);
        let calendar = &map.calendar;
        self.range(
            || format!("{path}.calendar.hours_per_day"),
            calendar.hours_per_day,
            fields::HOURS_PER_DAY,
        );
        self.range(
            || format!("{path}.calendar.days_per_week"),
            calendar.days_per_week,
            fields::DAYS_PER_WEEK,
        );
        self.range(
            || format!("{path}.calendar.days_per_month"),
            calendar.days_per_month,
            fields::DAYS_PER_MONTH,
        );
        self.range(
            || format!("{path}.calendar.shifts_per_day"),
            calendar.shifts_per_day,
            fields::SHIFTS_PER_DAY,
        );
        self.range(
            || format!("{path}.demand.quantity"),
            map.demand.quantity,
            fields::AMOUNT,
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
        let mut ids = HashSet::with_capacity(map.elements.len());
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
            self.range(|| format!("{}.x", at()), element.x, fields::COORDINATE);
            self.range(|| format!("{}.y", at()), element.y, fields::COORDINATE);
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
        self.endless_rework(path, map);
    }

    /// Rework out of one element adding up to 100% or more would never let the
    /// unit go: refused at the first such flow. A flow without a probability
    /// takes 1 - %C&A of the step that sends it.
    fn endless_rework(&mut self, path: &str, map: &Map) {
        if !map
            .flows
            .iter()
            .any(|f| matches!(f.kind, FlowKind::Rework(_)))
        {
            return;
        }
        let by_id: HashMap<&str, &Element> =
            map.elements.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut totals: HashMap<&str, (f64, usize)> = HashMap::new();
        for (i, flow) in map.flows.iter().enumerate() {
            let FlowKind::Rework(rework) = &flow.kind else {
                continue;
            };
            let p = rework.probability_from(by_id.get(flow.from.as_str()).map(|e| &e.kind));
            let total = totals.entry(flow.from.as_str()).or_insert((0.0, i));
            total.0 += p;
        }
        let endless: Vec<(&str, f64, usize)> = totals
            .into_iter()
            .filter(|(_, (total, _))| *total >= 1.0 - 1e-12)
            .map(|(from, (total, first))| (from, total, first))
            .collect();
        // In the order of each sender's first rework flow.
        let keys: Vec<(f64, f64)> = endless.iter().map(|e| (e.2 as f64, 0.0)).collect();
        for i in crate::model::order::sorted_indices(&keys) {
            let (from, total, first) = endless[i];
            let name = by_id.get(from).map_or(from, |e| e.name.as_str());
            let explicit =
                matches!(&map.flows[first].kind, FlowKind::Rework(r) if r.probability.is_some());
            let at = if explicit {
                format!("{path}.flows[{first}].kind.rework.probability")
            } else {
                format!("{path}.flows[{first}].kind.rework")
            };
            self.fail(
                at,
                format!(
                    "rework out of \u{201c}{name}\u{201d} adds up to {}%, so the unit would never leave; keep it below 100% (with no probability given, rework is 100% minus the step\u{2019}s %C&A)",
                    crate::analysis::format::fixed(total * 100.0, 0)
                ),
            );
        }
    }

    fn flow_kind(&mut self, path: impl Fn() -> String, kind: &FlowKind) {
        match kind {
            FlowKind::Pull(pull) => {
                let at = || format!("{}.pull.supermarket_quantity", path());
                self.optional_range(at, pull.supermarket_quantity, fields::AMOUNT);
            }
            FlowKind::Fifo(fifo) => self.optional_range(
                || format!("{}.fifo.limit", path()),
                fifo.limit,
                fields::AMOUNT,
            ),
            FlowKind::Shipment(shipment) => {
                self.duration(
                    || format!("{}.shipment.transit", path()),
                    shipment.transit.as_ref(),
                );
                self.optional_range(
                    || format!("{}.shipment.per_day", path()),
                    shipment.per_day,
                    fields::AMOUNT,
                );
            }
            FlowKind::Rework(rework) => {
                let at = || format!("{}.rework.probability", path());
                self.optional_range(at, rework.probability, fields::PROBABILITY);
            }
            FlowKind::Push | FlowKind::ManualInfo | FlowKind::ElectronicInfo => {}
        }
    }

    fn kind(&mut self, path: impl Fn() -> String, kind: &ElementKind) {
        match kind {
            ElementKind::Process(step) => {
                let at = || format!("{}.process", path());
                self.text(|| format!("{}.owner", at()), &step.owner, MAX_NAME_CHARS);
                for field in StepField::ALL {
                    let field_path = || format!("{}.{}", at(), field.key());
                    if field.is_time() {
                        self.duration(field_path, field.time(step));
                    } else {
                        self.optional_range(field_path, field.number(step), field.range());
                    }
                }
            }
            ElementKind::Inventory(inventory) => {
                let at = || format!("{}.inventory", path());
                self.optional_range(
                    || format!("{}.quantity", at()),
                    inventory.quantity,
                    fields::AMOUNT,
                );
                self.duration(|| format!("{}.wait", at()), inventory.wait.as_ref());
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
