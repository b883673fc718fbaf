//! The help overlay: every shortcut (from the one list of actions), the mouse
//! and touch gestures, and how each figure is computed.

use leptos::prelude::*;

use super::dialog::focus_when_shown;
use crate::ui::actions::ACTIONS;
use crate::ui::panels::metrics::explanations;
use crate::ui::state::Store;

const GESTURES: &[(&str, &str)] = &[
    (
        "Drag an element",
        "Move it (and everything selected with it)",
    ),
    ("Shift+click", "Add to or take from the selection"),
    ("Shift+drag on empty space", "Select everything in the box"),
    (
        "Drag from the dot on an element's right",
        "Connect it to another element",
    ),
    ("Drag on empty space, Space+drag, or scroll", "Pan"),
    ("Ctrl+scroll, pinch, or the zoom buttons", "Zoom"),
    ("Drag from the palette", "Place a new element"),
    (
        "Tab, then Enter",
        "Go to an element on the map and select it",
    ),
];

#[component]
pub fn HelpOverlay() -> impl IntoView {
    let store = expect_context::<Store>();
    let close = move |_| store.help_open.set(false);
    // Esc closes it through the shortcut list (the "escape" action).
    let dialog = NodeRef::<leptos::html::Div>::new();
    focus_when_shown(dialog);
    move || {
        store.help_open.get().then(|| {
            let keys = ACTIONS
                .iter()
                .map(|a| view! { <tr><td><kbd>{a.keys}</kbd></td><td>{a.label}</td></tr> })
                .collect_view();
            let gestures = GESTURES
                .iter()
                .map(|(how, what)| view! { <tr><td>{*how}</td><td>{*what}</td></tr> })
                .collect_view();
            let figures = explanations()
                .into_iter()
                .map(|(label, how)| view! { <dt>{label}</dt><dd>{how}</dd> })
                .collect_view();
            view! {
                <div class="overlay" on:click=close>
                    <div class="help" role="dialog" aria-modal="true" aria-label="Help" tabindex="-1" node_ref=dialog on:click=|ev| ev.stop_propagation()>
                        <button type="button" class="close" aria-label="Close help" on:click=close>"\u{d7}"</button>
                        <h2>"Keyboard shortcuts"</h2>
                        <table class="shortcuts">{keys}</table>
                        <h2>"Mouse and touch"</h2>
                        <table class="shortcuts">{gestures}</table>
                        <h2>"How the figures are computed"</h2>
                        <dl class="explanations">{figures}</dl>
                    </div>
                </div>
            }
        })
    }
}
