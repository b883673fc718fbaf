//! Quick entry: what the keyboard adds while a stream is captured live. The next
//! step or a queue after the selected element (spliced into the flow it fed), a
//! branch beside it (parallel, from the same elements to the same elements), a
//! rework flow back to a step upstream, and the customer at the end. Each builds
//! one `Edit`; applying it is the caller's business.

use std::collections::HashSet;

use super::document::Map;
use super::edit::Edit;
use super::element::{ElementKind, Inventory, ProcessStep};
use super::flow::{Flow, FlowKind, Rework};
use super::ops::{COLUMN, connect, fresh_id, new_element};

/// Vertical distance between a step and a branch beside it.
pub const BRANCH_ROW: f64 = 220.0;

/// The rework probability a flow drawn by quick entry starts with (10%), for
/// the user to type over.
pub const QUICK_REWORK: f64 = 0.1;

/// A new process step after `after`; see `add_after`.
pub fn add_next_step(map_index: usize, map: &Map, after: &str) -> Option<(Edit, String)> {
    add_after(
        map_index,
        map,
        after,
        ElementKind::Process(ProcessStep::default()),
    )
}

/// A new queue (an inventory) after `after`; see `add_after`.
pub fn add_queue(map_index: usize, map: &Map, after: &str) -> Option<(Edit, String)> {
    add_after(
        map_index,
        map,
        after,
        ElementKind::Inventory(Inventory::default()),
    )
}

/// A new element of `kind` after `after`: placed one column to its right (the
/// rest of the row moves along) and joined by a push flow. If `after` fed
/// exactly one element, the new one goes in between. Returns the edit and the
/// new element's id.
pub fn add_after(
    map_index: usize,
    map: &Map,
    after: &str,
    kind: ElementKind,
) -> Option<(Edit, String)> {
    let anchor = map.element(after)?;
    if !anchor.kind.is_material() || !kind.is_material() {
        return None;
    }
    let new = new_element(map, kind, anchor.x + COLUMN, anchor.y);
    let mut edits = Vec::new();
    // Make room: everything to the right in the same row moves one column on.
    for element in &map.elements {
        if element.x > anchor.x && (element.y - anchor.y).abs() < 90.0 {
            let mut moved = element.clone();
            moved.x += COLUMN;
            edits.push(Edit::ReplaceElement {
                map: map_index,
                element: moved,
            });
        }
    }
    let outgoing: Vec<&Flow> = forward_out(map, after).collect();
    let mut taken = HashSet::from([new.id.clone()]);
    let new_id = new.id.clone();
    edits.push(Edit::InsertElement {
        map: map_index,
        index: map.elements.len(),
        element: new,
    });
    if let [only] = outgoing.as_slice() {
        edits.push(Edit::RemoveFlow {
            map: map_index,
            id: only.id.clone(),
        });
        edits.push(new_flow(
            map,
            map_index,
            (after, &new_id),
            only.kind.clone(),
            &mut taken,
        ));
        edits.push(new_flow(
            map,
            map_index,
            (&new_id, &only.to),
            FlowKind::Push,
            &mut taken,
        ));
    } else {
        edits.push(new_flow(
            map,
            map_index,
            (after, &new_id),
            FlowKind::Push,
            &mut taken,
        ));
    }
    Some((Edit::Batch(edits), new_id))
}

/// A new step in parallel with `beside`: fed by the elements that feed it and
/// feeding the elements it feeds, with the same kinds of flow, placed in the
/// first free row below it. Returns the edit and the new step's id.
pub fn add_branch(map_index: usize, map: &Map, beside: &str) -> Option<(Edit, String)> {
    let anchor = map.element(beside)?;
    if !anchor.kind.is_material() {
        return None;
    }
    let occupied = |y: f64| {
        map.elements
            .iter()
            .any(|e| (e.x - anchor.x).abs() < COLUMN && (e.y - y).abs() < BRANCH_ROW / 2.0)
    };
    let mut y = anchor.y + BRANCH_ROW;
    // A bounded search: a map has finitely many rows.
    for _ in 0..=map.elements.len() {
        if !occupied(y) {
            break;
        }
        y += BRANCH_ROW;
    }
    let new = new_element(
        map,
        ElementKind::Process(ProcessStep::default()),
        anchor.x,
        y,
    );
    let new_id = new.id.clone();
    let mut taken = HashSet::from([new_id.clone()]);
    let mut edits = vec![Edit::InsertElement {
        map: map_index,
        index: map.elements.len(),
        element: new,
    }];
    let incoming: Vec<&Flow> = map
        .flows
        .iter()
        .filter(|f| f.to == beside && f.kind.is_forward_material())
        .collect();
    for flow in incoming {
        edits.push(new_flow(
            map,
            map_index,
            (&flow.from, &new_id),
            flow.kind.clone(),
            &mut taken,
        ));
    }
    for flow in forward_out(map, beside) {
        edits.push(new_flow(
            map,
            map_index,
            (&new_id, &flow.to),
            flow.kind.clone(),
            &mut taken,
        ));
    }
    Some((Edit::Batch(edits), new_id))
}

/// The process steps upstream of `from` (those it can be sent back to), nearest
/// first, `from` itself last when it is a step (rework on the spot).
pub fn rework_targets(map: &Map, from: &str) -> Vec<String> {
    let mut seen = HashSet::from([from.to_string()]);
    // Breadth first: a list read from its front as it grows.
    let mut queue = vec![from.to_string()];
    let mut next = 0;
    let mut steps = Vec::new();
    while let Some(id) = queue.get(next).cloned() {
        next += 1;
        for flow in map
            .flows
            .iter()
            .filter(|f| f.to == id && f.kind.is_forward_material())
        {
            if seen.insert(flow.from.clone()) {
                if matches!(
                    map.element(&flow.from).map(|e| &e.kind),
                    Some(ElementKind::Process(_))
                ) {
                    steps.push(flow.from.clone());
                }
                queue.push(flow.from.clone());
            }
        }
    }
    if matches!(
        map.element(from).map(|e| &e.kind),
        Some(ElementKind::Process(_))
    ) {
        steps.push(from.to_string());
    }
    steps
}

/// A rework flow from `from` back to `to` at the quick-entry probability.
pub fn add_rework(map_index: usize, map: &Map, from: &str, to: &str) -> Option<(Edit, String)> {
    let kind = FlowKind::Rework(Rework {
        probability: Some(QUICK_REWORK),
    });
    connect(map_index, map, from, to, kind)
}

/// The customer after `after`: a new one if the map has none (see `add_after`),
/// else a push flow to the one it has. Returns the edit and the customer's id.
pub fn add_customer(map_index: usize, map: &Map, after: &str) -> Option<(Edit, String)> {
    let existing = map
        .elements
        .iter()
        .find(|e| matches!(e.kind, ElementKind::Customer));
    match existing {
        Some(customer) => connect(map_index, map, after, &customer.id, FlowKind::Push)
            .map(|(edit, _)| (edit, customer.id.clone())),
        None => add_after(map_index, map, after, ElementKind::Customer),
    }
}

fn forward_out<'a>(map: &'a Map, from: &'a str) -> impl Iterator<Item = &'a Flow> + 'a {
    map.flows
        .iter()
        .filter(move |f| f.from == from && f.kind.is_forward_material())
}

fn new_flow(
    map: &Map,
    map_index: usize,
    (from, to): (&str, &str),
    kind: FlowKind,
    taken: &mut HashSet<String>,
) -> Edit {
    let id = fresh_id(map, "flow", taken);
    taken.insert(id.clone());
    Edit::InsertFlow {
        map: map_index,
        index: usize::MAX,
        flow: Flow {
            id,
            from: from.into(),
            to: to.into(),
            kind,
        },
    }
}
