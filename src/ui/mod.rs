//! The browser UI (Leptos, client-side rendered). Views read the store and the
//! analysis; they never compute a metric themselves.

mod actions;
mod balance;
mod canvas;
mod fields;
pub mod geometry;
mod help;
mod inspector;
mod metrics;
mod palette;
mod state;
mod symbols;
mod table;
mod timeline;
mod toolbar;

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use crate::io::{self, examples::EXAMPLES};
use crate::model::generate::generated_map;
use crate::model::{Document, MapState};
use balance::BalanceChart;
use canvas::MapCanvas;
use help::HelpOverlay;
use inspector::Inspector;
use metrics::MetricsPanel;
use palette::Palette;
use state::Screen;
pub use state::Store;
use table::MapTable;
use timeline::Timeline;
use toolbar::Toolbar;

/// The value of `name` in the address's query (`?name=value`).
fn query_parameter(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .map(str::to_string)
}

/// The example named by `?example=` in the address, or the first one.
fn requested_example() -> &'static str {
    query_parameter("example")
        .and_then(|key| io::examples::example(&key).map(|e| e.key))
        .unwrap_or(EXAMPLES[0].key)
}

/// `?generate=N` opens a generated map of N blocks (about 10 elements each), for benchmarks.
fn requested_generated() -> Option<Document> {
    let blocks: usize = query_parameter("generate")?.parse().ok()?;
    let mut document = Document::new("Generated map");
    document.maps = vec![generated_map(blocks.clamp(1, 1_000))];
    Some(document)
}

/// Whether a key press belongs to a text field rather than to the editor.
fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// The editor's keyboard: shortcuts from the list of actions, outside text fields.
/// In a field, Esc returns to the map and Ctrl+Enter adds the next step.
fn on_key(store: Store, ev: web_sys::KeyboardEvent) {
    let ctrl = ev.ctrl_key() || ev.meta_key();
    if typing_in_field(&ev) {
        match ev.key().as_str() {
            "Escape" => {
                if let Some(field) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = field.blur();
                }
                if let Some(id) = store.selection.get_untracked().last() {
                    inspector::focus_on_canvas(id);
                }
            }
            "Enter" if ctrl => {
                ev.prevent_default();
                actions::run("next-step", &store);
            }
            _ => {}
        }
        return;
    }
    // On an element of the map, Enter selects it (Shift+Enter adds it to the selection).
    if ev.key() == "Enter" {
        let focused = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if let Some(id) = focused
            .and_then(|e| e.get_attribute("data-id"))
            .filter(|_| store.screen.get_untracked() == Screen::Canvas)
        {
            if ev.shift_key() {
                store.toggle_selected(&id);
            } else {
                store.select_only(vec![id]);
            }
            ev.prevent_default();
            return;
        }
    }
    if let Some(action) = actions::for_key(&ev.key(), ctrl, ev.shift_key()) {
        ev.prevent_default();
        (action.run)(&store);
    }
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
    let first = requested_generated().unwrap_or_else(|| {
        load_example(example.get_untracked()).unwrap_or_else(|e| {
            problem.set(Some(e));
            Document::new("Untitled")
        })
    });
    let store = Store::new(first);
    provide_context(store);
    store.request_fit();

    let _ = window_event_listener(leptos::ev::keydown, move |ev| on_key(store, ev));

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
    // The tabs change with the maps' names, not with every edit.
    let maps = Memo::new(move |_| {
        store.document.with(|d| {
            d.maps
                .iter()
                .map(|m| (m.name.clone(), m.state))
                .collect::<Vec<_>>()
        })
    });
    let tabs = move || {
        maps.with(|maps| {
            maps.iter()
                .enumerate()
                .map(|(i, (name, map_state))| {
                    let state = match map_state {
                        MapState::Current => "current",
                        MapState::Future => "future",
                    };
                    view! {
                        <button class="tab" class:active=move || store.map_index.get() == i data-state=state
                            role="tab" aria-selected=move || (store.map_index.get() == i).to_string()
                            on:click=move |_| store.show_map(i)>
                            {name.clone()}
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
    let center = move || match store.screen.get() {
        Screen::Canvas => view! { <MapCanvas /> }.into_any(),
        Screen::Table => view! { <MapTable /> }.into_any(),
    };

    view! {
        <header class="app-header">
            <div class="brand"><span class="logo" aria-hidden="true">"\u{25B6}"</span>"Takt"</div>
            <h1 class="doc-title">{move || store.document.with(|d| d.title.clone())}</h1>
            <label class="example-picker">"Example "
                <select on:change=choose_example aria-label="Example map">{options}</select>
            </label>
        </header>
        {move || problem.get().map(|p| view! { <p class="banner error" role="alert">{p}</p> })}
        <nav class="tabs" role="tablist" aria-label="Maps">{tabs}</nav>
        <Toolbar />
        <main class="workspace">
            <Palette />
            <section class="map-area">
                <div class="map-view">{center}</div>
                <div class="under-map">
                    <Timeline />
                    <BalanceChart />
                </div>
            </section>
            <aside class="side">
                <Inspector />
                <MetricsPanel />
            </aside>
        </main>
        <NoticeView />
        <HelpOverlay />
    }
}

/// The latest message: information fades after a few seconds, errors stay until dismissed.
#[component]
fn NoticeView() -> impl IntoView {
    let store = expect_context::<Store>();
    Effect::new(move |_| {
        if let Some(notice) = store.notice.get()
            && !notice.error
        {
            set_timeout(
                move || {
                    if store.notice.get_untracked().as_ref() == Some(&notice) {
                        store.notice.set(None);
                    }
                },
                std::time::Duration::from_secs(4),
            );
        }
    });
    move || {
        store.notice.get().map(|n| {
            let role = if n.error { "alert" } else { "status" };
            view! {
                <div class="notice" class:error=n.error role=role>
                    <span>{n.text}</span>
                    <button type="button" class="close" aria-label="Dismiss" on:click=move |_| store.notice.set(None)>"\u{d7}"</button>
                </div>
            }
        })
    }
}
