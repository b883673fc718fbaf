//! The toolbar: the frequent actions as buttons, each titled with its shortcut
//! from the one list of actions, and the kind new connections get.

use leptos::prelude::*;

use crate::analysis::format::fixed;

use crate::model::FlowKind;
use crate::ui::actions::{self, ACTIONS};
use crate::ui::state::{Screen, Store};

/// Stroke paths of the toolbar icons, on a 20 x 20 grid.
fn icon_path(id: &str) -> &'static str {
    match id {
        "undo" => "M7 5 L3 9 L7 13 M3 9 H13 A4 4 0 0 1 13 17 H9",
        "redo" => "M13 5 L17 9 L13 13 M17 9 H7 A4 4 0 0 0 7 17 H11",
        "connect" => "M3 10 H16 M12 6 L16 10 L12 14",
        "duplicate" => "M7 7 H16 V16 H7 Z M4 13 V4 H13",
        "align" => "M3 10 H17 M5 6 V14 M10 6 V14 M15 6 V14",
        "layout" => {
            "M3 4 H8 V8 H3 Z M12 4 H17 V8 H12 Z M12 12 H17 V16 H12 Z M8 6 H12 M10 6 V14 H12"
        }
        "delete" => "M4 6 H16 M8 6 V4 H12 V6 M6 6 L7 17 H13 L14 6",
        "zoom-in" => "M4 10 H16 M10 4 V16",
        "zoom-out" => "M4 10 H16",
        "fit" => "M3 7 V3 H7 M13 3 H17 V7 M17 13 V17 H13 M7 17 H3 V13",
        _ => "",
    }
}

/// A button for the action `id`: its title says what it does and its shortcut.
fn action_button(store: Store, id: &'static str, enabled: Signal<bool>) -> impl IntoView {
    let title = ACTIONS
        .iter()
        .find(|a| a.id == id)
        .map_or(String::new(), |a| format!("{} ({})", a.label, a.keys));
    view! {
        <button type="button" class="tool" data-action=id title=title.clone() aria-label=title
            disabled=move || !enabled.get()
            on:click=move |_| actions::run(id, &store)>
            {match icon_path(id) {
                "" => view! { <span>"?"</span> }.into_any(),
                path => view! { <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><path d=path /></svg> }.into_any(),
            }}
        </button>
    }
}

#[component]
pub fn Toolbar() -> impl IntoView {
    let store = expect_context::<Store>();
    let can_undo = Memo::new(move |_| store.history.with(|h| h.can_undo()));
    let can_redo = Memo::new(move |_| store.history.with(|h| h.can_redo()));
    let choose_kind = move |ev: leptos::ev::Event| {
        if let Some(kind) = FlowKind::from_key(&event_target_value(&ev)) {
            store.flow_kind.set(kind);
        }
    };
    let kinds = FlowKind::all()
        .into_iter()
        .map(|k| {
            let key = k.key();
            view! { <option value=key selected=move || store.flow_kind.with(|f| f.key() == key)>{k.label()}</option> }
        })
        .collect_view();
    let zoom = move || format!("{}%", fixed(store.view.get().zoom * 100.0, 0));
    let always = Signal::stored(true);
    let on_table = move || store.screen.get() == Screen::Table;
    view! {
        <div class="toolbar" role="toolbar" aria-label="Editing">
            <span class="group">
                {action_button(store, "undo", can_undo.into())}
                {action_button(store, "redo", can_redo.into())}
            </span>
            <span class="group">
                <label class="flow-kind" title="The kind of flow new connections get">"Connect as "
                    <select on:change=choose_kind aria-label="Flow kind for new connections">{kinds}</select>
                </label>
                {action_button(store, "connect", always)}
            </span>
            <span class="group">
                {action_button(store, "duplicate", always)}
                {action_button(store, "align", always)}
                {action_button(store, "layout", always)}
                {action_button(store, "delete", always)}
            </span>
            <span class="group">
                {action_button(store, "zoom-out", always)}
                <span class="zoom" aria-live="polite">{zoom}</span>
                {action_button(store, "zoom-in", always)}
                {action_button(store, "fit", always)}
            </span>
            <span class="group view-switch" role="group" aria-label="View">
                <button type="button" class:active=move || !on_table() aria-pressed=move || (!on_table()).to_string()
                    on:click=move |_| store.screen.set(Screen::Canvas)>"Map"</button>
                <button type="button" class:active=on_table aria-pressed=move || on_table().to_string()
                    on:click=move |_| store.screen.set(Screen::Table)>"Table"</button>
            </span>
            {action_button(store, "help", always)}
        </div>
    }
}
