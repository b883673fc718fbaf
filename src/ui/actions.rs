//! Every user action in one place, with its keyboard shortcut: the keyboard
//! handler, the toolbar and the help overlay all read this list.

use std::collections::HashSet;

use leptos::prelude::*;

use super::editor::geometry;
use super::editor::symbols::data_line_count;
use super::state::{Screen, Store, View};
use crate::model::ops::{self, GRID};
use crate::model::{Edit, ElementKind, capture};

/// A key that triggers an action: `key` as `KeyboardEvent.key` gives it, lowercase.
#[derive(Clone, Copy)]
pub struct Key {
    pub key: &'static str,
    pub ctrl: bool,
    pub shift: bool,
}

const fn key(key: &'static str) -> Key {
    Key {
        key,
        ctrl: false,
        shift: false,
    }
}

const fn ctrl(key: &'static str) -> Key {
    Key {
        key,
        ctrl: true,
        shift: false,
    }
}

const fn ctrl_shift(key: &'static str) -> Key {
    Key {
        key,
        ctrl: true,
        shift: true,
    }
}

pub struct Action {
    pub id: &'static str,
    pub label: &'static str,
    /// How the shortcut reads in the help overlay.
    pub keys: &'static str,
    pub shortcuts: &'static [Key],
    pub run: fn(&Store),
}

pub const ACTIONS: &[Action] = &[
    Action {
        id: "undo",
        label: "Undo",
        keys: "Ctrl+Z",
        shortcuts: &[ctrl("z")],
        run: |s| s.undo(),
    },
    Action {
        id: "redo",
        label: "Redo",
        keys: "Ctrl+Shift+Z or Ctrl+Y",
        shortcuts: &[ctrl_shift("z"), ctrl("y")],
        run: |s| s.redo(),
    },
    Action {
        id: "next-step",
        label: "Add the next step after the selected one (the first step on an empty map)",
        keys: "N",
        shortcuts: &[key("n")],
        run: add_next_step,
    },
    Action {
        id: "queue",
        label: "Add a queue (inventory) after the selected element",
        keys: "Q",
        shortcuts: &[key("q")],
        run: add_queue,
    },
    Action {
        id: "branch",
        label: "Add a parallel branch beside the selected step",
        keys: "B",
        shortcuts: &[key("b")],
        run: add_branch,
    },
    Action {
        id: "rework",
        label: "Send rework from the selected step back to a step upstream",
        keys: "R",
        shortcuts: &[key("r")],
        run: choose_rework,
    },
    Action {
        id: "customer",
        label: "End the stream at the customer, after the selected element",
        keys: "E",
        shortcuts: &[key("e")],
        run: add_customer,
    },
    Action {
        id: "connect",
        label: "Connect the selected elements, first to second",
        keys: "C",
        shortcuts: &[key("c")],
        run: connect_selected,
    },
    Action {
        id: "delete",
        label: "Delete the selection",
        keys: "Delete or Backspace",
        shortcuts: &[key("delete"), key("backspace")],
        run: delete_selected,
    },
    Action {
        id: "duplicate",
        label: "Duplicate the selection",
        keys: "Ctrl+D",
        shortcuts: &[ctrl("d")],
        run: duplicate,
    },
    Action {
        id: "copy",
        label: "Copy",
        keys: "Ctrl+C",
        shortcuts: &[ctrl("c")],
        run: copy,
    },
    Action {
        id: "cut",
        label: "Cut",
        keys: "Ctrl+X",
        shortcuts: &[ctrl("x")],
        run: cut,
    },
    Action {
        id: "paste",
        label: "Paste (also into another map)",
        keys: "Ctrl+V",
        shortcuts: &[ctrl("v")],
        run: paste,
    },
    Action {
        id: "select-all",
        label: "Select everything",
        keys: "Ctrl+A",
        shortcuts: &[ctrl("a")],
        run: select_all,
    },
    Action {
        id: "align",
        label: "Align the selection left to right",
        keys: "A",
        shortcuts: &[key("a")],
        run: align,
    },
    Action {
        id: "layout",
        label: "Auto-layout the map",
        keys: "L",
        shortcuts: &[key("l")],
        run: layout,
    },
    Action {
        id: "fit",
        label: "Fit the map to the window",
        keys: "F",
        shortcuts: &[key("f")],
        run: |s| s.request_fit(),
    },
    Action {
        id: "zoom-in",
        label: "Zoom in",
        keys: "+",
        shortcuts: &[key("+"), key("=")],
        run: |s| zoom(s, 1.25),
    },
    Action {
        id: "zoom-out",
        label: "Zoom out",
        keys: "\u{2212}",
        shortcuts: &[key("-")],
        run: |s| zoom(s, 0.8),
    },
    Action {
        id: "table",
        label: "Switch between the map and the table of steps",
        keys: "T",
        shortcuts: &[key("t")],
        run: toggle_table,
    },
    Action {
        id: "nudge-left",
        label: "Move the selection left",
        keys: "\u{2190}",
        shortcuts: &[key("arrowleft")],
        run: |s| nudge(s, -GRID, 0.0),
    },
    Action {
        id: "nudge-right",
        label: "Move the selection right",
        keys: "\u{2192}",
        shortcuts: &[key("arrowright")],
        run: |s| nudge(s, GRID, 0.0),
    },
    Action {
        id: "nudge-up",
        label: "Move the selection up",
        keys: "\u{2191}",
        shortcuts: &[key("arrowup")],
        run: |s| nudge(s, 0.0, -GRID),
    },
    Action {
        id: "nudge-down",
        label: "Move the selection down",
        keys: "\u{2193}",
        shortcuts: &[key("arrowdown")],
        run: |s| nudge(s, 0.0, GRID),
    },
    Action {
        id: "escape",
        label: "Clear the selection, close this help",
        keys: "Esc",
        shortcuts: &[key("escape")],
        run: escape,
    },
    Action {
        id: "help",
        label: "Show the keyboard shortcuts",
        keys: "?",
        shortcuts: &[key("?")],
        run: |s| s.help_open.update(|o| *o = !*o),
    },
];

/// The action a key press triggers, if any.
pub fn for_key(pressed: &str, ctrl: bool, shift: bool) -> Option<&'static Action> {
    let pressed = pressed.to_ascii_lowercase();
    ACTIONS.iter().find(|a| {
        // "?" and "+" need Shift on most layouts, so Shift only counts together with Ctrl.
        a.shortcuts
            .iter()
            .any(|k| k.key == pressed && k.ctrl == ctrl && (!k.ctrl || k.shift == shift))
    })
}

pub fn run(id: &str, store: &Store) {
    if let Some(action) = ACTIONS.iter().find(|a| a.id == id) {
        (action.run)(store);
    }
}

fn selected_elements(store: &Store) -> Vec<String> {
    let ids = store.selection.get_untracked();
    store.with_map_untracked(|_, m| {
        ids.into_iter()
            .filter(|id| m.element(id).is_some())
            .collect()
    })
}

/// What quick entry adds after or beside an element: the edit and the new id.
type Capture = fn(usize, &crate::model::Map, &str) -> Option<(Edit, String)>;

/// Adds what `capture` makes from the last selected element (`needs` says what
/// to select when nothing is), and names it.
fn quick_add(store: &Store, capture: Capture, needs: &str) {
    let Some(at) = selected_elements(store).last().cloned() else {
        store.notify(needs, false);
        return;
    };
    match store.with_map_untracked(|i, m| capture(i, m, &at)) {
        Some((edit, id)) => add_and_name(store, edit, id),
        None => store.notify("That cannot be added to a kaizen burst", false),
    }
}

fn add_next_step(store: &Store) {
    let empty = store.with_map_untracked(|_, m| m.elements.is_empty());
    if empty {
        // The first step of a new stream: where the view is.
        let step = ElementKind::Process(Default::default());
        return add_in_free_spot(store, step);
    }
    quick_add(
        store,
        capture::add_next_step,
        "Select a step first: N adds the next step after it",
    );
}

fn add_queue(store: &Store) {
    quick_add(
        store,
        capture::add_queue,
        "Select a step first: Q adds the queue after it",
    );
}

fn add_branch(store: &Store) {
    quick_add(
        store,
        capture::add_branch,
        "Select a step first: B adds a step in parallel with it",
    );
}

fn add_customer(store: &Store) {
    let Some(at) = selected_elements(store).last().cloned() else {
        store.notify(
            "Select the last step first: E ends the stream at the customer after it",
            false,
        );
        return;
    };
    match store.with_map_untracked(|i, m| capture::add_customer(i, m, &at)) {
        Some((edit, id)) => add_and_name(store, edit, id),
        None => store.notify("This is already joined to the customer", false),
    }
}

fn choose_rework(store: &Store) {
    let Some(from) = selected_elements(store).last().cloned() else {
        store.notify(
            "Select the step that sends work back first, then press R",
            false,
        );
        return;
    };
    if store.with_map_untracked(|_, m| capture::rework_targets(m, &from).is_empty()) {
        store.notify(
            "Rework goes back to a process step: there is none upstream of this",
            false,
        );
        return;
    }
    store.rework_from.set(Some(from));
}

fn connect_selected(store: &Store) {
    let chosen = selected_elements(store);
    let [from, to] = chosen.as_slice() else {
        store.notify(
            "Select two elements (Shift+click), then press C to connect the first to the second",
            false,
        );
        return;
    };
    let kind = store.flow_kind.get_untracked();
    match store.with_map_untracked(|i, m| ops::connect(i, m, from, to, kind)) {
        Some((edit, id)) => {
            if store.edit(edit) {
                store.select_only(vec![id]);
            }
        }
        None => store.notify(
            "These two cannot be connected that way (already connected, or a kaizen burst)",
            false,
        ),
    }
}

fn delete_selected(store: &Store) {
    let ids = store.selected_set();
    if let Some(edit) = store.with_map_untracked(|i, m| ops::delete(i, m, &ids))
        && store.edit(edit)
    {
        store.selection.set(Vec::new());
    }
}

fn copy(store: &Store) {
    let ids = store.selected_set();
    let clip = store.with_map_untracked(|_, m| ops::copy(m, &ids));
    if !clip.elements.is_empty() {
        store.clipboard.set_value(clip);
    }
}

fn cut(store: &Store) {
    copy(store);
    delete_selected(store);
}

fn paste_clip(store: &Store, clip: &ops::Clip, offset: f64) {
    if let Some((edit, ids)) =
        store.with_map_untracked(|i, m| ops::paste(i, m, clip, offset, offset))
        && store.edit(edit)
    {
        store.select_only(ids);
    }
}

fn paste(store: &Store) {
    let clip = store.clipboard.get_value();
    paste_clip(store, &clip, 40.0);
}

fn duplicate(store: &Store) {
    let ids = store.selected_set();
    let clip = store.with_map_untracked(|_, m| ops::copy(m, &ids));
    paste_clip(store, &clip, 40.0);
}

fn select_all(store: &Store) {
    let ids = store.with_map_untracked(|_, m| m.elements.iter().map(|e| e.id.clone()).collect());
    store.select_only(ids);
}

fn align(store: &Store) {
    let ids: HashSet<String> = selected_elements(store).into_iter().collect();
    match store.with_map_untracked(|i, m| ops::align_left_to_right(i, m, &ids)) {
        Some(edit) => {
            store.edit(edit);
        }
        None => store.notify("Select two or more elements to align them", false),
    }
}

fn layout(store: &Store) {
    let edit = store.with_map_untracked(|i, m| {
        ops::set_positions(i, m, &super::editor::layout::lay_out(m, data_line_count))
    });
    if let Some(edit) = edit {
        store.edit(edit);
    }
    store.request_fit();
}

fn zoom(store: &Store, factor: f64) {
    // Around the top-left quarter of a typical canvas: close enough to its centre without measuring it.
    store
        .view
        .update(|v| *v = v.zoomed_at(factor, 400.0, 250.0));
}

fn toggle_table(store: &Store) {
    store.screen.update(|s| {
        *s = match s {
            Screen::Canvas => Screen::Table,
            Screen::Table | Screen::Library | Screen::Compare => Screen::Canvas,
        }
    });
}

fn nudge(store: &Store, dx: f64, dy: f64) {
    let ids = selected_elements(store);
    let edit = store.with_map_untracked(|i, m| {
        let edits: Vec<Edit> = ids
            .iter()
            .filter_map(|id| {
                let mut e = m.element(id)?.clone();
                e.x += dx;
                e.y += dy;
                Some(Edit::ReplaceElement { map: i, element: e })
            })
            .collect();
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    });
    if let Some(edit) = edit {
        store.edit_merged(edit, &format!("nudge/{}", ids.join(",")));
    }
}

fn escape(store: &Store) {
    if store.help_open.get_untracked() {
        store.help_open.set(false);
    } else {
        store.selection.set(Vec::new());
    }
}

/// The canvas's rectangle on screen.
pub fn canvas_rect() -> Option<web_sys::DomRect> {
    web_sys::window()?
        .document()?
        .query_selector(".canvas")
        .ok()
        .flatten()
        .map(|c| c.get_bounding_client_rect())
}

/// Adds an element of `kind` where a clicked palette item goes: in free space
/// beside the selected element (after an add, the one just added), else around
/// the middle of the view.
pub fn add_in_free_spot(store: &Store, kind: ElementKind) {
    let (x, y) = free_spot_in_view(store, &kind);
    add_element_at(store, kind, x, y);
}

fn free_spot_in_view(store: &Store, kind: &ElementKind) -> (f64, f64) {
    let (width, height) = canvas_rect().map_or((800.0, 500.0), |r| (r.width(), r.height()));
    let centre = store.view.get_untracked().to_map(width / 2.0, height / 2.0);
    let anchor_id = store.selection.get_untracked().last().cloned();
    store.with_map_untracked(|_, m| {
        let new = ops::new_element(m, kind.clone(), 0.0, 0.0);
        let anchor = anchor_id.as_deref().and_then(|id| m.element(id));
        geometry::free_spot(m, &new, anchor, centre, data_line_count)
    })
}

/// Adds an element of `kind` at map point (x, y) and selects it.
pub fn add_element_at(store: &Store, kind: ElementKind, x: f64, y: f64) {
    let (edit, id) = store.with_map_untracked(|i, m| {
        let element = ops::new_element(m, kind, x, y);
        let id = element.id.clone();
        (ops::add_element(i, m, element), id)
    });
    add_and_name(store, edit, id);
}

/// Makes `edit`, which adds the element `id`, then selects it, keeps it in view
/// and puts the cursor in its name, ready to be typed over.
fn add_and_name(store: &Store, edit: Edit, id: String) {
    if store.edit(edit) {
        store.select_only(vec![id.clone()]);
        reveal(store, &id);
        store.focus_name.set(Some(id));
    }
}

/// Pans the canvas, as little as needed, so the element `id` is in view (the
/// one just added, whose name is being typed, or the one Tab goes to).
pub fn reveal(store: &Store, id: &str) {
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".canvas").ok().flatten())
        .map(|c| c.get_bounding_client_rect());
    let Some(canvas) = canvas else { return };
    // A flow is shown by its start.
    let Some(bounds) = store.with_map_untracked(|_, m| {
        let id = m
            .flows
            .iter()
            .find(|f| f.id == id)
            .map_or(id, |f| f.from.as_str());
        m.element(id)
            .map(|e| geometry::full_bounds(e, data_line_count(e)))
    }) else {
        return;
    };
    let view = store.view.get_untracked();
    let (dx, dy) = geometry::pan_to_show(
        (view.dx, view.dy, view.zoom),
        &bounds,
        canvas.width(),
        canvas.height(),
    );
    if (dx, dy) != (view.dx, view.dy) {
        store.view.set(View { dx, dy, ..view });
    }
}
