//! Keeping the document: autosave to the local library (debounced, flushed when
//! the page is hidden or closed), the save status, a failed save's banner, two
//! tabs on one document, and opening what was saved (or saying why it cannot be
//! opened, with the saved data offered as a download and never deleted).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::state::Store;
use crate::browser::journal;
use crate::browser::storage::{self, Over, Saved, StorageError, Stored};
use crate::io::journal::{Journal, Recovery, StoredNow};
use crate::io::library::{self, Entry, Header};
use crate::io::{self, LoadErrors};
use crate::model::{Document, Edit};

/// How long typing must pause before the document is saved.
const SAVE_DELAY_MS: u64 = 600;

#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Nothing to save yet (an example or import not edited since it opened).
    Unsaved,
    /// The document differs from what is stored; a save follows when typing pauses.
    Changed,
    /// A save is being written and not yet confirmed.
    Saving,
    /// The library confirmed the write of the document as it is (at this time).
    Saved(f64),
    /// The last save failed; the previous saved copy, if any, is intact.
    Failed(String),
    /// Another tab saved this document: waiting for the user to choose.
    Conflict(Header),
    /// A shared map opened from a link, not in the library.
    Shared,
    /// An earlier copy of a saved map (its id, when it was saved), shown read-only.
    Earlier(String, f64),
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
    /// The id an edited, never saved document will be saved under (and journaled under).
    new_id: StoredValue<Option<String>>,
    /// Writes the library has confirmed since the page opened (shown to tests as `data-saves`).
    pub saves: RwSignal<u64>,
    /// When the document was last confirmed saved, or opened from the library.
    last_saved: StoredValue<Option<f64>>,
    /// The edit count (`generation`) the journal of this tab holds, if it holds one.
    journaled: StoredValue<Option<u64>>,
    /// The revision this tab last read or wrote.
    known_rev: StoredValue<Option<u64>>,
    pub status: RwSignal<SaveStatus>,
    pub library: RwSignal<Vec<Entry>>,
    pub unreadable: RwSignal<Option<Unreadable>>,
    /// (used, available) bytes of storage, and whether the browser keeps it when space is low.
    pub space: RwSignal<Option<(f64, f64)>>,
    pub persisted: RwSignal<bool>,
    /// This page's name in the saved headers, so it knows its own writes.
    tab: StoredValue<String>,
    generation: StoredValue<u64>,
    /// A save is being written; another waits for it (`again`).
    saving: StoredValue<bool>,
    again: StoredValue<bool>,
    /// The next save keeps the copy it replaces in the history, however recent (after a restore).
    keep_replaced: StoredValue<bool>,
    /// Set when the document is replaced by opening something: that is not an edit to save.
    opening: StoredValue<bool>,
    /// Counts requests to open something: an opening that finishes after a later
    /// request (a slow first map, an example chosen twice) is dropped, not shown over it.
    intent: StoredValue<u64>,
    /// The document as last opened or saved, in the file format: saving the same
    /// text again would only add a revision and alarm other tabs.
    baseline: StoredValue<Option<String>>,
}

/// How many times the library's list was read again: end-to-end tests wait
/// on it where a refresh must change nothing on screen.
static LIBRARY_REFRESHES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn library_refreshes() -> u32 {
    LIBRARY_REFRESHES.load(std::sync::atomic::Ordering::Relaxed)
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
            new_id: StoredValue::new(None),
            saves: RwSignal::new(0),
            last_saved: StoredValue::new(None),
            journaled: StoredValue::new(None),
            known_rev: StoredValue::new(None),
            status: RwSignal::new(SaveStatus::Unsaved),
            library: RwSignal::new(Vec::new()),
            unreadable: RwSignal::new(None),
            space: RwSignal::new(None),
            persisted: RwSignal::new(false),
            tab: StoredValue::new(format!("tab-{}", fresh_id())),
            generation: StoredValue::new(0),
            saving: StoredValue::new(false),
            again: StoredValue::new(false),
            keep_replaced: StoredValue::new(false),
            opening: StoredValue::new(false),
            intent: StoredValue::new(0),
            baseline: StoredValue::new(None),
        };
        journal::hold(&keeper.tab.get_value());
        keeper.watch_edits();
        keeper.flush_when_hidden();
        keeper.watch_other_tabs();
        keeper
    }

    /// Readies the library: moves in what an earlier Takt kept in localStorage,
    /// drops the history of deleted maps, asks the browser to keep the library,
    /// and lists it. Storage that cannot be used is said once a save needs it.
    pub async fn start(self) {
        match storage::bring_in_legacy().await {
            Ok(0) => {}
            Ok(moved) => self.store.notify(
                &format!(
                    "{moved} saved map{} moved to this browser's larger storage",
                    if moved == 1 { "" } else { "s" }
                ),
                false,
            ),
            Err(error) => self.store.notify(
                &format!("Your saved maps could not be moved to the larger storage ({error}); they stay where they were"),
                true,
            ),
        }
        // Before anything opens: a reload opens the map with its recovered changes.
        self.recover_journals().await;
        let _ = storage::prune().await;
        self.refresh_library().await;
        self.persisted.set(storage::persist().await);
    }

    /// Brings into the library the changes journaled by pages that closed before
    /// the library confirmed them, and says what became of them in one line. A
    /// journal that cannot be read is dropped with its reason; one that cannot be
    /// written now is kept for the next start. Stored maps are never overwritten
    /// by changes older than them.
    async fn recover_journals(self) {
        let found = match journal::found(&self.tab.get_value()) {
            Ok(found) => found,
            Err(reason) => {
                return self.store.notify(
                    &format!("{reason}: changes made just before Takt closes may be lost, so wait for \u{201c}Saved\u{201d} before closing it"),
                    true,
                );
            }
        };
        let mut said = Vec::new();
        let mut failed = false;
        for (key, text) in found {
            // Another Takt page that lives on keeps its journal: it is still saving.
            if !journal::writer_gone(&key).await {
                continue;
            }
            let read = Journal::from_text(&text).and_then(|journal| {
                let document = io::load(&journal.body)
                    .map_err(|e| format!("its map is damaged ({})", first_errors(&e)))?;
                Ok((journal, document))
            });
            let outcome = match read {
                Ok((journal, document)) => self.recover(journal, document).await,
                Err(reason) => {
                    journal::remove_found(&key);
                    Err(format!(
                        "Changes kept when Takt last closed could not be read: {reason}. They were set aside; your saved maps are untouched"
                    ))
                }
            };
            match outcome {
                Ok(Some(line)) => {
                    journal::remove_found(&key);
                    said.push(line);
                }
                Ok(None) => journal::remove_found(&key),
                Err(reason) => {
                    failed = true;
                    said.push(reason);
                }
            }
        }
        if !said.is_empty() {
            self.store.notify(&said.join(". "), failed);
        }
    }

    /// Writes one journal's changes into the library; says what it did, or
    /// nothing if the library held them already.
    async fn recover(
        self,
        journal: Journal,
        mut document: Document,
    ) -> Result<Option<String>, String> {
        let stored = storage::read(&journal.id).await.map_err(|e| {
            format!("Changes kept when Takt last closed could not be recovered yet ({e}); they are kept for the next start")
        })?;
        let now_stored = match &stored {
            Some(s) => StoredNow::Present {
                rev: s.header.rev,
                body: &s.body,
            },
            None => StoredNow::Absent,
        };
        let title = document.title.clone();
        let (id, over, line) = match crate::io::journal::recovery(&journal, now_stored) {
            Recovery::AlreadySaved => return Ok(None),
            Recovery::Write { over } => (
                journal.id.clone(),
                over,
                format!(
                    "Recovered your last changes to \u{201c}{title}\u{201d}, made just before Takt closed"
                ),
            ),
            Recovery::Deleted => (
                journal.id.clone(),
                None,
                format!(
                    "\u{201c}{title}\u{201d} was deleted after its last changes were made: it is back in your library with them"
                ),
            ),
            Recovery::AsCopy => {
                document.title = format!("{title} (recovered)");
                (
                    fresh_id(),
                    None,
                    format!(
                        "Changes to \u{201c}{title}\u{201d} made just before Takt closed were kept as \u{201c}{title} (recovered)\u{201d}: another tab had saved it since"
                    ),
                )
            }
        };
        // The same write as any other of the library (one copy of it in the wasm).
        self.put(&id, &document, over).await.map_err(|e| {
            format!("Changes to \u{201c}{title}\u{201d} kept when Takt last closed could not be recovered yet ({e}); they are kept for the next start")
        })?;
        Ok(Some(line))
    }

    /// Lists the library again from storage.
    pub async fn refresh_library(self) {
        if let Ok(entries) = storage::entries().await {
            self.library.set(entries);
            LIBRARY_REFRESHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Measures the storage used and available (shown in the Library).
    pub async fn measure_space(self) {
        self.space.set(storage::estimate().await);
    }

    /// Lists `entry` in the library, in place of its older self.
    fn list(self, entry: Entry) {
        self.library
            .update(|l| *l = library::upsert(std::mem::take(l), entry));
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
            self.generation.update_value(|g| *g += 1);
            let generation = self.generation.get_value();
            // Said at once: the document now differs from what is stored.
            if matches!(
                self.status.get_untracked(),
                SaveStatus::Unsaved | SaveStatus::Saved(_)
            ) {
                self.status.set(SaveStatus::Changed);
            }
            // An edited map gets its id now, in the address too, so a reload
            // before its first save reopens it (from the journal, if need be).
            if self.doc_id.get_untracked().is_none() {
                show_in_address(Some(&self.id_for_saving()));
            }
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

    /// When the page is hidden or closed, writes the unsaved changes to the journal
    /// (synchronously: the page may be gone before the library's write finishes)
    /// and saves them at once, so nothing typed is lost.
    fn flush_when_hidden(self) {
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.hidden());
            if hidden {
                self.flush();
            }
        });
        let _ = window_event_listener(leptos::ev::pagehide, move |_| self.flush());
        let _ = window_event_listener(leptos::ev::beforeunload, move |_| self.flush());
    }

    /// Writes the unsaved changes to the journal, then saves them. One copy of
    /// it in the wasm, whichever of the three events calls it.
    #[inline(never)]
    fn flush(self) {
        if self.store.read_only.try_get_untracked() != Some(false) {
            return;
        }
        let Some(body) = self.pending_body() else {
            return;
        };
        let generation = self.generation.get_value();
        let journal = Journal::new(
            &self.id_for_saving(),
            self.known_rev.get_value(),
            now(),
            body,
        );
        match journal::write(&self.tab.get_value(), &journal) {
            Ok(()) => self.journaled.set_value(Some(generation)),
            Err(reason) => self.store.notify(
                &format!(
                    "Your latest changes could not be kept for a reload ({reason}): they are being saved now; wait for \u{201c}Saved\u{201d} before closing Takt"
                ),
                true,
            ),
        }
        self.save_now();
    }

    /// Another tab saving the open document is noticed and the user asked what to keep;
    /// any change another tab makes to the library is listed.
    fn watch_other_tabs(self) {
        storage::watch(move |id| {
            spawn_local(async move {
                self.refresh_library().await;
                if self.doc_id.get_untracked().as_deref() != Some(id.as_str()) {
                    return;
                }
                if let Ok(Some(theirs)) = storage::read(&id).await
                    && theirs.header.by != self.tab.get_value()
                    && Some(theirs.header.rev) != self.known_rev.get_value()
                {
                    self.status.set(SaveStatus::Conflict(theirs.header));
                }
            });
        });
    }

    /// Saves the open document now (unless it is a shared map, or another tab's
    /// copy is newer). One save is written at a time; one asked for meanwhile follows.
    pub fn save_now(self) {
        let store = self.store;
        if store.read_only.get_untracked()
            || matches!(self.status.get_untracked(), SaveStatus::Conflict(_))
        {
            return;
        }
        if self.saving.get_value() {
            self.again.set_value(true);
            return;
        }
        let id = self.id_for_saving();
        let saved = now();
        // No change, no save: a drag taken back or an edit undone leaves the document as it was.
        let Some(body) = self.pending_body() else {
            self.settle();
            return;
        };
        let entry = store.document.with_untracked(|d| Entry::of(&id, d, saved));
        // The edits this save holds: a later one leaves the status at "Unsaved changes".
        let edits = self.generation.get_value();
        self.saving.set_value(true);
        self.status.set(SaveStatus::Saving);
        let over = Over::Known(self.known_rev.get_value());
        let keep = self.keep_replaced.get_value();
        spawn_local(async move {
            let answer = storage::save(&id, &body, &entry, &self.tab.get_value(), over, keep).await;
            self.saving.set_value(false);
            match answer {
                Ok(Saved::Written(rev)) => {
                    self.known_rev.set_value(Some(rev));
                    self.keep_replaced.set_value(false);
                    self.baseline.set_value(Some(body));
                    if self.doc_id.get_untracked().as_deref() != Some(id.as_str()) {
                        self.doc_id.set(Some(id.clone()));
                        self.new_id.set_value(None);
                        show_in_address(Some(&id));
                    }
                    self.list(entry);
                    self.last_saved.set_value(Some(saved));
                    self.saves.update(|n| *n += 1);
                    if self.journaled.get_value().is_some_and(|j| j <= edits) {
                        journal::clear(&self.tab.get_value());
                        self.journaled.set_value(None);
                    }
                    self.status.set(if self.generation.get_value() == edits {
                        SaveStatus::Saved(saved)
                    } else {
                        SaveStatus::Changed
                    });
                }
                Ok(Saved::Conflict(theirs)) => {
                    self.status.set(SaveStatus::Conflict(theirs));
                }
                Err(error) => {
                    self.failed(&error);
                }
            }
            if self.again.get_value() {
                self.again.set_value(false);
                self.save_now();
            }
        });
    }

    /// The id the open document is saved under: its library id, or the one
    /// chosen for it at its first edit.
    fn id_for_saving(self) -> String {
        if let Some(id) = self.doc_id.get_untracked() {
            return id;
        }
        if let Some(id) = self.new_id.get_value() {
            return id;
        }
        let id = fresh_id();
        self.new_id.set_value(Some(id.clone()));
        id
    }

    /// The document in the file format, if it differs from what was last opened or saved.
    fn pending_body(self) -> Option<String> {
        let body = self.store.document.try_with_untracked(io::save)?;
        let same = self
            .baseline
            .with_value(|b| b.as_deref() == Some(body.as_str()));
        (!same).then_some(body)
    }

    /// The document is as stored again (its edits taken back): the status says so.
    fn settle(self) {
        if matches!(
            self.status.get_untracked(),
            SaveStatus::Changed | SaveStatus::Saving
        ) {
            self.status.set(
                match (self.doc_id.get_untracked(), self.last_saved.get_value()) {
                    (Some(_), Some(at)) => SaveStatus::Saved(at),
                    _ => SaveStatus::Unsaved,
                },
            );
        }
        if self.journaled.get_value().is_some() {
            journal::clear(&self.tab.get_value());
            self.journaled.set_value(None);
        }
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
        show_in_address(saved.as_ref().map(|(id, _)| id.as_str()));
        self.show(document, saved);
    }

    /// Records a request to open something and returns its ticket; any later
    /// request, or any document shown meanwhile, makes the ticket stale.
    pub fn intend(self) -> u64 {
        self.intent.update_value(|n| *n += 1);
        self.intent.get_value()
    }

    /// True while nothing has been requested or shown since `ticket` was taken.
    pub fn still_intended(self, ticket: u64) -> bool {
        self.intent.get_value() == ticket
    }

    /// `open` without touching the address (a shared map keeps its link there).
    fn show(self, document: Document, saved: Option<(String, u64)>) {
        self.intend();
        self.opening.set_value(true);
        self.baseline.set_value(Some(io::save(&document)));
        self.new_id.set_value(None);
        // What the journal held is replaced on screen (a choice made, like loading
        // another tab's version): it must not come back as a recovered copy.
        if self.journaled.get_value().is_some() {
            journal::clear(&self.tab.get_value());
            self.journaled.set_value(None);
        }
        self.store.read_only.set(false);
        match saved {
            Some((id, rev)) => {
                self.doc_id.set(Some(id));
                self.known_rev.set_value(Some(rev));
                self.last_saved.set_value(Some(now()));
                self.status.set(SaveStatus::Saved(now()));
            }
            None => {
                self.doc_id.set(None);
                self.known_rev.set_value(None);
                self.last_saved.set_value(None);
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
    pub async fn open_saved(self, id: &str) -> bool {
        let ticket = self.intend();
        self.open_saved_for(id, ticket).await
    }

    /// `open_saved` for the request `ticket`: false, and nothing shown, if a
    /// later request came while the map was read.
    pub async fn open_saved_for(self, id: &str, ticket: u64) -> bool {
        let read = storage::read(id).await;
        if !self.still_intended(ticket) {
            return false;
        }
        let stored = match read {
            Ok(Some(stored)) => stored,
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
        match io::load(&stored.body) {
            Ok(document) => {
                self.unreadable.set(None);
                self.open(document, Some((id.to_string(), stored.header.rev)));
                true
            }
            Err(errors) => {
                let entry = Entry::damaged(id, stored.header.saved);
                if storage::put_back(id, &stored, &entry).await.is_ok() {
                    self.list(entry);
                }
                self.unreadable.set(Some(Unreadable {
                    id: id.to_string(),
                    raw: stored.body,
                    reason: first_errors(&errors),
                }));
                false
            }
        }
    }

    /// The whole library as one backup file's text, and how many maps it holds.
    /// A saved copy that cannot be read is left out (it stays in the library).
    pub async fn backup_text(self) -> Result<(String, usize), StorageError> {
        let documents: Vec<_> = storage::read_all()
            .await?
            .into_iter()
            .filter(|(_, stored)| io::load(&stored.body).is_ok())
            .map(|(id, stored)| (id, stored.header, stored.body))
            .collect();
        Ok((io::backup::backup(&documents, now()), documents.len()))
    }

    /// Restores a backup: merges it into the library without overwriting any
    /// newer copy, and says what it did. A bad backup changes nothing. A copy it
    /// replaces is kept in that map's history.
    pub async fn restore(self, text: &str) -> Result<String, String> {
        let items = io::backup::read_backup(text).map_err(|e| first_errors(&e))?;
        let plan = self.library.with_untracked(|index| {
            io::backup::plan(&items, |id| {
                index.iter().find(|e| e.id == id).map(|e| e.modified)
            })
        });
        let open = self.doc_id.get_untracked();
        let mut reopen = false;
        for (item, step) in items.iter().zip(&plan) {
            if *step == io::backup::Restore::Keep {
                continue;
            }
            let entry = Entry::of(&item.id, &item.document, item.saved);
            storage::save(
                &item.id,
                &io::save(&item.document),
                &entry,
                "backup",
                Over::Anything,
                true,
            )
            .await
            .map_err(|e| e.to_string())?;
            reopen |= open.as_deref() == Some(item.id.as_str());
        }
        self.refresh_library().await;
        if reopen && let Some(id) = open {
            self.open_saved(&id).await;
        }
        Ok(io::backup::summary(&plan))
    }

    /// Writes `document` under `id` over the copy of revision `known`, and lists it.
    async fn put(self, id: &str, document: &Document, known: Option<u64>) -> Result<(), String> {
        let entry = Entry::of(id, document, now());
        match storage::save(
            id,
            &io::save(document),
            &entry,
            "library",
            Over::Known(known),
            false,
        )
        .await
        {
            Ok(Saved::Written(_)) => {
                self.list(entry);
                Ok(())
            }
            Ok(Saved::Conflict(_)) => Err("another tab changed it meanwhile: try again".into()),
            Err(error) => Err(error.to_string()),
        }
    }

    /// Saves a copy of a saved document under a new id, titled "… (copy)"; returns that id.
    pub async fn duplicate_saved(self, id: &str) -> Result<String, String> {
        let (_, mut document) = read_saved(id).await?;
        document.title = format!("{} (copy)", document.title);
        let copy = fresh_id();
        self.put(&copy, &document, None).await?;
        Ok(copy)
    }

    /// Renames a saved document that is not open (the open one is renamed by an edit).
    pub async fn rename_saved(self, id: &str, title: String) -> Result<(), String> {
        let (stored, mut document) = read_saved(id).await?;
        document.title = title;
        self.put(id, &document, Some(stored.header.rev)).await
    }

    /// Deletes a saved document; returns what was kept, to undo the deletion.
    /// The open document stays open, now unsaved: an edit saves it afresh.
    pub async fn delete_saved(self, id: &str) -> Result<Stored, String> {
        let stored = storage::read(id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("it is no longer saved")?;
        storage::remove(id).await.map_err(|e| e.to_string())?;
        self.library.update(|l| l.retain(|e| e.id != id));
        if self.doc_id.get_untracked().as_deref() == Some(id) {
            self.doc_id.set(None);
            self.known_rev.set_value(None);
            self.status.set(SaveStatus::Unsaved);
        }
        Ok(stored)
    }

    /// Puts back a deleted document as it was kept.
    pub async fn undelete_saved(self, entry: &Entry, stored: &Stored) -> Result<(), String> {
        storage::put_back(&entry.id, stored, entry)
            .await
            .map_err(|e| e.to_string())?;
        self.list(entry.clone());
        Ok(())
    }

    /// Shows an earlier copy of a saved map, read-only, to look at or restore.
    pub async fn show_earlier(self, id: &str, saved: f64) -> Result<(), String> {
        let body = storage::revision(id, saved)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("that version is no longer kept")?;
        let document = io::load(&body).map_err(|e| first_errors(&e))?;
        self.open(document, None);
        self.store.read_only.set(true);
        self.status.set(SaveStatus::Earlier(id.to_string(), saved));
        Ok(())
    }

    /// Makes the earlier copy on screen the map's latest, as an edit: undo takes it
    /// back, and the copy it replaces stays in the history.
    pub async fn restore_earlier(self) -> Result<(), String> {
        let SaveStatus::Earlier(id, _) = self.status.get_untracked() else {
            return Ok(());
        };
        let earlier = self.store.document.get_untracked();
        if !self.open_saved(&id).await {
            return Err("the map itself could not be opened".into());
        }
        self.keep_replaced.set_value(true);
        if self.store.edit(Edit::Replace(Box::new(earlier))) {
            // Saved now: the edit follows the opening so closely that the autosave
            // would take both for the opening alone.
            self.save_now();
            Ok(())
        } else {
            self.keep_replaced.set_value(false);
            Err("it could not be applied".into())
        }
    }

    /// Resolves a conflict with another tab by loading its copy.
    pub async fn take_theirs(self) {
        self.status.set(SaveStatus::Unsaved);
        if let Some(id) = self.doc_id.get_untracked() {
            self.open_saved(&id).await;
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
        self.show(document, None);
        // The link stays in the address, so a reload shows the shared map again. One
        // change of address: the browser must never see it without the link, even briefly.
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

/// A saved document read back with its stored copy, or why not.
pub async fn read_saved(id: &str) -> Result<(Stored, Document), String> {
    let stored = storage::read(id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("it is no longer saved")?;
    let document = io::load(&stored.body).map_err(|e| first_errors(&e))?;
    Ok((stored, document))
}

/// The first few located errors of a refused document, for a message.
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
