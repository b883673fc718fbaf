//! The browser UI (Leptos, client-side rendered). Views read the store and the
//! analysis; they never compute a metric themselves.

mod actions;
pub mod editor;
pub(crate) mod panels;
mod persist;
pub(crate) mod shell;
mod state;
pub(crate) mod widgets;

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use crate::io::{self, examples::EXAMPLES, link};
use crate::model::generate::generated_map;
use crate::model::{Document, MapState};
use editor::canvas::MapCanvas;
use editor::palette::Palette;
use panels::balance::BalanceChart;
use panels::inspector::Inspector;
use panels::metrics::MetricsPanel;
use panels::table::MapTable;
use panels::timeline::Timeline;
use persist::Keeper;
use shell::banners::{Banners, SaveBadge};
use shell::help::HelpOverlay;
use shell::toolbar::Toolbar;
use state::Screen;
pub use state::Store;

/// A panic stops the app (wasm cannot unwind): say so on the page and in the
/// console, rather than leave a page that silently stopped answering. Work is
/// kept up to the last autosave.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("Takt stopped because of an internal error: {info}");
        web_sys::console::error_1(&message.as_str().into());
        let page = web_sys::window().and_then(|w| w.document());
        if let Some((page, body)) = page.as_ref().and_then(|d| Some((d, d.body()?)))
            && let Ok(banner) = page.create_element("p")
        {
            banner.set_class_name("banner error fatal");
            let _ = banner.set_attribute("role", "alert");
            banner.set_text_content(Some(&format!(
                "{message}. Your work is kept up to its last save: reload the page to go on."
            )));
            let _ = body.prepend_with_node_1(&banner);
        }
    }));
}

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
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// Whether a key press happens inside a dialog or an open menu, which own their keys.
fn inside_dialog_or_menu(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            e.closest("[role=dialog], [role=alertdialog], details[open], [role=menu]")
                .ok()
                .flatten()
                .is_some()
        })
}

/// Whether nothing has the focus (the focused node was redrawn away).
fn focus_was_dropped() -> bool {
    let document = web_sys::window().and_then(|w| w.document());
    let active = document.as_ref().and_then(|d| d.active_element());
    match (active, document.and_then(|d| d.body())) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.as_ref() || !active.is_connected(),
        (Some(active), None) => !active.is_connected(),
    }
}

/// The editor's keyboard: shortcuts from the list of actions, only on the screens
/// that show the map (never on the Library or Compare, where the map is hidden),
/// and never while a text field, a dialog or a menu has the focus. In a field, Esc
/// returns to the map and Ctrl+Enter adds the next step.
fn on_key(store: Store, ev: web_sys::KeyboardEvent) {
    let ctrl = ev.ctrl_key() || ev.meta_key();
    let map_shown = matches!(store.screen.get_untracked(), Screen::Canvas | Screen::Table);
    if typing_in_field(&ev) {
        if !map_shown {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                if let Some(field) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = field.blur();
                }
                if let Some(id) = store.selection.get_untracked().last() {
                    panels::inspector::focus_on_canvas(id);
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
        // Elements carry data-id, flows data-flow; both are selected the same way.
        if let Some(id) = focused
            .and_then(|e| {
                e.get_attribute("data-id")
                    .or_else(|| e.get_attribute("data-flow"))
            })
            .filter(|_| store.screen.get_untracked() == Screen::Canvas)
        {
            if ev.shift_key() {
                store.toggle_selected(&id);
            } else {
                store.select_only(vec![id.clone()]);
            }
            // Selecting redraws the element: the focus goes back to the new drawing,
            // unless a key pressed meanwhile (R opens a dialog) has put it elsewhere.
            request_animation_frame(move || {
                if focus_was_dropped() {
                    panels::inspector::focus_on_canvas(&id);
                }
            });
            ev.prevent_default();
            return;
        }
    }
    // On a map drawn only near the view, Tab still reaches every element and flow.
    if ev.key() == "Tab" && !ctrl && store.screen.get_untracked() == Screen::Canvas {
        let next = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| {
                e.get_attribute("data-id")
                    .or_else(|| e.get_attribute("data-flow"))
            })
            .and_then(|id| editor::canvas::tab_target(&store, &id, ev.shift_key()));
        if let Some(next) = next {
            ev.prevent_default();
            actions::reveal(&store, &next);
            // Once the view has moved, the element is drawn: then it takes the focus.
            request_animation_frame(move || panels::inspector::focus_on_canvas(&next));
            return;
        }
    }
    let Some(action) = actions::for_key(&ev.key(), ctrl, ev.shift_key()) else {
        return;
    };
    // The help overlay is a dialog: only its own key (? or Esc) closes it.
    let help_key = matches!(action.id, "help" | "escape");
    if store.help_open.get_untracked() && !help_key {
        return;
    }
    if (!map_shown || inside_dialog_or_menu(&ev)) && !(help_key && store.help_open.get_untracked())
    {
        return;
    }
    ev.prevent_default();
    (action.run)(&store);
}

/// Opens the share link in the address, if there is one, on the map it was made
/// on; says why if it cannot. True when it opened (or when something the user
/// asked for meanwhile was opened instead).
async fn open_shared_link(keeper: Keeper, store: Store, problem: RwSignal<Option<String>>) -> bool {
    let fragment = persist::address_fragment();
    let Some((payload, map)) = link::read_fragment(&fragment) else {
        return false;
    };
    let ticket = keeper.intend();
    let unpacked = crate::browser::packing::unpack(payload).await;
    if !keeper.still_intended(ticket) {
        return true;
    }
    match unpacked {
        Ok(document) => {
            let map = map.min(document.maps.len().saturating_sub(1));
            problem.set(None);
            keeper.show_shared(document);
            store.show_map(map);
            true
        }
        Err(e) => {
            problem.set(Some(format!("This link could not be opened: {e}.")));
            false
        }
    }
}

/// What the app opens with: a shared link, a generated map, a saved document,
/// an example, the newest saved document, or the first example. `ticket` is the
/// request taken at start-up: whatever the user opens meanwhile wins.
async fn open_first(keeper: Keeper, store: Store, problem: RwSignal<Option<String>>, ticket: u64) {
    if !keeper.still_intended(ticket) || open_shared_link(keeper, store, problem).await {
        return;
    }
    if let Some(document) = requested_generated() {
        return keeper.open(document, None);
    }
    if let Some(id) = query_parameter("doc")
        && (keeper.open_saved_for(&id, ticket).await || !keeper.still_intended(ticket))
    {
        return;
    }
    if query_parameter("example").is_none() {
        let newest = keeper
            .library
            .with_untracked(|l| l.iter().find(|e| e.maps > 0).map(|e| e.id.clone()));
        if let Some(id) = newest
            && (keeper.open_saved_for(&id, ticket).await || !keeper.still_intended(ticket))
        {
            return;
        }
    }
    shell::files::open_example_for(keeper, store, requested_example(), ticket);
}

/// Runs `export` with the map on screen (switching to it first if needed).
fn export_picture(store: Store, export: fn(Store)) {
    if store.screen.get_untracked() == Screen::Canvas {
        export(store);
    } else {
        store.screen.set(Screen::Canvas);
        // Once the canvas has been drawn and fitted.
        set_timeout(move || export(store), std::time::Duration::from_millis(250));
    }
}

#[component]
pub fn App() -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let store = Store::new(Document::new("Untitled map"));
    provide_context(store);
    panels::forecast::keep_forecast(store);
    let keeper = Keeper::new(store);
    provide_context(keeper);
    let first = keeper.intend();
    leptos::task::spawn_local(async move {
        // The library is readied first (moved from an earlier Takt's storage, listed).
        keeper.start().await;
        open_first(keeper, store, problem, first).await;
    });

    let _ = window_event_listener(leptos::ev::keydown, move |ev| on_key(store, ev));
    // A share link pasted into this tab's address bar changes only the fragment.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        leptos::task::spawn_local(async move {
            open_shared_link(keeper, store, problem).await;
        });
    });
    let dragging_file = RwSignal::new(false);
    shell::files::accept_dropped_files(keeper, store, dragging_file);
    let import_input = NodeRef::<leptos::html::Input>::new();
    let share_open = RwSignal::new(false);

    let choose_example = move |ev: leptos::ev::Event| {
        problem.set(None);
        shell::files::open_example(keeper, store, &event_target_value(&ev));
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
                    let future = *map_state == MapState::Future;
                    let label = name.clone();
                    view! {
                        <span class="tab-wrap">
                            <button class="tab" class:active=move || store.map_index.get() == i data-state=state
                                aria-current=move || (store.map_index.get() == i).to_string()
                                on:click=move |_| {
                                    store.show_map(i);
                                    if matches!(store.screen.get_untracked(), Screen::Library | Screen::Compare) {
                                        store.screen.set(Screen::Canvas);
                                    }
                                }>
                                {name.clone()}
                            </button>
                            {future.then(|| view! {
                                <button type="button" class="tab-close" aria-label=format!("Remove {label}") title="Remove this future state (undo brings it back)"
                                    on:click=move |_| {
                                        if store.edit(crate::model::Edit::RemoveMap { index: i }) {
                                            store.show_map(0);
                                        }
                                    }>"\u{d7}"</button>
                            })}
                        </span>
                    }
                })
                .collect_view()
        })
    };
    let options = EXAMPLES
        .iter()
        .map(|e| view! { <option value=e.key>{e.label}</option> })
        .collect_view();
    let on_library = move || store.screen.get() == Screen::Library;
    let export_item = move |label: &'static str, action: fn(Store)| {
        view! {
            <button type="button" role="menuitem" on:click=move |ev| {
                close_menu(&ev);
                action(store);
            }>{label}</button>
        }
    };
    // Rebuilt only between the library, the comparison and the editor, not between map and table.
    let page = Memo::new(move |_| match store.screen.get() {
        Screen::Canvas | Screen::Table => Screen::Canvas,
        other => other,
    });
    let map_or_table = move || match store.screen.get() {
        Screen::Table => view! { <MapTable /> }.into_any(),
        _ => view! { <MapCanvas /> }.into_any(),
    };
    let workspace = move || match page.get() {
        Screen::Library => {
            view! { <main class="page"><shell::library::Library /></main> }.into_any()
        }
        Screen::Compare => {
            view! { <main class="page"><panels::compare::Comparison /></main> }.into_any()
        }
        _ => view! {
            // A landmark of its own, so every part of the page is in one.
            <section class="tools" aria-label="Map tools"><Toolbar /></section>
            <main class="workspace" class:read-only=move || store.read_only.get()>
                <Palette />
                <section class="map-area">
                    <div class="map-view">{map_or_table}</div>
                    <div class="under-map">
                        <Timeline />
                        <BalanceChart />
                    </div>
                </section>
                <aside class="side">
                    <Inspector />
                    <MetricsPanel />
                    <panels::forecast::ForecastPanel />
                    <panels::kaizen::KaizenList />
                </aside>
            </main>
        }
        .into_any(),
    };

    view! {
        <header class="app-header">
            <h1 class="brand"><span class="logo" aria-hidden="true">"\u{25B6}"</span>"Takt"</h1>
            <button type="button" class="header-button" class:active=on_library aria-pressed=move || on_library().to_string()
                on:click=move |_| store.screen.update(|s| *s = if *s == Screen::Library { Screen::Canvas } else { Screen::Library })>
                "Library"
            </button>
            <shell::title::DocTitle />
            <SaveBadge />
            <div class="header-actions">
                <button type="button" class="header-button" on:click=move |_| {
                    if let Some(input) = import_input.get_untracked() { input.click(); }
                }>"Import"</button>
                <shell::files::ImportPicker node_ref=import_input />
                <details class="menu">
                    <summary class="header-button">"Export"</summary>
                    <div class="menu-items" role="menu">
                        {export_item("Document (JSON)", shell::files::export_json)}
                        {export_item("Map picture (SVG)", |s| export_picture(s, shell::picture::export_svg))}
                        {export_item("Map picture (PNG)", |s| export_picture(s, shell::picture::export_png))}
                        {export_item("Steps (CSV)", shell::files::export_csv)}
                        {export_item("Lead-time forecast (CSV)", shell::files::export_forecast_csv)}
                        {export_item("Comparison with the future state (CSV)", shell::files::export_comparison_csv)}
                        {export_item("Print\u{2026}", |_| print_page())}
                    </div>
                </details>
                <button type="button" class="header-button" on:click=move |_| share_open.set(true)>"Share link"</button>
                <label class="example-picker">
                    <select on:change=choose_example aria-label="Example map">
                        <option value="" selected=true disabled=true>"Open an example\u{2026}"</option>
                        {options}
                    </select>
                </label>
            </div>
        </header>
        {move || problem.get().map(|p| view! { <p class="banner error" role="alert">{p}</p> })}
        <Banners />
        <nav class="tabs" aria-label="Maps">
            <span class="tab-list">{tabs}</span>
            <button type="button" class="tab-action" on:click=move |_| panels::compare::create_future_state(store)
                title="Copy the current state into a new future state, each element linked back">"+ Future state"</button>
            <button type="button" class="tab-action" class:active=move || store.screen.get() == Screen::Compare
                on:click=move |_| store.screen.set(Screen::Compare)>"Compare"</button>
        </nav>
        {workspace}
        {move || dragging_file.get().then(|| view! { <div class="drop-zone" aria-hidden="true"><p>"Drop a Takt file to open it"</p></div> })}
        <shell::share::ShareDialog open=share_open />
        <NoticeView />
        <HelpOverlay />
        <editor::rework_chooser::ReworkChooser />
    }
}

/// Closes the dropdown a menu item belongs to.
fn close_menu(ev: &leptos::ev::MouseEvent) {
    let menu = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("details").ok().flatten());
    if let Some(menu) = menu {
        let _ = menu.remove_attribute("open");
    }
}

fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
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
