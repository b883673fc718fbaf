//! The browser's local storage, with every failure returned as a value: storage
//! may be disabled, missing (some private modes) or full, and none of that may
//! stop the app. Whole strings are written with one `setItem`, which stores all
//! of a value or nothing, so a failed write leaves the previous copy as it was.

use gloo_storage::{LocalStorage, Storage as _};
use wasm_bindgen::JsCast;

use crate::io::library::{self, Entry};

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageError {
    /// No local storage: disabled by the user or a policy, or a private mode without it.
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

/// Reading `window.localStorage` itself throws where storage is disabled.
fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::Unavailable)
}

/// Quota errors: QuotaExceededError (Chromium, Safari, new Firefox), NS_ERROR_DOM_QUOTA_REACHED
/// (old Firefox), or only the legacy codes 22 and 1014.
fn classify(error: wasm_bindgen::JsValue) -> StorageError {
    match error.dyn_into::<web_sys::DomException>() {
        Ok(e)
            if matches!(
                e.name().as_str(),
                "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED"
            ) || matches!(e.code(), 22 | 1014) =>
        {
            StorageError::Full
        }
        Ok(e) if e.name() == "SecurityError" => StorageError::Unavailable,
        Ok(e) => StorageError::Other(format!("{}: {}", e.name(), e.message())),
        Err(other) => StorageError::Other(format!("{other:?}")),
    }
}

pub fn read(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key).map_err(classify)
}

pub fn write(key: &str, value: &str) -> Result<(), StorageError> {
    storage()?.set_item(key, value).map_err(classify)
}

pub fn remove(key: &str) -> Result<(), StorageError> {
    storage()?.remove_item(key).map_err(classify)
}

/// The ids of every saved document, from the keys themselves.
fn saved_ids() -> Vec<String> {
    let Ok(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|k| k.strip_prefix(library::DOCUMENT_PREFIX).map(str::to_string))
        .collect()
}

/// The library's index, newest first. A missing or damaged index is rebuilt from
/// the saved documents, so no document is ever lost from view.
pub fn read_index() -> Vec<Entry> {
    if storage().is_err() {
        return Vec::new();
    }
    let stored: Option<Vec<Entry>> = LocalStorage::get(library::INDEX_KEY).ok();
    let ids = saved_ids();
    match stored {
        Some(index) if index.iter().all(|e| ids.contains(&e.id)) && index.len() == ids.len() => {
            index
        }
        _ => rebuild_index(&ids),
    }
}

fn rebuild_index(ids: &[String]) -> Vec<Entry> {
    let mut index = Vec::new();
    for id in ids {
        let Ok(Some(text)) = read(&library::document_key(id)) else {
            continue;
        };
        let entry = match library::unwrap(&text) {
            Ok((header, document)) => Entry::of(id, &document, header.saved),
            // A damaged copy stays listed (so it can be downloaded), never deleted.
            Err(_) => Entry {
                id: id.clone(),
                title: format!("Damaged saved map ({id})"),
                modified: library::read_header(&text).map_or(0.0, |h| h.saved),
                maps: 0,
                elements: 0,
                thumbnail: Default::default(),
            },
        };
        index = library::upsert(index, entry);
    }
    index
}

pub fn write_index(index: &[Entry]) -> Result<(), StorageError> {
    storage()?;
    LocalStorage::set(library::INDEX_KEY, index).map_err(|e| match e {
        gloo_storage::errors::StorageError::JsError(js) if js.name.contains("Quota") => {
            StorageError::Full
        }
        other => StorageError::Other(other.to_string()),
    })
}
