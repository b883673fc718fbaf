//! Keeping the document: autosave to the local library (debounced, flushed when
//! the page is hidden or closed), the save status, a failed save's banner, two
//! tabs on one document, and opening what was saved (or saying why it cannot be
//! opened, with the saved data offered as a download and never deleted).

use leptos::prelude::*;

use super::state::Store;
use super::storage::{self, StorageError};
use crate::io::library::{self, Entry, Header, SaveCheck};
use crate::io::{self, LoadErrors};
use crate::model::Document;

/// How long typing must pause before the document is saved.
const SAVE_DELAY_MS: u64 = 600;

#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Nothing to save yet (an example or import not edited since it opened).
    Unsaved,
    Saved(f64),
    /// The last save failed; the previous saved copy, if any, is intact.
    Failed(String),
    /// Another tab saved this document: waiting for the user to choose.
    Conflict(Header),
    /// A shared map opened from a link, not in the library.
    Shared,
}

/// Saved data that could not be opened, kept for the user to download.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    pub id: String,
    pub raw: String,
    pub reason: String,
}

#[derive(Clone, Copy)]
pub struct Keeper {
    store: Store,
    /// The library id of the open document; `None` until it is first saved.
    pub doc_id: RwSignal<Option<String>>,
    /// The revision this tab last read or wrote.
    known_rev: StoredValue<Option<u64>>,
    pub status: RwSignal<SaveStatus>,
    pub library: RwSignal<Vec<Entry>>,
    pub unreadable: RwSignal<Option<Unreadable>>,
    /// This page's name in the saved headers, so it knows its own writes.
    tab: StoredValue<String>,
    dirty: StoredValue<bool>,
    generation: StoredValue<u64>,
    /// Set when the document is replaced by opening something: that is not an edit to save.
    opening: StoredValue<bool>,
    /// The document as last opened or saved, in the file format: saving the same
    /// text again would only add a revision and alarm other tabs.
    baseline: StoredValue<Option<String>>,
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

/// A fresh id for a document: time and chance, base 36.
fn fresh_id() -> String {
    let random = (js_sys::Math::random() * 2_176_782_336.0) as u64;
    format!("{}{}", radix36(now() as u64), radix36(random))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Puts `?doc=id` in the address (without reloading), so a reload reopens the document.
pub fn show_in_address(id: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_else(|_| "/".into());
    let url = match id {
        Some(id) => format!("{path}?doc={id}"),
        None => path,
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

impl Keeper {
    pub fn new(store: Store) -> Self {
        let keeper = Keeper {
            store,
            doc_id: RwSignal::new(None),
            known_rev: StoredValue::new(None),
            status: RwSignal::new(SaveStatus::Unsaved),
            library: RwSignal::new(storage::read_index()),
            unreadable: RwSignal::new(None),
            tab: StoredValue::new(format!("tab-{}", fresh_id())),
            dirty: StoredValue::new(false),
            generation: StoredValue::new(0),
            opening: StoredValue::new(false),
            baseline: StoredValue::new(None),
        };
        keeper.watch_edits();
        keeper.flush_when_hidden();
        keeper.watch_other_tabs();
        keeper
    }

    /// Every change to the document schedules a save once typing pauses.
    fn watch_edits(self) {
        let store = self.store;
        Effect::new(move |first: Option<()>| {
            store.document.track();
            if first.is_none() || self.opening.get_value() {
                self.opening.set_value(false);
                return;
            }
            if store.read_only.get_untracked() {
                return;
            }
            self.dirty.set_value(true);
            self.generation.update_value(|g| *g += 1);
            let generation = self.generation.get_value();
            set_timeout(
                move || {
                    if self.generation.try_get_value() == Some(generation) {
                        self.save_now();
                    }
                },
                std::time::Duration::from_millis(SAVE_DELAY_MS),
            );
        });
    }

    /// Saves at once when the page is hidden or closed, so nothing typed is lost.
    fn flush_when_hidden(self) {
        let flush = move || {
            if self.dirty.try_get_value() == Some(true) {
                self.save_now();
            }
        };
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if hidden {
                flush();
            }
        });
        let _ = window_event_listener(leptos::ev::pagehide, move |_| flush());
    }

    /// Another tab saving the open document is noticed and the user asked what to keep.
    fn watch_other_tabs(self) {
        let _ = window_event_listener(leptos::ev::storage, move |ev: web_sys::StorageEvent| {
            if ev.key().as_deref() == Some(library::INDEX_KEY) {
                self.library.set(storage::read_index());
                return;
            }
            let Some(id) = self.doc_id.get_untracked() else {
                return;
            };
            if ev.key().as_deref() != Some(library::document_key(&id).as_str()) {
                return;
            }
            let theirs = ev.new_value().and_then(|text| library::read_header(&text));
            match theirs {
                Some(header)
                    if header.by != self.tab.get_value()
                        && Some(header.rev) != self.known_rev.get_value() =>
                {
                    self.status.set(SaveStatus::Conflict(header));
                }
                _ => {}
            }
        });
    }

    /// Saves the open document now (unless it is a shared map, or another tab's copy is newer).
    pub fn save_now(self) {
        let store = self.store;
        if store.read_only.get_untracked()
            || matches!(self.status.get_untracked(), SaveStatus::Conflict(_))
        {
            return;
        }
        let id = self.doc_id.get_untracked().unwrap_or_else(fresh_id);
        let key = library::document_key(&id);
        let stored = match storage::read(&key) {
            Ok(text) => text.and_then(|t| library::read_header(&t)),
            Err(error) => return self.failed(&error),
        };
        let rev = match library::check_save(
            stored.as_ref(),
            self.known_rev.get_value(),
            &self.tab.get_value(),
        ) {
            SaveCheck::Write { rev } => rev,
            SaveCheck::Conflict(theirs) => {
                self.status.set(SaveStatus::Conflict(theirs));
                return;
            }
        };
        let saved = now();
        let header = Header {
            rev,
            by: self.tab.get_value(),
            saved,
        };
        let (body, entry) = store
            .document
            .with_untracked(|d| (io::save(d), Entry::of(&id, d, saved)));
        // No change, no save: a drag taken back or an edit undone leaves the document as it was.
        if self
            .baseline
            .with_value(|b| b.as_deref() == Some(body.as_str()))
        {
            self.dirty.set_value(false);
            return;
        }
        let text = library::wrap(&header, &body);
        // One setItem: it stores the whole new copy, or fails and leaves the old one whole.
        if let Err(error) = storage::write(&key, &text) {
            return self.failed(&error);
        }
        self.known_rev.set_value(Some(rev));
        self.dirty.set_value(false);
        self.baseline.set_value(Some(body));
        if self.doc_id.get_untracked().as_deref() != Some(id.as_str()) {
            self.doc_id.set(Some(id.clone()));
            show_in_address(Some(&id));
        }
        let index = library::upsert(storage::read_index(), entry);
        if let Err(error) = storage::write_index(&index) {
            return self.failed(&error);
        }
        self.library.set(index);
        self.status.set(SaveStatus::Saved(saved));
    }

    /// The "Try again" of a failed save.
    pub fn save_now_after_failure(self) {
        self.status.set(SaveStatus::Unsaved);
        self.save_now();
    }

    fn failed(self, error: &StorageError) {
        self.status.set(SaveStatus::Failed(error.to_string()));
    }

    /// Shows `document` without treating it as an edit; `saved` is its library id and revision.
    pub fn open(self, document: Document, saved: Option<(String, u64)>) {
        self.opening.set_value(true);
        self.baseline.set_value(Some(io::save(&document)));
        self.dirty.set_value(false);
        self.store.read_only.set(false);
        match saved {
            Some((id, rev)) => {
                show_in_address(Some(&id));
                self.doc_id.set(Some(id));
                self.known_rev.set_value(Some(rev));
                self.status.set(SaveStatus::Saved(now()));
            }
            None => {
                show_in_address(None);
                self.doc_id.set(None);
                self.known_rev.set_value(None);
                self.status.set(SaveStatus::Unsaved);
            }
        }
        self.store.replace(document);
    }

    /// Opens a new, unsaved document that is saved at once (an import, a new map).
    pub fn open_as_new(self, document: Document) {
        self.open(document, None);
        self.baseline.set_value(None);
        self.save_now();
    }

    /// Opens a saved document. If it cannot be read, says why and keeps its data for download.
    pub fn open_saved(self, id: &str) -> bool {
        let text = match storage::read(&library::document_key(id)) {
            Ok(Some(text)) => text,
            Ok(None) => {
                self.store
                    .notify(&format!("There is no saved map {id} in this browser"), true);
                return false;
            }
            Err(error) => {
                self.failed(&error);
                return false;
            }
        };
        match library::unwrap(&text) {
            Ok((header, document)) => {
                self.unreadable.set(None);
                self.open(document, Some((id.to_string(), header.rev)));
                true
            }
            Err(errors) => {
                self.mark_damaged(id);
                self.unreadable.set(Some(Unreadable {
                    id: id.to_string(),
                    raw: text,
                    reason: first_errors(&errors),
                }));
                false
            }
        }
    }

    /// The whole library as one backup file's text, and how many maps it holds.
    /// A saved copy that cannot be read is left out (it stays in the library).
    pub fn backup_text(self) -> Result<(String, usize), String> {
        let mut documents = Vec::new();
        for entry in storage::read_index() {
            let text =
                storage::read(&library::document_key(&entry.id)).map_err(|e| e.to_string())?;
            if let Some((header, json)) = text.as_deref().and_then(library::split) {
                documents.push((entry.id, header, json));
            }
        }
        Ok((io::backup::backup(&documents, now()), documents.len()))
    }

    /// Restores a backup: merges it into the library without overwriting any
    /// newer copy, and says what it did. A bad backup changes nothing.
    pub fn restore(self, text: &str) -> Result<String, String> {
        let items = io::backup::read_backup(text).map_err(|e| first_errors(&e))?;
        let mut index = storage::read_index();
        let plan = io::backup::plan(&items, |id| {
            index.iter().find(|e| e.id == id).map(|e| e.modified)
        });
        let open = self.doc_id.get_untracked();
        let mut reopen = false;
        for (item, step) in items.iter().zip(&plan) {
            if *step == io::backup::Restore::Keep {
                continue;
            }
            write_document(&item.id, &item.document, "backup", item.saved)?;
            index = library::upsert(index, Entry::of(&item.id, &item.document, item.saved));
            reopen |= open.as_deref() == Some(item.id.as_str());
        }
        storage::write_index(&index).map_err(|e| e.to_string())?;
        self.library.set(index);
        if reopen && let Some(id) = open {
            self.open_saved(&id);
        }
        Ok(io::backup::summary(&plan))
    }

    /// Writes `document` under `id` as a new revision and lists it.
    fn put(self, id: &str, document: &Document) -> Result<(), String> {
        let saved = now();
        write_document(id, document, "library", saved)?;
        let index = library::upsert(storage::read_index(), Entry::of(id, document, saved));
        storage::write_index(&index).map_err(|e| e.to_string())?;
        self.library.set(index);
        Ok(())
    }

    /// Saves a copy of a saved document under a new id, titled "… (copy)".
    pub fn duplicate_saved(self, id: &str) -> Result<(), String> {
        let (_, mut document) = read_saved(id)?;
        document.title = format!("{} (copy)", document.title);
        let copy = format!("copy{}", (js_sys::Math::random() * 1e12) as u64);
        self.put(&copy, &document)
    }

    /// Renames a saved document that is not open (the open one is renamed by an edit).
    pub fn rename_saved(self, id: &str, title: String) -> Result<(), String> {
        let (_, mut document) = read_saved(id)?;
        document.title = title;
        self.put(id, &document)
    }

    /// Deletes a saved document; returns its stored text, to undo the deletion.
    /// The open document stays open, now unsaved: an edit saves it afresh.
    pub fn delete_saved(self, id: &str) -> Result<String, String> {
        let key = library::document_key(id);
        let raw = storage::read(&key)
            .map_err(|e| e.to_string())?
            .ok_or("it is no longer saved")?;
        storage::remove(&key).map_err(|e| e.to_string())?;
        let index = storage::read_index();
        let _ = storage::write_index(&index);
        self.library.set(index);
        if self.doc_id.get_untracked().as_deref() == Some(id) {
            self.doc_id.set(None);
            self.status.set(SaveStatus::Unsaved);
        }
        Ok(raw)
    }

    /// Puts back a deleted document's stored text.
    pub fn undelete_saved(self, id: &str, raw: &str) -> Result<(), String> {
        storage::write(&library::document_key(id), raw).map_err(|e| e.to_string())?;
        let index = storage::read_index();
        let _ = storage::write_index(&index);
        self.library.set(index);
        Ok(())
    }

    /// Lists a saved document that cannot be read as damaged (its data stays as it is).
    fn mark_damaged(self, id: &str) {
        let mut index = storage::read_index();
        if let Some(entry) = index.iter_mut().find(|e| e.id == id && e.maps > 0) {
            entry.title = format!("Damaged saved map (was \u{201c}{}\u{201d})", entry.title);
            entry.maps = 0;
            entry.elements = 0;
            let _ = storage::write_index(&index);
        }
        self.library.set(index);
    }

    /// Resolves a conflict with another tab by loading its copy.
    pub fn take_theirs(self) {
        self.status.set(SaveStatus::Unsaved);
        if let Some(id) = self.doc_id.get_untracked() {
            self.open_saved(&id);
        }
    }

    /// Resolves a conflict with another tab by saving this tab's copy over it.
    pub fn keep_mine(self) {
        if let SaveStatus::Conflict(theirs) = self.status.get_untracked() {
            self.known_rev.set_value(Some(theirs.rev));
            self.status.set(SaveStatus::Unsaved);
            // Unchanged or not, this copy is written over theirs.
            self.baseline.set_value(None);
            self.save_now();
        }
    }

    /// A shared map becomes a document of the library, editable.
    pub fn keep_shared(self) {
        self.store.read_only.set(false);
        self.status.set(SaveStatus::Unsaved);
        self.baseline.set_value(None);
        self.save_now();
    }

    /// Shows a shared map, read-only, outside the library.
    pub fn show_shared(self, document: Document) {
        let fragment = address_fragment();
        self.open(document, None);
        // The link stays in the address, so a reload shows the shared map again.
        if let Some(window) = web_sys::window() {
            let path = window.location().pathname().unwrap_or_else(|_| "/".into());
            if let Ok(history) = window.history() {
                let url = format!("{path}#{fragment}");
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
        self.store.read_only.set(true);
        self.status.set(SaveStatus::Shared);
    }
}

/// The first few located errors of a refused document, for a message.
/// A saved document read back with its stored text, or why not.
pub fn read_saved(id: &str) -> Result<(String, Document), String> {
    let text = storage::read(&library::document_key(id))
        .map_err(|e| e.to_string())?
        .ok_or("it is no longer saved")?;
    let (_, document) = library::unwrap(&text).map_err(|e| first_errors(&e))?;
    Ok((text, document))
}

/// Writes `document` under `id`, one revision past what is stored, in one piece.
fn write_document(id: &str, document: &Document, by: &str, saved: f64) -> Result<(), String> {
    let key = library::document_key(id);
    let rev = storage::read(&key)
        .ok()
        .flatten()
        .and_then(|t| library::read_header(&t))
        .map_or(1, |h| h.rev + 1);
    let header = Header {
        rev,
        by: by.into(),
        saved,
    };
    storage::write(&key, &library::wrap(&header, &io::save(document))).map_err(|e| e.to_string())
}

pub fn first_errors(errors: &LoadErrors) -> String {
    let shown: Vec<String> = errors.0.iter().take(3).map(|e| e.to_string()).collect();
    let more = errors.0.len().saturating_sub(3);
    if more > 0 {
        format!("{} (and {more} more)", shown.join("; "))
    } else {
        shown.join("; ")
    }
}

/// `window.location.hash` without its `#`.
pub fn address_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}
