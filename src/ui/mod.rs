//! The browser UI (Leptos, client-side rendered). Views read the store and the
//! analysis; they never compute a metric themselves.

mod canvas;
pub mod geometry;
mod metrics;
mod state;
mod symbols;
mod timeline;

use leptos::prelude::*;

use crate::io::{self, examples::EXAMPLES};
use crate::model::{Document, MapState};
use canvas::MapCanvas;
use metrics::MetricsPanel;
pub use state::Store;
use timeline::Timeline;

/// The example named by `?example=` in the address, or the first one.
fn requested_example() -> &'static str {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.strip_prefix("example="))
        .find_map(|key| io::examples::example(key).map(|e| e.key))
        .unwrap_or(EXAMPLES[0].key)
}

/// Loads a built-in example; a broken one (which the tests rule out) shows as an empty map.
fn load_example(key: &str) -> Result<Document, String> {
    let example = io::examples::example(key).ok_or_else(|| format!("no example named {key}"))?;
    io::load(example.json).map_err(|e| format!("example {key} cannot be read: {e}"))
}

#[component]
pub fn App() -> impl IntoView {
    let example = RwSignal::new(requested_example());
    let problem = RwSignal::new(None::<String>);
    let first = load_example(example.get_untracked()).unwrap_or_else(|e| {
        problem.set(Some(e));
        Document::new("Untitled")
    });
    let store = Store::new(first);
    provide_context(store);

    let choose_example = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        match load_example(&key) {
            Ok(document) => {
                if let Some(e) = io::examples::example(&key) {
                    example.set(e.key);
                }
                problem.set(None);
                store.replace(document);
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let tabs = move || {
        store.document.with(|d| {
            d.maps
                .iter()
                .enumerate()
                .map(|(i, map)| {
                    let state = match map.state {
                        MapState::Current => "current",
                        MapState::Future => "future",
                    };
                    view! {
                        <button class="tab" class:active=move || store.map_index.get() == i data-state=state
                            role="tab" aria-selected=move || (store.map_index.get() == i).to_string()
                            on:click=move |_| store.map_index.set(i)>
                            {map.name.clone()}
                        </button>
                    }
                })
                .collect_view()
        })
    };
    let options = EXAMPLES
        .iter()
        .map(|e| view! { <option value=e.key selected=move || example.get() == e.key>{e.label}</option> })
        .collect_view();

    view! {
        <header class="app-header">
            <div class="brand"><span class="logo" aria-hidden="true">"\u{25B6}"</span>"Takt"</div>
            <h1 class="doc-title">{move || store.document.with(|d| d.title.clone())}</h1>
            <label class="example-picker">"Example "
                <select on:change=choose_example aria-label="Example map">{options}</select>
            </label>
            <span class="read-only" title="Editing arrives with the editor; this view shows the built-in examples.">"read-only"</span>
        </header>
        {move || problem.get().map(|p| view! { <p class="banner error" role="alert">{p}</p> })}
        <nav class="tabs" role="tablist" aria-label="Maps">{tabs}</nav>
        <main class="workspace">
            <section class="map-area">
                <MapCanvas />
                <Timeline />
            </section>
            <MetricsPanel />
        </main>
    }
}
