//! The journal in localStorage: written synchronously when the page is hidden or
//! closed, so changes the library has not confirmed survive a reload or a closed
//! laptop. What a found journal becomes is decided in `io::journal`.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;

use crate::io::journal::{Journal, KEY_PREFIX};

#[wasm_bindgen(module = "/src/browser/tabs.js")]
extern "C" {
    #[wasm_bindgen(js_name = holdTab)]
    fn hold_tab(name: &str);
    #[wasm_bindgen(js_name = tabGone)]
    async fn tab_gone(name: &str, wait_ms: f64) -> JsValue;
}

/// How long a page that has just closed may take to let go of its lock.
const CLOSING_MS: f64 = 1500.0;

fn lock_name(tab: &str) -> String {
    format!("takt-tab:{tab}")
}

/// Marks this page alive for its whole life, so no other page takes its journal.
pub fn hold(tab: &str) {
    hold_tab(&lock_name(tab));
}

/// Whether the page that wrote the journal under `key` is gone (waits a moment
/// for a page that is closing).
pub async fn writer_gone(key: &str) -> bool {
    let tab = key.strip_prefix(KEY_PREFIX).unwrap_or(key);
    tab_gone(&lock_name(tab), CLOSING_MS).await.as_bool() != Some(false)
}

/// localStorage, if this page may use it (the browser may refuse it outright;
/// gloo-storage would then throw, so it is asked first).
fn available() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .ok()
        .flatten()
        .ok_or_else(|| "this browser does not allow Takt to use its local storage".to_string())
}

fn key(tab: &str) -> String {
    format!("{KEY_PREFIX}{tab}")
}

/// Writes this tab's journal, replacing its earlier one.
pub fn write(tab: &str, journal: &Journal) -> Result<(), String> {
    available()?;
    LocalStorage::set(key(tab), journal.to_value()).map_err(|e| match e {
        gloo_storage::errors::StorageError::JsError(js) if js.name == "QuotaExceededError" => {
            "the browser's local storage is full".to_string()
        }
        other => other.to_string(),
    })
}

/// Removes this tab's journal (its changes are in the library now).
pub fn clear(tab: &str) {
    if available().is_ok() {
        LocalStorage::delete(key(tab));
    }
}

/// Every journal left by another page, as (its key, its text).
pub fn found(except_tab: &str) -> Result<Vec<(String, String)>, String> {
    let storage = available()?;
    let own = key(except_tab);
    let count = storage
        .length()
        .map_err(|_| "local storage could not be read")?;
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(KEY_PREFIX) && *k != own)
        .collect();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let text = storage.get_item(&k).ok().flatten()?;
            Some((k, text))
        })
        .collect())
}

/// Removes a journal found at start-up, once it has been dealt with.
pub fn remove_found(key: &str) {
    if let Ok(storage) = available() {
        let _ = storage.remove_item(key);
    }
}
