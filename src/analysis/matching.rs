//! Which elements of a future state came from which of the current state, and
//! what changed: added, removed, renamed, and changed field by field. A future
//! element names its source in `origin`; without one, the same id in both maps
//! is the same element (a map copied by hand keeps its ids). Flows are matched
//! by their ends (through the elements' matching) and listed the same way: a new
//! pull with its supermarket, a FIFO limit set, a rework probability changed.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::analysis::format;
use crate::model::fields::StepField;
use crate::model::{Duration, Element, ElementKind, Flow, FlowKind, Map};

/// One field that differs, as text in its own units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// An element present in both maps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changed {
    /// The element's id in the current map, and in the future map.
    pub before_id: String,
    pub after_id: String,
    pub name: String,
    /// The old name, when it was renamed.
    pub renamed_from: Option<String>,
    pub fields: Vec<FieldChange>,
}

/// An element of one map only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Only {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ElementChanges {
    /// Elements, then flows, of the future state only...
    pub added: Vec<Only>,
    /// ...and of the current state only.
    pub removed: Vec<Only>,
    /// Elements in both maps with a different name or different figures.
    pub changed: Vec<Changed>,
    /// How many elements are the same in both.
    pub unchanged: usize,
}

/// A time as the lists show it ("3 d").
fn time(d: &Duration) -> String {
    format!("{} {}", format::number(d.value), d.unit.symbol())
}

fn amount(value: &Option<f64>) -> String {
    text_of(value, |v| format::number(*v))
}

/// The fields that differ between two lists of (label, text), in the order they
/// are listed; a field only one side has reads "—" on the other.
fn differences(before: Vec<(String, String)>, after: Vec<(String, String)>) -> Vec<FieldChange> {
    let none = || "\u{2014}".to_string();
    let mut labels: Vec<&String> = after.iter().map(|(label, _)| label).collect();
    labels.extend(
        before
            .iter()
            .map(|(label, _)| label)
            .filter(|l| !after.iter().any(|(a, _)| a == *l)),
    );
    let text = |list: &Vec<(String, String)>, label: &String| {
        list.iter()
            .find(|(l, _)| l == label)
            .map_or_else(none, |(_, t)| t.clone())
    };
    labels
        .into_iter()
        .map(|label| FieldChange {
            field: label.clone(),
            before: text(&before, label),
            after: text(&after, label),
        })
        .filter(|change| change.before != change.after)
        .collect()
}

fn only(element: &Element) -> Only {
    Only {
        id: element.id.clone(),
        name: element.name.clone(),
        kind: element.kind.label(),
    }
}

fn text_of<T>(value: &Option<T>, show: impl Fn(&T) -> String) -> String {
    value.as_ref().map_or_else(|| "\u{2014}".to_string(), show)
}

/// The figures of an element that a future state changes, as (label, text).
fn figures(element: &Element) -> Vec<(String, String)> {
    match &element.kind {
        ElementKind::Process(step) => {
            let mut out: Vec<(String, String)> = StepField::ALL
                .into_iter()
                .map(|field| {
                    let text = if field.is_time() {
                        text_of(&field.time(step).cloned(), time)
                    } else {
                        amount(&field.number(step))
                    };
                    (field.label().to_string(), text)
                })
                .collect();
            out.push(("Owner".into(), step.owner.clone()));
            let pacemaker = if step.pacemaker { "yes" } else { "no" };
            out.push(("Pacemaker".into(), pacemaker.into()));
            out
        }
        ElementKind::Inventory(inventory) => vec![
            ("Quantity".into(), amount(&inventory.quantity)),
            ("Wait".into(), text_of(&inventory.wait, time)),
        ],
        ElementKind::Kaizen(kaizen) => vec![
            ("Owner".into(), kaizen.owner.clone()),
            ("Target".into(), kaizen.target.clone()),
        ],
        ElementKind::Supplier | ElementKind::Customer => Vec::new(),
    }
}

/// A flow's kind and the figures that go with it, as (label, text).
fn flow_figures(flow: &Flow) -> Vec<(String, String)> {
    let mut out = vec![("Kind".to_string(), flow.kind.label().to_string())];
    match &flow.kind {
        FlowKind::Pull(pull) => out.push((
            "Supermarket quantity".into(),
            amount(&pull.supermarket_quantity),
        )),
        FlowKind::Fifo(fifo) => out.push(("FIFO limit".into(), amount(&fifo.limit))),
        FlowKind::Shipment(shipment) => {
            out.push(("Transit".into(), text_of(&shipment.transit, time)));
            out.push(("Shipments per day".into(), amount(&shipment.per_day)));
        }
        FlowKind::Rework(rework) => out.push((
            "Rework".into(),
            text_of(&rework.probability, |p| format::percent(*p)),
        )),
        FlowKind::Push | FlowKind::ManualInfo | FlowKind::ElectronicInfo => {}
    }
    out
}

/// A flow as the lists name it: "Diagnose → Implement fix", and its kind.
fn flow_only(map: &Map, flow: &Flow) -> Only {
    let name = |id: &str| map.element(id).map_or(id, |e| e.name.as_str()).to_string();
    Only {
        id: flow.id.clone(),
        name: format!("{} \u{2192} {}", name(&flow.from), name(&flow.to)),
        kind: flow.kind.label(),
    }
}

/// Adds the flows of `after` that are new, gone or changed, given which element
/// of `before` each element of `after` came from.
fn match_flows(
    before: &Map,
    after: &Map,
    source: &HashMap<&str, &str>,
    changes: &mut ElementChanges,
) {
    let mut matched: HashSet<&str> = HashSet::new();
    for flow in &after.flows {
        let ends = (source.get(flow.from.as_str()), source.get(flow.to.as_str()));
        let candidates = || {
            before.flows.iter().filter(|b| {
                ends == (Some(&b.from.as_str()), Some(&b.to.as_str()))
                    && !matched.contains(b.id.as_str())
            })
        };
        // Between the same two elements, a flow of the same kind first.
        let Some(old) = candidates()
            .find(|b| b.kind.key() == flow.kind.key())
            .or_else(|| candidates().next())
        else {
            changes.added.push(flow_only(after, flow));
            continue;
        };
        matched.insert(old.id.as_str());
        let fields = differences(flow_figures(old), flow_figures(flow));
        if !fields.is_empty() {
            changes.changed.push(Changed {
                before_id: old.id.clone(),
                after_id: flow.id.clone(),
                name: flow_only(after, flow).name,
                renamed_from: None,
                fields,
            });
        }
    }
    changes.removed.extend(
        before
            .flows
            .iter()
            .filter(|f| !matched.contains(f.id.as_str()))
            .map(|f| flow_only(before, f)),
    );
}

/// Matches the elements of `after` (a future state) to those of `before`, then their flows.
pub fn match_elements(before: &Map, after: &Map) -> ElementChanges {
    let by_id: HashMap<&str, &Element> =
        before.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut matched: HashSet<&str> = HashSet::new();
    // Which element of `before` each element of `after` came from, for the flows.
    let mut sources: HashMap<&str, &str> = HashMap::new();
    let mut changes = ElementChanges::default();
    for element in &after.elements {
        let source = element
            .origin
            .as_deref()
            .or(Some(element.id.as_str()))
            .and_then(|id| by_id.get(id).copied())
            .filter(|source| !matched.contains(source.id.as_str()));
        let Some(source) = source else {
            changes.added.push(only(element));
            continue;
        };
        matched.insert(source.id.as_str());
        sources.insert(element.id.as_str(), source.id.as_str());
        let fields = differences(figures(source), figures(element));
        let renamed_from = (source.name != element.name).then(|| source.name.clone());
        if fields.is_empty() && renamed_from.is_none() {
            changes.unchanged += 1;
        } else {
            changes.changed.push(Changed {
                before_id: source.id.clone(),
                after_id: element.id.clone(),
                name: element.name.clone(),
                renamed_from,
                fields,
            });
        }
    }
    changes.removed = before
        .elements
        .iter()
        .filter(|e| !matched.contains(e.id.as_str()))
        .map(only)
        .collect();
    match_flows(before, after, &sources, &mut changes);
    changes
}
