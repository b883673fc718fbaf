//! Files in and out: downloads (JSON, CSV, and the pictures made by `picture`),
//! and imports by the file picker or by dropping a file on the window. An import
//! is checked by the same loader as everything else; a refused file leaves the
//! open document untouched and says what is wrong, and where.

use leptos::prelude::*;

use crate::analysis::format::fixed;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::analysis::analyze;
use crate::analysis::forecast::{forecast_report, standard_forecast};
use crate::io::{self, csv, validate::MAX_FILE_BYTES};
use crate::ui::persist::{Keeper, first_errors};
use crate::ui::state::{Store, shown};

/// Offers `blob` to the user as a file called `name`.
pub fn download_blob(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| "no object URL")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link")?
        .dyn_into()
        .map_err(|_| "no link")?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the click; the URL can go once this task ends.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Offers `text` as a file.
pub fn download_text(text: &str, name: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file")?;
    download_blob(&blob, name)
}

/// A file name from a title: letters, digits and dashes.
pub fn file_name(title: &str, extension: &str) -> String {
    let stem: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let stem = if stem.is_empty() {
        "takt-map".into()
    } else {
        stem
    };
    format!("{stem}.{extension}")
}

pub fn export_json(store: Store) {
    let (text, title) = store
        .document
        .with_untracked(|d| (io::save(d), d.title.clone()));
    report(
        store,
        download_text(&text, &file_name(&title, "takt.json"), "application/json"),
    );
}

/// The steps of the map on screen, each with its criticality in the forecast.
pub fn export_csv(store: Store) {
    let (text, name) = store.document.with_untracked(|d| {
        let map = shown(d, store.map_index.get_untracked());
        // The standard runs and seed: the same figures as the forecast panel.
        let forecast = standard_forecast(map).map(|f| forecast_report(map, &f));
        (
            csv::steps_csv(map, &analyze(map), forecast.as_ref()),
            file_name(&format!("{} {}", d.title, map.name), "csv"),
        )
    });
    report(store, download_text(&text, &name, "text/csv"));
}

/// The lead-time forecast of the map on screen: the mean and p0 to p100.
pub fn export_forecast_csv(store: Store) {
    let made = store.document.with_untracked(|d| {
        let map = shown(d, store.map_index.get_untracked());
        let forecast = standard_forecast(map)?;
        Some((
            csv::forecast_csv(&forecast_report(map, &forecast)),
            file_name(&format!("{} {} forecast", d.title, map.name), "csv"),
        ))
    });
    match made {
        Some((text, name)) => report(store, download_text(&text, &name, "text/csv")),
        None => store.notify(
            "This map has no stream to forecast yet: connect its steps from supplier to customer",
            false,
        ),
    }
}

/// The comparison of the current state with the future state on screen (or the first one).
pub fn export_comparison_csv(store: Store) {
    let made = store.document.with_untracked(|d| {
        let shown_id = shown(d, store.map_index.get_untracked()).id.clone();
        let reports = crate::analysis::report::document_comparisons(d);
        let report = reports
            .iter()
            .find(|r| r.after.id == shown_id)
            .or(reports.first())?;
        Some((
            csv::comparison_csv(report),
            file_name(&format!("{} comparison", d.title), "csv"),
        ))
    });
    match made {
        Some((text, name)) => report(store, download_text(&text, &name, "text/csv")),
        None => store.notify(
            "There is no future state to compare yet: create one with + Future state",
            false,
        ),
    }
}

pub fn report(store: Store, result: Result<(), String>) {
    if let Err(reason) = result {
        store.notify(&format!("The file could not be made: {reason}"), true);
    }
}

/// Reads a file chosen or dropped by the user and opens it as a new library document.
pub fn import(keeper: Keeper, store: Store, file: web_sys::File) {
    let name = file.name();
    // A map file is read up to its cap; a whole library's backup may be larger.
    let too_big = move |size: f64| {
        store.notify(
            &format!(
                "{name} was not opened: it is {} MB; Takt reads map files up to {} MB and library backups up to {} MB",
                fixed(size / 1_048_576.0, 1),
                MAX_FILE_BYTES / 1_048_576,
                io::backup::MAX_BACKUP_BYTES / 1_048_576
            ),
            true,
        )
    };
    if file.size() > io::backup::MAX_BACKUP_BYTES as f64 {
        return too_big(file.size());
    }
    let name = file.name();
    // An opening still in progress (the first map) must not replace the file.
    keeper.intend();
    leptos::task::spawn_local(async move {
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                store.notify(&format!("{name} could not be read"), true);
                return;
            }
        };
        // A backup of a whole library is merged into it.
        if let Ok(text) = std::str::from_utf8(&bytes)
            && io::backup::is_backup(text)
        {
            match keeper.restore(text).await {
                Ok(summary) => store.notify(&format!("Restored {name}: {summary}"), false),
                Err(e) => store.notify(&format!("{name} was not restored: {e}"), true),
            }
            return;
        }
        if bytes.len() > MAX_FILE_BYTES {
            return too_big(bytes.len() as f64);
        }
        // A Takt file, or a picture Takt exported (it carries its map).
        match crate::browser::packing::load_file(&bytes).await {
            Ok(document) => {
                let title = document.title.clone();
                keeper.open_as_new(document);
                store.notify(&format!("Opened {name} (\u{201c}{title}\u{201d})"), false);
            }
            Err(errors) => store.notify(
                &format!("{name} was not opened: {}", first_errors(&errors)),
                true,
            ),
        }
    });
}

/// Fetches a file of the app (same origin) as text.
async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| format!("{path} could not be fetched"))?
        .dyn_into()
        .map_err(|_| "no response")?;
    if !response.ok() {
        return Err(format!(
            "{path}: {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = response.text().map_err(|_| "no text")?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{path} could not be read"))
}

/// Opens a built-in example (unsaved until it is edited).
pub fn open_example(keeper: Keeper, store: Store, key: &str) {
    open_example_for(keeper, store, key, keeper.intend());
}

/// `open_example` for the request `ticket`: dropped if a later request came
/// while the example was fetched.
pub fn open_example_for(keeper: Keeper, store: Store, key: &str, ticket: u64) {
    let Some(example) = crate::io::examples::example(key) else {
        return store.notify(&format!("There is no example called {key}"), true);
    };
    leptos::task::spawn_local(async move {
        let loaded = fetch_text(&example.path())
            .await
            .and_then(|text| io::load(&text).map_err(|e| first_errors(&e)));
        if !keeper.still_intended(ticket) {
            return;
        }
        match loaded {
            Ok(document) => {
                keeper.open(document, None);
                if store.screen.get_untracked() == crate::ui::state::Screen::Library {
                    store.screen.set(crate::ui::state::Screen::Canvas);
                }
            }
            Err(reason) => {
                store.notify(&format!("The example could not be opened: {reason}"), true)
            }
        }
    });
}

/// Opens the file picker of the Import button (from anywhere, the Library too).
pub fn choose_file() {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=import-file]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        input.click();
    }
}

/// The hidden file picker behind the Import button.
#[component]
pub fn ImportPicker(node_ref: NodeRef<leptos::html::Input>) -> impl IntoView {
    let store = expect_context::<Store>();
    let keeper = expect_context::<Keeper>();
    let picked = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                import(keeper, store, file);
            }
            // The same file may be chosen again after a fix.
            input.set_value("");
        }
    };
    view! {
        <input type="file" class="visually-hidden" accept=".json,application/json,.svg,image/svg+xml,.png,image/png" node_ref=node_ref
            aria-label="Import a Takt file" data-testid="import-file" on:change=picked />
    }
}

/// Dropping a file anywhere on the window imports it.
pub fn accept_dropped_files(keeper: Keeper, store: Store, dragging: RwSignal<bool>) {
    let carries_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
    };
    let _ = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let _ = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window (not moving between its children).
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _ = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        let file = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0));
        if let Some(file) = file {
            ev.prevent_default();
            import(keeper, store, file);
        }
    });
}
