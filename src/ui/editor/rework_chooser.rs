//! Where rework goes back to: R on a step lists the steps upstream of it,
//! nearest first, to choose with the arrow keys and Enter (or a click). The
//! flow is drawn at 10% and its probability field takes the cursor.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::capture;
use crate::ui::state::Store;

#[component]
pub fn ReworkChooser() -> impl IntoView {
    let store = expect_context::<Store>();
    let dialog = NodeRef::<leptos::html::Div>::new();
    // The nearest step has the focus at once: R then Enter sends work back one step.
    Effect::new(move |_| {
        if let Some(first) = dialog
            .get()
            .and_then(|d| d.query_selector(".rework-choice").ok().flatten())
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = first.focus();
        }
    });
    let close = move || store.rework_from.set(None);
    let pick = move |to: String| {
        let Some(from) = store.rework_from.get_untracked() else {
            return;
        };
        close();
        match store.with_map_untracked(|i, m| capture::add_rework(i, m, &from, &to)) {
            Some((edit, id)) => {
                if store.edit(edit) {
                    store.select_only(vec![id]);
                    focus_inspector_field("probability");
                }
            }
            None => store.notify("These two are already joined by rework", false),
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "Escape" => {
                ev.stop_propagation();
                let from = store.rework_from.get_untracked();
                close();
                if let Some(from) = from {
                    crate::ui::panels::inspector::focus_on_canvas(&from);
                }
                return;
            }
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
        move_focus(dialog, step);
    };
    move || {
        let from = store.rework_from.get()?;
        let choices = store.with_map_untracked(|_, m| {
            capture::rework_targets(m, &from)
                .into_iter()
                .filter_map(|id| m.element(&id).map(|e| (id, e.name.clone())))
                .collect::<Vec<_>>()
        });
        let from_name = store
            .with_map_untracked(|_, m| m.element(&from).map(|e| e.name.clone()))
            .unwrap_or_default();
        let items = choices
            .into_iter()
            .map(|(id, name)| {
                let text = if id == from {
                    format!("{name} (itself: redone on the spot)")
                } else {
                    name
                };
                view! {
                    <li><button type="button" class="rework-choice" on:click=move |_| pick(id.clone())>{text}</button></li>
                }
            })
            .collect_view();
        Some(view! {
            <div class="overlay" on:click=move |_| close()>
                <div class="dialog rework-chooser" role="dialog" aria-modal="true" aria-labelledby="rework-title"
                    tabindex="-1" node_ref=dialog on:keydown=on_key on:click=|ev| ev.stop_propagation()>
                    <h2 id="rework-title">{format!("Rework from \u{201c}{from_name}\u{201d} goes back to\u{2026}")}</h2>
                    <ul class="choices">{items}</ul>
                    <p class="hint">"\u{2191}/\u{2193} choose, Enter draws the flow at 10%, Esc cancels."</p>
                </div>
            </div>
        })
    }
}

/// Moves the focus `step` places along the dialog's choices (wrapping round).
fn move_focus(dialog: NodeRef<leptos::html::Div>, step: i32) {
    let Some(dialog) = dialog.get_untracked() else {
        return;
    };
    // The list's items, each holding its button.
    let Some(items) = dialog
        .query_selector(".choices")
        .ok()
        .flatten()
        .map(|list| list.children())
    else {
        return;
    };
    let count = items.length() as i32;
    if count == 0 {
        return;
    }
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let button = |i: i32| items.item(i as u32).and_then(|li| li.first_element_child());
    let current = (0..count).find(|&i| button(i).is_some_and(|b| Some(&b) == focused.as_ref()));
    let next = current.map_or(0, |i| (i + step).rem_euclid(count));
    if let Some(button) = button(next).and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = button.focus();
    }
}

/// Puts the cursor in the inspector's field `field` once it has been drawn
/// for the new selection, its text selected to be typed over.
fn focus_inspector_field(field: &'static str) {
    request_animation_frame(move || {
        let input = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!(".inspector [data-field=\"{field}\"]"))
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let _ = input.focus();
            input.select();
        }
    });
}
