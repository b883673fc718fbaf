//! The journal: a document's unsaved changes, written synchronously when the
//! page is hidden or closed (the library's own write is asynchronous and may
//! not finish), and what to do with one found at start-up. No browser types:
//! the browser side only moves its text in and out of localStorage.

use serde_json::{Value, json};

use super::validate::MAX_FILE_BYTES;

/// The start of every journal's key in localStorage; a tab's id follows. Not
/// under `library::LEGACY_PREFIX`, whose keys the move from an earlier Takt removes.
pub const KEY_PREFIX: &str = "takt-journal:";

const FORMAT: &str = "takt-journal";

/// A document's changes not yet confirmed by the library. Read and written
/// through `serde_json::Value`, which the wasm has already (a derived
/// deserializer of its own would cost kilobytes).
#[derive(Clone, Debug, PartialEq)]
pub struct Journal {
    /// The library id the changes belong to.
    pub id: String,
    /// The stored revision the changes were made on (`None`: a document never saved).
    pub known_rev: Option<u64>,
    /// Milliseconds since the Unix epoch, when the journal was written.
    pub at: f64,
    /// The document in the file format.
    pub body: String,
}

impl Journal {
    pub fn new(id: &str, known_rev: Option<u64>, at: f64, body: String) -> Self {
        Journal {
            id: id.into(),
            known_rev,
            at,
            body,
        }
    }

    /// The journal as JSON, as kept in localStorage.
    pub fn to_value(&self) -> Value {
        json!({
            "format": FORMAT,
            "id": self.id,
            "known_rev": self.known_rev,
            "at": self.at,
            "body": self.body,
        })
    }

    /// Reads a journal's text; a wrong, oversized or damaged one says why.
    pub fn from_text(text: &str) -> Result<Journal, String> {
        if text.len() > MAX_FILE_BYTES + 4096 {
            return Err(format!(
                "it is larger than a map may be ({} MB)",
                MAX_FILE_BYTES / 1_048_576
            ));
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("it is damaged ({e})"))?;
        let format = value["format"].as_str().unwrap_or_default();
        if format != FORMAT {
            return Err(format!(
                "it is not a Takt journal (format \u{201c}{format}\u{201d})"
            ));
        }
        let id = value["id"].as_str().unwrap_or_default();
        if id.is_empty() || id.len() > 64 {
            return Err("its map id is missing or too long".into());
        }
        let known_rev = match &value["known_rev"] {
            Value::Null => None,
            rev => Some(rev.as_u64().ok_or("its revision is not a whole number")?),
        };
        let (Some(at), Some(body)) = (value["at"].as_f64(), value["body"].as_str()) else {
            return Err("it is damaged (its time or its map is missing)".into());
        };
        Ok(Journal::new(id, known_rev, at, body.to_string()))
    }
}

/// What the stored copy of a journal's document is, when the journal is found.
#[derive(Clone, Debug, PartialEq)]
pub enum StoredNow<'a> {
    /// Nothing is stored under the journal's id.
    Absent,
    Present {
        rev: u64,
        body: &'a str,
    },
}

/// What to do with a journal found at start-up.
#[derive(Clone, Debug, PartialEq)]
pub enum Recovery {
    /// The library already holds these changes (its write finished after all): drop the journal.
    AlreadySaved,
    /// The changes are newer than the stored copy: write them over it (at `over`, the revision they were made on).
    Write { over: Option<u64> },
    /// The map was deleted after the changes were made: put it back with them.
    Deleted,
    /// Another tab saved a different copy since: keep both, the changes as a copy of their own.
    AsCopy,
}

/// Decides what a journal's changes become, given the copy stored now.
pub fn recovery(journal: &Journal, stored: StoredNow<'_>) -> Recovery {
    match (stored, journal.known_rev) {
        (StoredNow::Present { body, .. }, _) if body == journal.body => Recovery::AlreadySaved,
        (StoredNow::Present { rev, .. }, Some(known)) if rev == known => {
            Recovery::Write { over: Some(known) }
        }
        (StoredNow::Present { .. }, _) => Recovery::AsCopy,
        (StoredNow::Absent, None) => Recovery::Write { over: None },
        (StoredNow::Absent, Some(_)) => Recovery::Deleted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(known_rev: Option<u64>, body: &str) -> Journal {
        Journal::new("abc", known_rev, 1.0, body.into())
    }

    #[test]
    fn journals_are_not_taken_for_an_earlier_takt_s_library() {
        assert!(!KEY_PREFIX.starts_with(crate::io::library::LEGACY_PREFIX));
    }

    #[test]
    fn round_trips_and_refuses_what_is_not_a_journal() {
        let j = journal(Some(3), "{\"title\": \"x\"}");
        assert_eq!(Journal::from_text(&j.to_value().to_string()), Ok(j));
        assert!(Journal::from_text("{").unwrap_err().contains("damaged"));
        assert!(Journal::from_text("").unwrap_err().contains("damaged"));
        let other = r#"{"format":"drawio","id":"a","known_rev":null,"at":1,"body":""}"#;
        assert!(
            Journal::from_text(other)
                .unwrap_err()
                .contains("not a Takt journal")
        );
        let no_id = r#"{"format":"takt-journal","id":"","known_rev":null,"at":1,"body":""}"#;
        assert!(Journal::from_text(no_id).unwrap_err().contains("id"));
        let bad_rev = r#"{"format":"takt-journal","id":"a","known_rev":-1,"at":1,"body":""}"#;
        assert!(
            Journal::from_text(bad_rev)
                .unwrap_err()
                .contains("revision")
        );
        let no_body = r#"{"format":"takt-journal","id":"a","known_rev":null,"at":1}"#;
        assert!(Journal::from_text(no_body).unwrap_err().contains("missing"));
        let huge = "x".repeat(MAX_FILE_BYTES + 5000);
        assert!(Journal::from_text(&huge).unwrap_err().contains("larger"));
    }

    #[test]
    fn decides_by_the_stored_revision_and_body() {
        let present = |rev, body| StoredNow::Present { rev, body };
        // The library's write finished after all.
        assert_eq!(
            recovery(&journal(Some(3), "new"), present(4, "new")),
            Recovery::AlreadySaved
        );
        // The changes were made on the stored revision: they are newer.
        assert_eq!(
            recovery(&journal(Some(3), "new"), present(3, "old")),
            Recovery::Write { over: Some(3) }
        );
        // A new document never saved.
        assert_eq!(
            recovery(&journal(None, "new"), StoredNow::Absent),
            Recovery::Write { over: None }
        );
        // Another tab saved something else meanwhile.
        assert_eq!(
            recovery(&journal(Some(3), "new"), present(5, "theirs")),
            Recovery::AsCopy
        );
        assert_eq!(
            recovery(&journal(None, "new"), present(1, "theirs")),
            Recovery::AsCopy
        );
        // Deleted after the changes were made.
        assert_eq!(
            recovery(&journal(Some(3), "new"), StoredNow::Absent),
            Recovery::Deleted
        );
    }
}
