//! Which elements of a future state came from which of the current state, and
//! what changed: added, removed, renamed, and changed field by field. A future
//! element names its source in `origin`; without one, the same id in both maps
//! is the same element (a map copied by hand keeps its ids).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::fields::StepField;
use crate::model::{Element, ElementKind, Map};

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
    pub added: Vec<Only>,
    pub removed: Vec<Only>,
    /// Elements in both maps with a different name or different figures.
    pub changed: Vec<Changed>,
    /// How many elements are the same in both.
    pub unchanged: usize,
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
    let time = |d: &crate::model::Duration| {
        format!(
            "{} {}",
            crate::analysis::format::number(d.value),
            d.unit.symbol()
        )
    };
    match &element.kind {
        ElementKind::Process(step) => {
            let mut out: Vec<(String, String)> = StepField::ALL
                .into_iter()
                .map(|field| {
                    let text = if field.is_time() {
                        text_of(&field.time(step), time)
                    } else {
                        text_of(&field.number(step), |v| crate::analysis::format::number(*v))
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
            (
                "Quantity".into(),
                text_of(&inventory.quantity, |v| crate::analysis::format::number(*v)),
            ),
            ("Wait".into(), text_of(&inventory.wait, time)),
        ],
        ElementKind::Kaizen(kaizen) => vec![
            ("Owner".into(), kaizen.owner.clone()),
            ("Target".into(), kaizen.target.clone()),
        ],
        ElementKind::Supplier | ElementKind::Customer => Vec::new(),
    }
}

/// Matches the elements of `after` (a future state) to those of `before`.
pub fn match_elements(before: &Map, after: &Map) -> ElementChanges {
    let by_id: HashMap<&str, &Element> =
        before.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut matched: HashSet<&str> = HashSet::new();
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
        let fields: Vec<FieldChange> = figures(source)
            .into_iter()
            .zip(figures(element))
            .filter(|(b, a)| b.0 == a.0 && b.1 != a.1)
            .map(|(b, a)| FieldChange {
                field: b.0,
                before: b.1,
                after: a.1,
            })
            .collect();
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
    changes
}
