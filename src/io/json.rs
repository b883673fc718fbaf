//! The versioned JSON format: read (checked, migrated, validated) and write.
//!
//! Reading is defensive: a file that is too large, not JSON, not a Takt file,
//! from a newer version, or has any value out of range is refused with every
//! problem located by its JSON path. A refused file never yields a document.

use serde::Deserialize;
use serde_json::Value;

use super::error::{LoadError, LoadErrors};
use super::locate::path_at;
use super::migrate::migrate;
use super::validate::{MAX_FILE_BYTES, validate};
use crate::model::{Document, FORMAT_NAME, FORMAT_VERSION};

/// Reads a document from the text of a file.
///
/// A typed pass reads the document straight from the text; only an older
/// version goes through a generic JSON value first, to be migrated. (No
/// generic value for current files: less code in the browser build, and faster.)
#[inline(never)]
pub fn load(text: &str) -> Result<Document, LoadErrors> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadErrors::one(
            "$",
            format!(
                "the file is {} MB; Takt reads files up to {} MB",
                crate::analysis::format::fixed(text.len() as f64 / 1_048_576.0, 1),
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    // Most files are current and sound: read them straight into types.
    let typing_error = match serde_json::from_str::<Document>(text) {
        Ok(document) if document.format == FORMAT_NAME && document.version == FORMAT_VERSION => {
            return validated(document);
        }
        Ok(_) => None,
        Err(error) => Some(error),
    };
    let not_an_object = || LoadErrors::one("$", "not a Takt file: expected a JSON object");
    let head: Head = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            not_an_object()
        } else {
            LoadErrors::one("$", format!("not valid JSON: {e}"))
        }
    })?;
    // serde would also read the two fields from an array.
    if !text.trim_start().starts_with('{') {
        return Err(not_an_object());
    }
    check_format(head.format.as_ref())?;
    let version = check_version(head.version.as_ref())?;
    if version == FORMAT_VERSION {
        // A current file that did not read into types: say where, and why.
        return Err(typing_error.map_or_else(
            || LoadErrors::one("$", "not a Takt file"),
            |e| located(text, &e),
        ));
    }
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text) else {
        return Err(LoadErrors::one(
            "$",
            "not a Takt file: expected a JSON object",
        ));
    };
    let current = migrate(object, version)?;
    typed(&Value::Object(current).to_string())
}

/// The two fields every version has, read without building the rest.
#[derive(Deserialize)]
struct Head {
    format: Option<Value>,
    version: Option<Value>,
}

fn check_format(format: Option<&Value>) -> Result<(), LoadErrors> {
    match format {
        Some(Value::String(name)) if name == FORMAT_NAME => Ok(()),
        Some(other) => Err(LoadErrors::one(
            "$.format",
            format!(
                "not a Takt file: expected \"{FORMAT_NAME}\", got {}",
                short(other)
            ),
        )),
        None => Err(LoadErrors::one(
            "$",
            format!("not a Takt file: no \"format\": \"{FORMAT_NAME}\""),
        )),
    }
}

fn check_version(version: Option<&Value>) -> Result<u32, LoadErrors> {
    match version {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| {
                LoadErrors::one("$.version", format!("expected a whole number, got {n}"))
            }),
        Some(other) => Err(LoadErrors::one(
            "$.version",
            format!("expected a whole number, got {}", short(other)),
        )),
        None => Err(LoadErrors::one("$", "no \"version\"")),
    }
}

/// A migrated text read into types.
fn typed(text: &str) -> Result<Document, LoadErrors> {
    serde_json::from_str::<Document>(text)
        .map_err(|e| located(text, &e))
        .and_then(validated)
}

/// A typing error at its JSON path, found from where serde stopped.
fn located(text: &str, error: &serde_json::Error) -> LoadErrors {
    let whole_object = error.to_string().starts_with("missing field");
    let path = path_at(text, error.line(), error.column(), whole_object);
    LoadErrors(vec![LoadError::new(path, error.to_string())])
}

fn validated(document: Document) -> Result<Document, LoadErrors> {
    let errors = validate(&document);
    if errors.is_empty() {
        Ok(document)
    } else {
        Err(LoadErrors(errors))
    }
}

/// Reads a document from bytes (a file or a decoded link), refusing text that is not UTF-8.
pub fn load_bytes(bytes: &[u8]) -> Result<Document, LoadErrors> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        LoadErrors::one(
            "$",
            format!("not a text file: invalid UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    load(text)
}

/// Writes a document as pretty-printed JSON. Never inlined: its serialiser is
/// large, and each caller would otherwise carry a copy of it in the wasm.
#[inline(never)]
pub fn save(document: &Document) -> String {
    // Serialising these plain data types to a string cannot fail.
    serde_json::to_string_pretty(document).unwrap_or_default()
}

/// A JSON value cut short for a message.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}\u{2026}", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}
