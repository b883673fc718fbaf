//! The browser's storage for the library: IndexedDB (through `idb.js`, which
//! spells its API once, as promises), with every failure returned as a value:
//! storage may be disabled, missing (some private modes) or full, and none of
//! that may stop the app. Each save is one transaction, so a failed write leaves
//! the previous copy as it was. Maps an earlier Takt kept in localStorage move
//! over on first start (`bring_in_legacy`).

use gloo_storage::{LocalStorage, Storage as _};
use wasm_bindgen::prelude::*;

use crate::io::library::{self, Entry, Header};

#[wasm_bindgen(module = "/src/browser/idb.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = entries)]
    async fn js_entries() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = read)]
    async fn js_read(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = readAll)]
    async fn js_read_all() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = save)]
    #[allow(clippy::too_many_arguments)]
    async fn js_save(
        id: &str,
        body: &str,
        entry: &str,
        by: &str,
        saved: f64,
        known: Option<f64>,
        force: bool,
        spacing: f64,
        keep: u32,
        max_age: f64,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = remove)]
    async fn js_remove(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = restore)]
    async fn js_restore(id: &str, record: &JsValue, entry: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = bringIn)]
    async fn js_bring_in(items: js_sys::Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = history)]
    async fn js_history(id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = revision)]
    async fn js_revision(id: &str, saved: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = prune)]
    async fn js_prune() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = watch)]
    fn js_watch(listener: &Closure<dyn FnMut(String)>);
    #[wasm_bindgen(catch, js_name = persist)]
    async fn js_persist() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = estimate)]
    async fn js_estimate() -> Result<JsValue, JsValue>;
}

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// No storage: disabled by the user or a policy, or a private mode without it.
    Unavailable,
    /// The quota is used up (each browser names this error its own way).
    Full,
    Other(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable => write!(
                f,
                "this browser does not let Takt use its storage (disabled, or a private window)"
            ),
            StorageError::Full => write!(f, "the browser's storage for Takt is full"),
            StorageError::Other(message) => {
                write!(f, "the browser refused to store it ({message})")
            }
        }
    }
}

/// Quota errors: QuotaExceededError (Chromium, Safari, new Firefox), NS_ERROR_DOM_QUOTA_REACHED
/// (old Firefox), or only the legacy codes 22 and 1014.
fn classify(error: JsValue) -> StorageError {
    match error.dyn_into::<web_sys::DomException>() {
        Ok(e)
            if matches!(
                e.name().as_str(),
                "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED"
            ) || matches!(e.code(), 22 | 1014) =>
        {
            StorageError::Full
        }
        Ok(e) if matches!(e.name().as_str(), "SecurityError" | "InvalidStateError") => {
            StorageError::Unavailable
        }
        Ok(e) => StorageError::Other(format!("{}: {}", e.name(), e.message())),
        Err(other) => StorageError::Other(
            js_sys::Error::from(other)
                .message()
                .as_string()
                .unwrap_or_default(),
        ),
    }
}

fn field(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A saved document as kept: its header and its JSON, not yet read.
#[derive(Clone, Debug)]
pub struct Stored {
    pub header: Header,
    pub body: String,
}

impl Stored {
    /// Reads a record; anything but a string body is kept as its text, so it can still be downloaded.
    fn from_js(record: &JsValue) -> Self {
        let number = |name| field(record, name).as_f64().unwrap_or(0.0);
        let body = field(record, "body");
        Stored {
            header: Header {
                rev: number("rev") as u64,
                by: field(record, "by").as_string().unwrap_or_default(),
                saved: number("saved"),
            },
            body: body.as_string().unwrap_or_else(|| {
                js_sys::JSON::stringify(record)
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default()
            }),
        }
    }

    fn to_js(&self) -> JsValue {
        let record = js_sys::Object::new();
        let set = |name: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&record, &JsValue::from_str(name), &value);
        };
        set("rev", JsValue::from_f64(self.header.rev as f64));
        set("by", JsValue::from_str(&self.header.by));
        set("saved", JsValue::from_f64(self.header.saved));
        set("body", JsValue::from_str(&self.body));
        record.into()
    }
}

fn strings(value: JsValue) -> impl Iterator<Item = JsValue> {
    js_sys::Array::from(&value).into_iter()
}

/// The library's entries, newest first. An entry that cannot be read is left out
/// of the list, never out of storage.
pub async fn entries() -> Result<Vec<Entry>, StorageError> {
    let list = js_entries().await.map_err(classify)?;
    let mut entries: Vec<Entry> = strings(list)
        .filter_map(|e| e.as_string())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect();
    library::newest_first(&mut entries);
    Ok(entries)
}

pub async fn read(id: &str) -> Result<Option<Stored>, StorageError> {
    let record = js_read(id).await.map_err(classify)?;
    Ok((!record.is_undefined()).then(|| Stored::from_js(&record)))
}

/// Every saved document: (id, its copy).
pub async fn read_all() -> Result<Vec<(String, Stored)>, StorageError> {
    let all = js_read_all().await.map_err(classify)?;
    Ok(strings(all)
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            (
                pair.get(0).as_string().unwrap_or_default(),
                Stored::from_js(&pair.get(1)),
            )
        })
        .collect())
}

/// An entry as the library keeps it.
fn entry_json(entry: &Entry) -> Result<String, StorageError> {
    serde_json::to_string(entry).map_err(|e| StorageError::Other(e.to_string()))
}

/// What a save did.
pub enum Saved {
    /// Written as this revision.
    Written(u64),
    /// Another tab wrote since `known`: nothing was written.
    Conflict(Header),
}

/// How a save treats a copy another tab may have written.
#[derive(Clone, Copy)]
pub enum Over {
    /// Refuse if the stored copy is not the revision this tab knows (`None`: a new document).
    Known(Option<u64>),
    /// Write whatever is stored (the user chose to keep theirs, or a restore).
    Anything,
}

/// Saves `body` under `id` with its library entry, in one transaction. The copy it
/// replaces joins the history if the last one kept is old enough, or `keep_replaced`.
pub async fn save(
    id: &str,
    body: &str,
    entry: &Entry,
    by: &str,
    over: Over,
    keep_replaced: bool,
) -> Result<Saved, StorageError> {
    let listed = entry_json(entry)?;
    let (known, force) = match over {
        Over::Known(rev) => (rev.map(|r| r as f64), false),
        Over::Anything => (None, true),
    };
    let answer = js_save(
        id,
        body,
        &listed,
        by,
        entry.modified,
        known,
        force,
        if keep_replaced {
            0.0
        } else {
            library::HISTORY_SPACING_MS
        },
        library::HISTORY_KEEP,
        library::HISTORY_MAX_AGE_MS,
    )
    .await
    .map_err(classify)?;
    let conflict = field(&answer, "conflict");
    if conflict.is_object() {
        return Ok(Saved::Conflict(Stored::from_js(&conflict).header));
    }
    Ok(Saved::Written(
        field(&answer, "rev").as_f64().unwrap_or(0.0) as u64,
    ))
}

pub async fn remove(id: &str) -> Result<(), StorageError> {
    js_remove(id).await.map(|_| ()).map_err(classify)
}

/// Puts a removed document back exactly as it was kept.
pub async fn put_back(id: &str, stored: &Stored, entry: &Entry) -> Result<(), StorageError> {
    js_restore(id, &stored.to_js(), &entry_json(entry)?)
        .await
        .map(|_| ())
        .map_err(classify)
}

/// A document's earlier copies, newest first: (when saved, its entry then).
pub async fn history(id: &str) -> Result<Vec<(f64, Option<Entry>)>, StorageError> {
    let list = js_history(id).await.map_err(classify)?;
    Ok(strings(list)
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            let entry = pair
                .get(1)
                .as_string()
                .and_then(|t| serde_json::from_str(&t).ok());
            (pair.get(0).as_f64().unwrap_or(0.0), entry)
        })
        .collect())
}

/// One earlier copy's document JSON.
pub async fn revision(id: &str, saved: f64) -> Result<Option<String>, StorageError> {
    let body = js_revision(id, saved).await.map_err(classify)?;
    Ok(body.as_string())
}

/// Drops the history of documents that were deleted.
pub async fn prune() -> Result<(), StorageError> {
    js_prune().await.map(|_| ()).map_err(classify)
}

/// Calls `listener` with a document's id when another tab changes the library
/// (an empty id when it changed many).
pub fn watch(listener: impl FnMut(String) + 'static) {
    let closure = Closure::<dyn FnMut(String)>::new(listener);
    js_watch(&closure);
    // The listener lives as long as the page.
    closure.forget();
}

/// Asks the browser to keep the library when space runs low; whether it will.
pub async fn persist() -> bool {
    js_persist().await.is_ok_and(|granted| granted.is_truthy())
}

/// (used, available) bytes of this site's storage, where the browser says.
pub async fn estimate() -> Option<(f64, f64)> {
    let pair = js_estimate().await.ok()?;
    let pair = js_sys::Array::from(&pair);
    Some((pair.get(0).as_f64()?, pair.get(1).as_f64()?))
}

/// Moves the maps an earlier Takt kept in localStorage into the library, in one
/// transaction; their localStorage copies are removed only once it is committed.
/// Returns how many maps were moved.
pub async fn bring_in_legacy() -> Result<usize, StorageError> {
    let Some(local) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return Ok(0);
    };
    let keys: Vec<String> = (0..local.length().unwrap_or(0))
        .filter_map(|i| local.key(i).ok().flatten())
        .filter(|k| k.starts_with(library::LEGACY_PREFIX))
        .collect();
    let saved: Vec<(String, String)> = keys
        .iter()
        .filter_map(|k| {
            let id = k.strip_prefix(library::LEGACY_DOCUMENT_PREFIX)?;
            Some((id.to_string(), local.get_item(k).ok().flatten()?))
        })
        .collect();
    if saved.is_empty() {
        return Ok(0);
    }
    let items = js_sys::Array::new();
    for (id, stored, entry) in library::from_legacy(saved) {
        let stored = Stored {
            header: stored.0,
            body: stored.1,
        };
        let entry = entry_json(&entry)?;
        items.push(&js_sys::Array::of3(
            &JsValue::from_str(&id),
            &stored.to_js(),
            &JsValue::from_str(&entry),
        ));
    }
    let moved = js_bring_in(items).await.map_err(classify)?;
    for key in keys {
        LocalStorage::delete(&key);
    }
    Ok(moved.as_f64().unwrap_or(0.0) as usize)
}
