//! The document's title in the header, renamed in place: the title is a field
//! that looks like a heading. Enter or leaving it renames (one undoable edit,
//! only when the text changed); Esc puts the title back.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::io::validate::MAX_NAME_CHARS;
use crate::model::Edit;
use crate::ui::state::Store;

#[component]
pub fn DocTitle() -> impl IntoView {
    let store = expect_context::<Store>();
    let title = move || store.document.with(|d| d.title.clone());
    let field = |ev: &leptos::ev::Event| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    };
    // `change` comes on Enter or on leaving the field, once, and only after typing.
    let rename = move |ev: leptos::ev::Event| {
        let Some(input) = field(&ev) else { return };
        let typed: String = input.value().trim().chars().take(MAX_NAME_CHARS).collect();
        let unchanged = store.document.with_untracked(|d| d.title == typed);
        if typed.is_empty() || unchanged || !store.edit(Edit::Title(typed)) {
            input.set_value(&store.document.with_untracked(|d| d.title.clone()));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(input) = field(&ev) else { return };
        match ev.key().as_str() {
            "Enter" => {
                let _ = input.blur();
            }
            "Escape" => {
                ev.stop_propagation();
                input.set_value(&store.document.with_untracked(|d| d.title.clone()));
                let _ = input.blur();
            }
            _ => {}
        }
    };
    view! {
        <input type="text" class="doc-title" aria-label="Map title" title="Rename this map" maxlength=MAX_NAME_CHARS
            prop:value=title readonly=move || store.read_only.get() on:change=rename on:keydown=on_key />
    }
}

/// Puts the cursor in the title with its text selected, ready to be typed over
/// (a new map is named first, as a new document in any editor is). The field
/// gets the title at once, not when its view catches up, so the selection holds.
pub fn focus_title(store: Store) {
    let field = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".doc-title").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(field) = field {
        field.set_value(&store.document.with_untracked(|d| d.title.clone()));
        let _ = field.focus();
        field.select();
    }
}
