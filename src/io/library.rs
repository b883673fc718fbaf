//! The local library's records, independent of where they are kept: each saved
//! document in an envelope (revision, writer, time, then the document itself),
//! and an index of entries with a title, the last change and a thumbnail.
//!
//! The browser side keeps each envelope under its own key, so a failed write
//! (storage full) leaves the previous copy whole: one key is written at once or
//! not at all. Revisions let two tabs on one document notice each other.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::error::LoadErrors;
use super::json::load;
use crate::model::{Document, ElementKind, Map};

/// The key of the index of saved documents.
pub const INDEX_KEY: &str = "takt:library";
/// The prefix of each saved document's key.
pub const DOCUMENT_PREFIX: &str = "takt:doc:";

pub fn document_key(id: &str) -> String {
    format!("{DOCUMENT_PREFIX}{id}")
}

/// A saved document's header: which revision, written by which tab, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub rev: u64,
    pub by: String,
    /// Milliseconds since the Unix epoch.
    pub saved: f64,
}

/// A saved document as it is kept: the header, then the document's JSON.
pub fn wrap(header: &Header, document_json: &str) -> String {
    let header = serde_json::to_string(header).unwrap_or_else(|_| "{}".into());
    // The header's closing brace gives way to the document field.
    format!(
        "{},\"document\":{document_json}}}",
        header.trim_end_matches('}')
    )
}

/// Reads only the header of a saved document (the document is skipped, not built).
pub fn read_header(text: &str) -> Option<Header> {
    serde_json::from_str(text).ok()
}

#[derive(Deserialize)]
struct Envelope<'a> {
    rev: u64,
    by: String,
    saved: f64,
    #[serde(borrow)]
    document: &'a RawValue,
}

/// Reads a saved document, checked as any file is.
pub fn unwrap(text: &str) -> Result<(Header, Document), LoadErrors> {
    let envelope: Envelope = serde_json::from_str(text)
        .map_err(|e| LoadErrors::one("$", format!("the saved copy is damaged: {e}")))?;
    let document = load(envelope.document.get())?;
    let header = Header {
        rev: envelope.rev,
        by: envelope.by,
        saved: envelope.saved,
    };
    Ok((header, document))
}

/// A saved copy's header and its document's JSON as stored, unread (for a backup).
pub fn split(text: &str) -> Option<(Header, String)> {
    let envelope: Envelope = serde_json::from_str(text).ok()?;
    let header = Header {
        rev: envelope.rev,
        by: envelope.by,
        saved: envelope.saved,
    };
    Some((header, envelope.document.get().to_string()))
}

/// Whether a save may go ahead, given what is stored now.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveCheck {
    Write {
        rev: u64,
    },
    /// Another tab saved this document since this tab last read or wrote it.
    Conflict(Header),
}

/// `known` is the revision this tab last read or wrote; `me` this tab's name.
pub fn check_save(stored: Option<&Header>, known: Option<u64>, me: &str) -> SaveCheck {
    match stored {
        None => SaveCheck::Write {
            rev: known.unwrap_or(0) + 1,
        },
        Some(header) if Some(header.rev) == known || header.by == me => SaveCheck::Write {
            rev: header.rev + 1,
        },
        Some(header) => SaveCheck::Conflict(header.clone()),
    }
}

/// One document in the library's index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    /// Milliseconds since the Unix epoch.
    pub modified: f64,
    pub maps: usize,
    pub elements: usize,
    pub thumbnail: Thumbnail,
}

/// A map in miniature: its elements' positions scaled into 0..=100, and their kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Thumbnail(pub Vec<(u8, u8, char)>);

/// The most elements a thumbnail shows.
const THUMBNAIL_ELEMENTS: usize = 120;

impl Thumbnail {
    pub fn of(map: &Map) -> Self {
        let elements = &map.elements[..map.elements.len().min(THUMBNAIL_ELEMENTS)];
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for e in elements {
            (x0, y0, x1, y1) = (x0.min(e.x), y0.min(e.y), x1.max(e.x), y1.max(e.y));
        }
        let span = (x1 - x0).max(y1 - y0).max(1.0);
        // Centred on the shorter side.
        let (x0, y0) = (x0 - (span - (x1 - x0)) / 2.0, y0 - (span - (y1 - y0)) / 2.0);
        let scale = |v: f64, from: f64| ((v - from) / span * 100.0).clamp(0.0, 100.0) as u8;
        Thumbnail(
            elements
                .iter()
                .map(|e| {
                    let kind = match e.kind {
                        ElementKind::Process(_) => 'p',
                        ElementKind::Inventory(_) => 'i',
                        ElementKind::Supplier | ElementKind::Customer => 'f',
                        ElementKind::Kaizen(_) => 'k',
                    };
                    (scale(e.x, x0), scale(e.y, y0), kind)
                })
                .collect(),
        )
    }
}

impl Entry {
    pub fn of(id: &str, document: &Document, modified: f64) -> Self {
        let first = document.current().or(document.maps.first());
        Entry {
            id: id.to_string(),
            title: document.title.clone(),
            modified,
            maps: document.maps.len(),
            elements: document.maps.iter().map(|m| m.elements.len()).sum(),
            thumbnail: first.map(Thumbnail::of).unwrap_or_default(),
        }
    }
}

/// Reads the index; a damaged one reads as `None` (the caller rebuilds it from the documents).
pub fn read_index(text: &str) -> Option<Vec<Entry>> {
    serde_json::from_str(text).ok()
}

/// The index with `entry` in place of its older self, newest first.
pub fn upsert(mut index: Vec<Entry>, entry: Entry) -> Vec<Entry> {
    index.retain(|e| e.id != entry.id);
    index.push(entry);
    index.sort_by(|a, b| b.modified.total_cmp(&a.modified));
    index
}
