//! Edits as commands: every change to a document is an `Edit`, and applying one
//! returns its inverse. That is what undo and redo are made of, and the only way
//! the editor changes a document.

use super::document::{Document, Map};
use super::element::Element;
use super::flow::Flow;
use super::units::{Calendar, Demand};

/// One change to one map (`map` indexes `document.maps`).
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Puts `element` at `index` of the map's elements.
    InsertElement {
        map: usize,
        index: usize,
        element: Element,
    },
    /// Removes the element with this id.
    RemoveElement {
        map: usize,
        id: String,
    },
    /// Replaces the element with `element.id` by `element`.
    ReplaceElement {
        map: usize,
        element: Element,
    },
    InsertFlow {
        map: usize,
        index: usize,
        flow: Flow,
    },
    RemoveFlow {
        map: usize,
        id: String,
    },
    ReplaceFlow {
        map: usize,
        flow: Flow,
    },
    /// Sets the map's name, demand and calendar.
    Settings {
        map: usize,
        name: String,
        demand: Demand,
        calendar: Calendar,
    },
    /// Sets the document's title.
    Title(String),
    /// Puts `map` at `index` of the document's maps (a new future state).
    InsertMap {
        index: usize,
        map: Map,
    },
    /// Removes the map at `index` (never the current state).
    RemoveMap {
        index: usize,
    },
    /// Replaces the whole document (an earlier version restored).
    Replace(Box<Document>),
    /// Several edits as one step of history.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied (the document is left as it was).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoMap(usize),
    NoElement(String),
    NoFlow(String),
    DuplicateId(String),
    /// The current state is the one map a document cannot do without.
    CurrentMap,
    /// The edit would leave a document the loader refuses; the reason says why.
    Refused(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoMap(i) => write!(f, "there is no map {i}"),
            EditError::NoElement(id) => write!(f, "there is no element \u{201c}{id}\u{201d}"),
            EditError::NoFlow(id) => write!(f, "there is no flow \u{201c}{id}\u{201d}"),
            EditError::DuplicateId(id) => write!(f, "the id \u{201c}{id}\u{201d} is already used"),
            EditError::CurrentMap => write!(f, "the current state cannot be removed"),
            EditError::Refused(reason) => write!(f, "{reason}"),
        }
    }
}

fn map_mut(document: &mut Document, map: usize) -> Result<&mut Map, EditError> {
    document.maps.get_mut(map).ok_or(EditError::NoMap(map))
}

fn id_taken(map: &Map, id: &str) -> bool {
    map.elements.iter().any(|e| e.id == id) || map.flows.iter().any(|f| f.id == id)
}

impl Edit {
    /// Whether applying this edit, which gave `inverse`, changed nothing: a
    /// replacement by an equal value undoes to itself.
    pub fn changes_nothing(&self, inverse: &Edit) -> bool {
        match (self, inverse) {
            (Edit::Batch(edits), Edit::Batch(inverses)) => {
                edits.len() == inverses.len()
                    && edits
                        .iter()
                        .zip(inverses.iter().rev())
                        .all(|(edit, inverse)| edit.changes_nothing(inverse))
            }
            (
                Edit::ReplaceElement { .. }
                | Edit::ReplaceFlow { .. }
                | Edit::Settings { .. }
                | Edit::Title(_)
                | Edit::Replace(_),
                _,
            ) => self == inverse,
            _ => false,
        }
    }

    /// Applies the edit and returns the edit that undoes it. A failing batch is
    /// rolled back, so an edit either happens whole or not at all.
    pub fn apply(self, document: &mut Document) -> Result<Edit, EditError> {
        match self {
            Edit::InsertElement {
                map,
                index,
                element,
            } => {
                let m = map_mut(document, map)?;
                if id_taken(m, &element.id) {
                    return Err(EditError::DuplicateId(element.id));
                }
                let id = element.id.clone();
                m.elements.insert(index.min(m.elements.len()), element);
                Ok(Edit::RemoveElement { map, id })
            }
            Edit::RemoveElement { map, id } => {
                let m = map_mut(document, map)?;
                let index = m
                    .elements
                    .iter()
                    .position(|e| e.id == id)
                    .ok_or(EditError::NoElement(id))?;
                let element = m.elements.remove(index);
                Ok(Edit::InsertElement {
                    map,
                    index,
                    element,
                })
            }
            Edit::ReplaceElement { map, element } => {
                let m = map_mut(document, map)?;
                let slot = m
                    .elements
                    .iter_mut()
                    .find(|e| e.id == element.id)
                    .ok_or_else(|| EditError::NoElement(element.id.clone()))?;
                let old = std::mem::replace(slot, element);
                Ok(Edit::ReplaceElement { map, element: old })
            }
            Edit::InsertFlow { map, index, flow } => {
                let m = map_mut(document, map)?;
                if id_taken(m, &flow.id) {
                    return Err(EditError::DuplicateId(flow.id));
                }
                let id = flow.id.clone();
                m.flows.insert(index.min(m.flows.len()), flow);
                Ok(Edit::RemoveFlow { map, id })
            }
            Edit::RemoveFlow { map, id } => {
                let m = map_mut(document, map)?;
                let index = m
                    .flows
                    .iter()
                    .position(|f| f.id == id)
                    .ok_or(EditError::NoFlow(id))?;
                let flow = m.flows.remove(index);
                Ok(Edit::InsertFlow { map, index, flow })
            }
            Edit::ReplaceFlow { map, flow } => {
                let m = map_mut(document, map)?;
                let slot = m
                    .flows
                    .iter_mut()
                    .find(|f| f.id == flow.id)
                    .ok_or_else(|| EditError::NoFlow(flow.id.clone()))?;
                let old = std::mem::replace(slot, flow);
                Ok(Edit::ReplaceFlow { map, flow: old })
            }
            Edit::Settings {
                map,
                name,
                demand,
                calendar,
            } => {
                let m = map_mut(document, map)?;
                let old = Edit::Settings {
                    map,
                    name: std::mem::replace(&mut m.name, name),
                    demand: std::mem::replace(&mut m.demand, demand),
                    calendar: std::mem::replace(&mut m.calendar, calendar),
                };
                Ok(old)
            }
            Edit::Title(title) => Ok(Edit::Title(std::mem::replace(&mut document.title, title))),
            Edit::Replace(replacement) => Ok(Edit::Replace(Box::new(std::mem::replace(
                document,
                *replacement,
            )))),
            Edit::InsertMap { index, map } => {
                if index > document.maps.len() {
                    return Err(EditError::NoMap(index));
                }
                if document.maps.iter().any(|m| m.id == map.id) {
                    return Err(EditError::DuplicateId(map.id));
                }
                document.maps.insert(index, map);
                Ok(Edit::RemoveMap { index })
            }
            Edit::RemoveMap { index } => match document.maps.get(index) {
                None => Err(EditError::NoMap(index)),
                Some(m) if m.state == super::document::MapState::Current => {
                    Err(EditError::CurrentMap)
                }
                Some(_) => Ok(Edit::InsertMap {
                    index,
                    map: document.maps.remove(index),
                }),
            },
            Edit::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(document) {
                        Ok(inverse) => undo.push(inverse),
                        Err(error) => {
                            // Roll back what this batch already did; inverses of applied edits always apply.
                            for inverse in undo.into_iter().rev() {
                                let _ = inverse.apply(document);
                            }
                            return Err(error);
                        }
                    }
                }
                undo.reverse();
                Ok(Edit::Batch(undo))
            }
        }
    }
}

/// Undo and redo stacks of inverse edits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// What the last step edited, so typing in one field stays one step.
    last_key: Option<String>,
}

/// Older steps are forgotten beyond this, to bound memory in a long workshop.
const MAX_HISTORY: usize = 500;

/// What a document must pass after every edit: `Err` says why it would not.
pub type Check<'a> = &'a dyn Fn(&Document) -> Result<(), String>;

impl History {
    /// Applies `edit` as a new step; the redo stack is cleared. Returns whether
    /// anything changed: an edit that changes nothing records no step.
    pub fn apply(&mut self, document: &mut Document, edit: Edit) -> Result<bool, EditError> {
        self.apply_checked(document, edit, None, &|_| Ok(()))
    }

    /// Applies `edit` if the document still passes `check` afterwards; if not,
    /// the document is left exactly as it was and the edit is refused with the
    /// check's reason. A document that already failed the check before the edit
    /// is not held hostage: the edit goes through. With `merge_key`, merged
    /// into the last step when that step had the same key (every keystroke in
    /// one field of one element is one step). Returns whether anything changed.
    pub fn apply_checked(
        &mut self,
        document: &mut Document,
        edit: Edit,
        merge_key: Option<&str>,
        check: Check,
    ) -> Result<bool, EditError> {
        let probe = edit.clone();
        let mut inverse = edit.apply(document)?;
        if probe.changes_nothing(&inverse) {
            return Ok(false);
        }
        if let Err(reason) = check(document) {
            let redo = inverse.apply(document)?;
            if check(document).is_ok() {
                return Err(EditError::Refused(reason));
            }
            inverse = redo.apply(document)?;
        }
        match merge_key {
            Some(key) if self.last_key.as_deref() == Some(key) && !self.undo.is_empty() => {
                // The older inverse already restores the state before the first keystroke.
                self.redo.clear();
            }
            Some(key) => {
                self.record(inverse);
                self.last_key = Some(key.to_string());
            }
            None => self.record(inverse),
        }
        Ok(true)
    }

    /// Records a step already made (for example a drag applied live), given its inverse.
    pub fn record(&mut self, inverse: Edit) {
        self.undo.push(inverse);
        if self.undo.len() > MAX_HISTORY {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.last_key = None;
    }

    /// Undoes the last step; false when there is none.
    pub fn undo(&mut self, document: &mut Document) -> bool {
        self.last_key = None;
        Self::step(&mut self.undo, &mut self.redo, document)
    }

    /// Redoes the last undone step; false when there is none.
    pub fn redo(&mut self, document: &mut Document) -> bool {
        self.last_key = None;
        Self::step(&mut self.redo, &mut self.undo, document)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn step(from: &mut Vec<Edit>, to: &mut Vec<Edit>, document: &mut Document) -> bool {
        let Some(edit) = from.pop() else { return false };
        match edit.apply(document) {
            Ok(inverse) => {
                to.push(inverse);
                true
            }
            // Cannot happen for inverses of applied edits; if it did, drop the step rather than loop.
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ops;
    use crate::model::{ElementKind, ProcessStep};

    fn with_one_step() -> Document {
        let mut document = Document::new("t");
        let step = ops::new_element(
            &document.maps[0],
            ElementKind::Process(ProcessStep::default()),
            0.0,
            0.0,
        );
        let edit = ops::add_element(0, &document.maps[0], step);
        edit.apply(&mut document).unwrap();
        document
    }

    fn renamed(document: &Document, name: &str) -> Edit {
        let mut element = document.maps[0].elements[0].clone();
        element.name = name.to_string();
        Edit::ReplaceElement { map: 0, element }
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let mut document = with_one_step();
        let original = document.clone();
        let mut history = History::default();
        let edit = renamed(&document, "Triage");
        history.apply(&mut document, edit).unwrap();
        assert_eq!(document.maps[0].elements[0].name, "Triage");
        assert!(history.undo(&mut document));
        assert_eq!(document, original);
        assert!(history.redo(&mut document));
        assert_eq!(document.maps[0].elements[0].name, "Triage");
        assert!(!history.redo(&mut document));
    }

    #[test]
    fn keystrokes_in_one_field_are_one_step() {
        let mut document = with_one_step();
        let original = document.clone();
        let mut history = History::default();
        for name in ["T", "Tr", "Tri"] {
            let edit = renamed(&document, name);
            history
                .apply_checked(&mut document, edit, Some("step-1/name"), &|_| Ok(()))
                .unwrap();
        }
        assert!(history.undo(&mut document));
        assert_eq!(document, original);
        assert!(!history.can_undo());
    }

    #[test]
    fn a_failing_batch_leaves_the_document_untouched() {
        let mut document = with_one_step();
        let original = document.clone();
        let batch = Edit::Batch(vec![
            renamed(&document, "Changed"),
            Edit::RemoveElement {
                map: 0,
                id: "ghost".into(),
            },
        ]);
        assert_eq!(
            batch.apply(&mut document),
            Err(EditError::NoElement("ghost".into()))
        );
        assert_eq!(document, original);
    }
}
