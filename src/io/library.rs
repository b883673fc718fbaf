//! The local library's records, independent of where they are kept: each saved
//! document with a header (revision, writer, time), an entry for the library's
//! list (title, last change, thumbnail, headline figures), and the rules for
//! its history of earlier copies. Revisions let two tabs on one document notice
//! each other. Maps an earlier Takt kept in localStorage, each in an envelope
//! (the header, then the document), are read by `from_legacy`.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::json::load;
use crate::analysis::{self, format};
use crate::model::{Document, ElementKind, Map};

/// Earlier Takt kept everything in localStorage under keys with this prefix...
pub const LEGACY_PREFIX: &str = "takt:";
/// ...each saved document under this prefix and its id.
pub const LEGACY_DOCUMENT_PREFIX: &str = "takt:doc:";

/// A map's history keeps at most this many earlier copies...
pub const HISTORY_KEEP: u32 = 30;
/// ...at most one per this many milliseconds of editing (10 minutes)...
pub const HISTORY_SPACING_MS: f64 = 10.0 * 60_000.0;
/// ...and none older than this (30 days).
pub const HISTORY_MAX_AGE_MS: f64 = 30.0 * 86_400_000.0;

/// A saved document's header: which revision, written by which tab, when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub rev: u64,
    pub by: String,
    /// Milliseconds since the Unix epoch.
    pub saved: f64,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    rev: u64,
    by: String,
    saved: f64,
    #[serde(borrow)]
    document: &'a RawValue,
}

/// An envelope's header and its document's JSON as stored, unread.
pub fn split(text: &str) -> Option<(Header, String)> {
    let envelope: Envelope = serde_json::from_str(text).ok()?;
    let header = Header {
        rev: envelope.rev,
        by: envelope.by,
        saved: envelope.saved,
    };
    Some((header, envelope.document.get().to_string()))
}

/// The maps an earlier Takt kept, as (id, header, document JSON, entry) to keep
/// now. Nothing is dropped: a copy that cannot be read keeps its text whole and
/// is listed as damaged, to be downloaded.
pub fn from_legacy(saved: Vec<(String, String)>) -> Vec<(String, (Header, String), Entry)> {
    saved
        .into_iter()
        .map(|(id, text)| {
            let (header, body) = split(&text).unwrap_or_else(|| {
                let header = Header {
                    rev: 0,
                    by: String::new(),
                    saved: 0.0,
                };
                (header, text)
            });
            let entry = match load(&body) {
                Ok(document) => Entry::of(&id, &document, header.saved),
                Err(_) => Entry::damaged(&id, header.saved),
            };
            (id, (header, body), entry)
        })
        .collect()
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
    /// The headline figures of the first map, as shown ("lead time 4.2 d · flow efficiency 3.1%").
    #[serde(default)]
    pub figures: String,
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
            figures: first.map(headline).unwrap_or_default(),
        }
    }

    /// A saved copy that cannot be read: listed (0 maps) so its data can be downloaded.
    pub fn damaged(id: &str, modified: f64) -> Self {
        Entry {
            id: id.to_string(),
            title: format!("Damaged saved map ({id})"),
            modified,
            maps: 0,
            elements: 0,
            thumbnail: Thumbnail::default(),
            figures: String::new(),
        }
    }
}

/// A map's lead time and flow efficiency, in the words the metrics panel uses.
fn headline(map: &Map) -> String {
    let analysis = analysis::analyze(map);
    let lead = format::duration(analysis.lead_time, &map.calendar);
    match analysis.flow_efficiency {
        Some(efficiency) => format!(
            "lead time {lead} \u{b7} flow efficiency {}",
            format::percent(efficiency)
        ),
        None => format!("lead time {lead}"),
    }
}

/// The list with `entry` in place of its older self, newest first.
pub fn upsert(mut index: Vec<Entry>, entry: Entry) -> Vec<Entry> {
    index.retain(|e| e.id != entry.id);
    index.push(entry);
    newest_first(&mut index);
    index
}

/// The entries in the order a list shows them while it stays open: those it
/// opened with (`opened`, ids) where they were, so nothing moves under the
/// pointer when a map is saved; a new one right after the entry it was copied
/// from (`copied_from`: new id -> source id), else at the end.
pub fn kept_order<'a>(
    opened: &[String],
    entries: &'a [Entry],
    copied_from: &std::collections::HashMap<String, String>,
) -> Vec<&'a Entry> {
    let by_id: std::collections::HashMap<&str, &Entry> =
        entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let known: std::collections::HashSet<&str> = opened.iter().map(String::as_str).collect();
    let mut shown: Vec<&Entry> = opened
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    for entry in entries.iter().filter(|e| !known.contains(e.id.as_str())) {
        let after = copied_from
            .get(&entry.id)
            .and_then(|source| shown.iter().position(|e| e.id == *source));
        match after {
            Some(i) => shown.insert(i + 1, entry),
            None => shown.push(entry),
        }
    }
    shown
}

/// Orders entries by their last change, newest first (ties by id, so the order is stable).
pub fn newest_first(entries: &mut [Entry]) {
    entries.sort_unstable_by(|a, b| b.modified.total_cmp(&a.modified).then(a.id.cmp(&b.id)));
}
