//! "Back up everything": the whole library as one file, and restoring from it.
//!
//! A backup holds every saved document with its library id and when it was last
//! saved. Restoring merges: a document the library lacks is added, one the
//! backup holds a newer copy of is replaced, and one the library holds a newer
//! (or the same) copy of is kept as it is. Nothing newer is ever overwritten.
//! Every document in a backup goes through the same loader as a file.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::error::{LoadError, LoadErrors};
use super::json::load;
use super::library::Header;
use crate::model::Document;

/// The format name of a backup file.
pub const BACKUP_FORMAT: &str = "takt-library";
const BACKUP_VERSION: u32 = 1;
/// The largest backup read: a library of hundreds of large maps (each still
/// within a map file's own cap).
pub const MAX_BACKUP_BYTES: usize = 200 * 1024 * 1024;

/// One saved document as a backup holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub saved: f64,
    pub document: Document,
}

/// A backup of `documents`, each `(id, header, the document's JSON as stored)`,
/// written without reading the documents again. `now` is when it was made.
pub fn backup(documents: &[(String, Header, String)], now: f64) -> String {
    let mut out = format!(
        "{{\"format\":\"{BACKUP_FORMAT}\",\"version\":{BACKUP_VERSION},\"made\":{now},\"documents\":["
    );
    for (i, (id, header, json)) in documents.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let id = serde_json::to_string(id).unwrap_or_else(|_| "\"\"".into());
        out.push_str(&format!(
            "{{\"id\":{id},\"saved\":{},\"document\":{json}}}",
            header.saved
        ));
    }
    out.push_str("]}");
    out
}

#[derive(Deserialize)]
struct File<'a> {
    format: String,
    version: u32,
    #[serde(borrow)]
    documents: Vec<Item<'a>>,
}

#[derive(Deserialize)]
struct Item<'a> {
    id: String,
    saved: f64,
    #[serde(borrow)]
    document: &'a RawValue,
}

/// Whether `text` looks like a backup rather than a single document.
pub fn is_backup(text: &str) -> bool {
    let head = &text[..text.len().min(200)];
    head.contains(&format!("\"{BACKUP_FORMAT}\""))
}

/// Reads a backup: every document checked as a file is, each problem located
/// (`$.documents[2].document.maps[0]...`). A backup with any bad document is
/// refused whole, so a restore never half happens.
pub fn read_backup(text: &str) -> Result<Vec<Saved>, LoadErrors> {
    if text.len() > MAX_BACKUP_BYTES {
        return Err(LoadErrors::one(
            "$",
            format!(
                "the backup is larger than {} MB",
                MAX_BACKUP_BYTES / 1_048_576
            ),
        ));
    }
    let file: File = serde_json::from_str(text)
        .map_err(|e| LoadErrors::one("$", format!("not a Takt backup: {e}")))?;
    if file.format != BACKUP_FORMAT {
        return Err(LoadErrors::one("$.format", "not a Takt backup"));
    }
    if file.version != BACKUP_VERSION {
        return Err(LoadErrors::one(
            "$.version",
            format!(
                "backup version {} is not one this Takt reads (it reads {BACKUP_VERSION})",
                file.version
            ),
        ));
    }
    let mut saved = Vec::with_capacity(file.documents.len());
    let mut errors = Vec::new();
    for (i, item) in file.documents.into_iter().enumerate() {
        let well_formed = !item.id.is_empty()
            && item.id.len() <= 64
            && item.id.bytes().all(|c| c.is_ascii_alphanumeric());
        if !well_formed || !item.saved.is_finite() {
            errors.push(LoadError::new(
                format!("$.documents[{i}]"),
                "a backed-up document needs a plain id and a time it was saved",
            ));
            continue;
        }
        match load(item.document.get()) {
            Ok(document) => saved.push(Saved {
                id: item.id,
                saved: item.saved,
                document,
            }),
            Err(LoadErrors(inner)) => errors.extend(inner.into_iter().map(|e| {
                LoadError::new(
                    format!(
                        "$.documents[{i}].document{}",
                        e.path.trim_start_matches('$')
                    ),
                    e.reason,
                )
            })),
        }
    }
    if errors.is_empty() {
        Ok(saved)
    } else {
        Err(LoadErrors(errors))
    }
}

/// What a restore does with one backed-up document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restore {
    /// The library has no such document: it is added.
    Add,
    /// The backup's copy is newer: it replaces the library's.
    Replace,
    /// The library's copy is newer or the same: it stays.
    Keep,
}

/// The plan for each backed-up document, given when each document of the
/// library was last saved (`None`: the library has no such document).
pub fn plan(backed_up: &[Saved], saved_in_library: impl Fn(&str) -> Option<f64>) -> Vec<Restore> {
    backed_up
        .iter()
        .map(|item| match saved_in_library(&item.id) {
            None => Restore::Add,
            Some(mine) if item.saved > mine => Restore::Replace,
            Some(_) => Restore::Keep,
        })
        .collect()
}

/// "2 added, 1 updated, 3 kept (the library's copy was newer or the same)".
pub fn summary(plan: &[Restore]) -> String {
    let count = |what: Restore| plan.iter().filter(|&&p| p == what).count();
    format!(
        "{} added, {} updated, {} kept (the library\u{2019}s copy was newer or the same)",
        count(Restore::Add),
        count(Restore::Replace),
        count(Restore::Keep)
    )
}
