//! The editor's operations as edits: add, connect, delete, duplicate, copy and
//! paste, move, align (what the keyboard's quick entry adds is in `capture`). Each builds one `Edit` (one step of history) from the map
//! as it is; applying it is the caller's business.

use std::collections::{HashMap, HashSet};

use super::document::{Document, Map, MapState};
use super::edit::Edit;
use super::element::{Element, ElementKind, Inventory, Kaizen, ProcessStep};
use super::flow::{Flow, FlowKind};

/// Horizontal distance between two neighbouring elements of a row.
pub const COLUMN: f64 = 180.0;
/// Positions snap to this grid.
pub const GRID: f64 = 10.0;

pub fn snap(value: f64) -> f64 {
    (value / GRID).round() * GRID
}

/// The first id `prefix-N` not used by an element or flow of `map` (nor in `taken`).
pub fn fresh_id(map: &Map, prefix: &str, taken: &HashSet<String>) -> String {
    let used: HashSet<&str> = map
        .elements
        .iter()
        .map(|e| e.id.as_str())
        .chain(map.flows.iter().map(|f| f.id.as_str()))
        .collect();
    (1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !used.contains(id.as_str()) && !taken.contains(id))
        .unwrap_or_default()
}

/// The kinds the palette offers, with the name a new one gets.
pub fn default_name(kind: &ElementKind) -> &'static str {
    match kind {
        ElementKind::Process(_) => "New step",
        ElementKind::Inventory(_) => "Queue",
        ElementKind::Supplier => "Supplier",
        ElementKind::Customer => "Customer",
        ElementKind::Kaizen(_) => "Improvement idea",
    }
}

pub fn id_prefix(kind: &ElementKind) -> &'static str {
    match kind {
        ElementKind::Process(_) => "step",
        ElementKind::Inventory(_) => "queue",
        ElementKind::Supplier => "supplier",
        ElementKind::Customer => "customer",
        ElementKind::Kaizen(_) => "kaizen",
    }
}

/// A fresh element of `kind` at (`x`, `y`), snapped to the grid.
pub fn new_element(map: &Map, kind: ElementKind, x: f64, y: f64) -> Element {
    Element {
        id: fresh_id(map, id_prefix(&kind), &HashSet::new()),
        name: default_name(&kind).to_string(),
        x: snap(x),
        y: snap(y),
        notes: String::new(),
        origin: None,
        kind,
    }
}

/// The palette's kinds, empty of data.
pub fn palette() -> [ElementKind; 5] {
    [
        ElementKind::Process(ProcessStep::default()),
        ElementKind::Inventory(Inventory::default()),
        ElementKind::Supplier,
        ElementKind::Customer,
        ElementKind::Kaizen(Kaizen::default()),
    ]
}

pub fn add_element(map_index: usize, map: &Map, element: Element) -> Edit {
    Edit::InsertElement {
        map: map_index,
        index: map.elements.len(),
        element,
    }
}

/// Whether a flow of `kind` may join `from` to `to`.
pub fn can_connect(map: &Map, from: &str, to: &str, kind: &FlowKind) -> bool {
    let (Some(a), Some(b)) = (map.element(from), map.element(to)) else {
        return false;
    };
    let annotation = !a.kind.is_material() || !b.kind.is_material();
    let self_loop_allowed = matches!(kind, FlowKind::Rework(_));
    let duplicate = map.flows.iter().any(|f| {
        f.from == from
            && f.to == to
            && std::mem::discriminant(&f.kind) == std::mem::discriminant(kind)
    });
    !annotation && (from != to || self_loop_allowed) && !duplicate
}

/// A new flow of `kind` from `from` to `to`, or `None` when it may not be drawn.
pub fn connect(
    map_index: usize,
    map: &Map,
    from: &str,
    to: &str,
    kind: FlowKind,
) -> Option<(Edit, String)> {
    if !can_connect(map, from, to, &kind) {
        return None;
    }
    let id = fresh_id(map, "flow", &HashSet::new());
    let flow = Flow {
        id: id.clone(),
        from: from.into(),
        to: to.into(),
        kind,
    };
    Some((
        Edit::InsertFlow {
            map: map_index,
            index: map.flows.len(),
            flow,
        },
        id,
    ))
}

/// Deletes the elements and flows named in `ids`, with every flow that touches a
/// deleted element; kaizen bursts attached to a deleted element are detached.
pub fn delete(map_index: usize, map: &Map, ids: &HashSet<String>) -> Option<Edit> {
    let mut edits = Vec::new();
    for flow in &map.flows {
        if ids.contains(&flow.id) || ids.contains(&flow.from) || ids.contains(&flow.to) {
            edits.push(Edit::RemoveFlow {
                map: map_index,
                id: flow.id.clone(),
            });
        }
    }
    for element in &map.elements {
        if ids.contains(&element.id) {
            edits.push(Edit::RemoveElement {
                map: map_index,
                id: element.id.clone(),
            });
        } else if let ElementKind::Kaizen(kaizen) = &element.kind
            && kaizen
                .attached_to
                .as_ref()
                .is_some_and(|target| ids.contains(target))
        {
            let mut detached = element.clone();
            if let ElementKind::Kaizen(k) = &mut detached.kind {
                k.attached_to = None;
            }
            edits.push(Edit::ReplaceElement {
                map: map_index,
                element: detached,
            });
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Elements and the flows among them, ready to paste into any map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clip {
    pub elements: Vec<Element>,
    pub flows: Vec<Flow>,
}

pub fn copy(map: &Map, ids: &HashSet<String>) -> Clip {
    Clip {
        elements: map
            .elements
            .iter()
            .filter(|e| ids.contains(&e.id))
            .cloned()
            .collect(),
        flows: map
            .flows
            .iter()
            .filter(|f| ids.contains(&f.from) && ids.contains(&f.to))
            .cloned()
            .collect(),
    }
}

/// Pastes `clip` into `map`, moved by (`dx`, `dy`), with fresh ids. Returns the
/// edit and the new element ids.
pub fn paste(
    map_index: usize,
    map: &Map,
    clip: &Clip,
    dx: f64,
    dy: f64,
) -> Option<(Edit, Vec<String>)> {
    if clip.elements.is_empty() {
        return None;
    }
    let mut taken = HashSet::new();
    let mut renamed: HashMap<&str, String> = HashMap::new();
    for element in &clip.elements {
        let id = fresh_id(map, id_prefix(&element.kind), &taken);
        taken.insert(id.clone());
        renamed.insert(&element.id, id);
    }
    let mut edits = Vec::new();
    let mut new_ids = Vec::new();
    for element in &clip.elements {
        let mut copy = element.clone();
        copy.id = renamed[element.id.as_str()].clone();
        copy.x = snap(copy.x + dx);
        copy.y = snap(copy.y + dy);
        copy.origin = None;
        if let ElementKind::Kaizen(kaizen) = &mut copy.kind {
            kaizen.attached_to = kaizen
                .attached_to
                .as_deref()
                .and_then(|t| renamed.get(t).cloned());
        }
        new_ids.push(copy.id.clone());
        edits.push(Edit::InsertElement {
            map: map_index,
            index: usize::MAX,
            element: copy,
        });
    }
    for flow in &clip.flows {
        let id = fresh_id(map, "flow", &taken);
        taken.insert(id.clone());
        let flow = Flow {
            id,
            from: renamed[flow.from.as_str()].clone(),
            to: renamed[flow.to.as_str()].clone(),
            kind: flow.kind.clone(),
        };
        edits.push(Edit::InsertFlow {
            map: map_index,
            index: usize::MAX,
            flow,
        });
    }
    Some((Edit::Batch(edits), new_ids))
}

/// Moves elements to new positions (snapped): one edit for the whole move.
pub fn set_positions(
    map_index: usize,
    map: &Map,
    positions: &[(String, f64, f64)],
) -> Option<Edit> {
    let edits: Vec<Edit> = positions
        .iter()
        .filter_map(|(id, x, y)| {
            let mut element = map.element(id)?.clone();
            let (x, y) = (snap(*x), snap(*y));
            if element.x == x && element.y == y {
                return None;
            }
            element.x = x;
            element.y = y;
            Some(Edit::ReplaceElement {
                map: map_index,
                element,
            })
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Lines the selected elements up left to right, in their current order, on the
/// row of the leftmost one, one column apart.
pub fn align_left_to_right(map_index: usize, map: &Map, ids: &HashSet<String>) -> Option<Edit> {
    let chosen: Vec<&Element> = map
        .elements
        .iter()
        .filter(|e| ids.contains(&e.id))
        .collect();
    if chosen.len() < 2 {
        return None;
    }
    // Left to right; ties keep the map's order.
    let keys: Vec<(f64, f64)> = chosen.iter().map(|e| (e.x, 0.0)).collect();
    let chosen: Vec<&Element> = super::order::sorted_indices(&keys)
        .into_iter()
        .map(|i| chosen[i])
        .collect();
    let (x0, y0) = (chosen[0].x, chosen[0].y);
    let positions: Vec<(String, f64, f64)> = chosen
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), x0 + i as f64 * COLUMN, y0))
        .collect();
    set_positions(map_index, map, &positions)
}

/// A future state made from the current one: a copy marked as future, each
/// element linked back to the element it came from. Returns the edit and the new map's index.
pub fn derive_future(document: &Document) -> Option<(Edit, usize)> {
    let current = document.current()?;
    let taken: HashSet<&str> = document.maps.iter().map(|m| m.id.as_str()).collect();
    let number = (1..)
        .find(|n| {
            let id = if *n == 1 {
                "future".to_string()
            } else {
                format!("future-{n}")
            };
            !taken.contains(id.as_str())
        })
        .unwrap_or(1);
    let mut map = current.clone();
    map.id = if number == 1 {
        "future".into()
    } else {
        format!("future-{number}")
    };
    // Named by how many future states there are, whatever their ids.
    let count = document.futures().count() + 1;
    map.name = if count == 1 {
        "Future state".into()
    } else {
        format!("Future state {count}")
    };
    map.state = MapState::Future;
    map.derived_from = Some(current.id.clone());
    for element in &mut map.elements {
        element.origin = Some(element.id.clone());
    }
    let index = document.maps.len();
    Some((Edit::InsertMap { index, map }, index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, MapState};

    fn doc() -> Document {
        let mut d = Document::new("t");
        d.maps[0] = Map::empty("current", "Current", MapState::Current);
        d
    }

    fn apply(d: &mut Document, edit: Edit) {
        edit.apply(d).unwrap();
    }

    #[test]
    fn add_next_step_goes_between_a_step_and_what_it_fed() {
        let mut d = doc();
        let a = new_element(
            &d.maps[0],
            ElementKind::Process(ProcessStep::default()),
            0.0,
            0.0,
        );
        let edit = add_element(0, &d.maps[0], a);
        apply(&mut d, edit);
        let b = new_element(&d.maps[0], ElementKind::Customer, 180.0, 0.0);
        let edit = add_element(0, &d.maps[0], b);
        apply(&mut d, edit);
        let (edit, _) = connect(0, &d.maps[0], "step-1", "customer-1", FlowKind::Push).unwrap();
        apply(&mut d, edit);
        let (edit, new) = crate::model::capture::add_next_step(0, &d.maps[0], "step-1").unwrap();
        apply(&mut d, edit);
        let m = &d.maps[0];
        assert_eq!(new, "step-2");
        assert!(
            m.flows
                .iter()
                .any(|f| f.from == "step-1" && f.to == "step-2")
        );
        assert!(
            m.flows
                .iter()
                .any(|f| f.from == "step-2" && f.to == "customer-1")
        );
        assert!(
            !m.flows
                .iter()
                .any(|f| f.from == "step-1" && f.to == "customer-1")
        );
        assert_eq!(m.element("step-2").unwrap().x, 180.0);
        assert_eq!(
            m.element("customer-1").unwrap().x,
            360.0,
            "the rest of the row moved on"
        );
    }

    #[test]
    fn delete_takes_the_flows_along_and_detaches_kaizen_bursts() {
        let mut d = doc();
        for kind in [
            ElementKind::Process(ProcessStep::default()),
            ElementKind::Customer,
        ] {
            let e = new_element(&d.maps[0], kind, 0.0, 0.0);
            let edit = add_element(0, &d.maps[0], e);
            apply(&mut d, edit);
        }
        let mut burst = new_element(
            &d.maps[0],
            ElementKind::Kaizen(Kaizen::default()),
            0.0,
            -100.0,
        );
        if let ElementKind::Kaizen(k) = &mut burst.kind {
            k.attached_to = Some("step-1".into());
        }
        let edit = add_element(0, &d.maps[0], burst);
        apply(&mut d, edit);
        let edit = connect(0, &d.maps[0], "step-1", "customer-1", FlowKind::Push)
            .unwrap()
            .0;
        apply(&mut d, edit);
        let before = d.clone();
        let edit = delete(0, &d.maps[0], &HashSet::from(["step-1".to_string()])).unwrap();
        let undo = edit.apply(&mut d).unwrap();
        assert!(d.maps[0].flows.is_empty());
        assert!(
            crate::io::validate::validate(&d).is_empty(),
            "no dangling flow or attachment is left"
        );
        undo.apply(&mut d).unwrap();
        assert_eq!(d, before, "undo restores everything");
    }

    #[test]
    fn paste_gives_fresh_ids_and_keeps_the_flows_between_pasted_elements() {
        let mut d = doc();
        for x in [0.0, 180.0] {
            let e = new_element(
                &d.maps[0],
                ElementKind::Process(ProcessStep::default()),
                x,
                0.0,
            );
            let edit = add_element(0, &d.maps[0], e);
            apply(&mut d, edit);
        }
        let edit = connect(0, &d.maps[0], "step-1", "step-2", FlowKind::Push)
            .unwrap()
            .0;
        apply(&mut d, edit);
        let clip = copy(
            &d.maps[0],
            &HashSet::from(["step-1".to_string(), "step-2".to_string()]),
        );
        let (edit, ids) = paste(0, &d.maps[0], &clip, 30.0, 30.0).unwrap();
        apply(&mut d, edit);
        assert_eq!(ids, ["step-3", "step-4"]);
        assert!(
            d.maps[0]
                .flows
                .iter()
                .any(|f| f.from == "step-3" && f.to == "step-4")
        );
        assert!(crate::io::validate::validate(&d).is_empty());
    }

    #[test]
    fn a_flow_cannot_touch_a_kaizen_burst_or_repeat() {
        let mut d = doc();
        for kind in [
            ElementKind::Process(ProcessStep::default()),
            ElementKind::Kaizen(Kaizen::default()),
        ] {
            let e = new_element(&d.maps[0], kind, 0.0, 0.0);
            let edit = add_element(0, &d.maps[0], e);
            apply(&mut d, edit);
        }
        assert!(connect(0, &d.maps[0], "step-1", "kaizen-1", FlowKind::Push).is_none());
        assert!(connect(0, &d.maps[0], "step-1", "step-1", FlowKind::Push).is_none());
        assert!(
            connect(
                0,
                &d.maps[0],
                "step-1",
                "step-1",
                FlowKind::Rework(Default::default())
            )
            .is_some()
        );
    }
}
