//! The versioned JSON format: read (checked, migrated, validated) and write.
//!
//! Reading is defensive: a file that is too large, not JSON, not a Takt file,
//! from a newer version, or has any value out of range is refused with every
//! problem located by its JSON path. A refused file never yields a document.

use serde_json::Value;

use super::error::{LoadError, LoadErrors};
use super::migrate::migrate;
use super::validate::{MAX_FILE_BYTES, validate};
use crate::model::{Document, FORMAT_NAME, FORMAT_VERSION};

/// Reads a document from the text of a file.
pub fn load(text: &str) -> Result<Document, LoadErrors> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadErrors::one(
            "$",
            format!(
                "the file is {:.1} MB; Takt reads files up to {} MB",
                text.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    // Fast path: a current-version file is read straight into types. Anything
    // else (an older version, or an error to locate) takes the general path.
    if let Ok(document) = serde_json::from_str::<Document>(text)
        && document.format == FORMAT_NAME
        && document.version == FORMAT_VERSION
    {
        return validated(document);
    }
    let value: Value = serde_json::from_str(text)
        .map_err(|e| LoadErrors::one("$", format!("not valid JSON: {e}")))?;
    load_value(value)
}

/// A typing error at its JSON path.
fn located<E: std::fmt::Display>(error: serde_path_to_error::Error<E>) -> LoadErrors {
    let path = error.path().to_string();
    let path = if path == "." {
        "$".to_string()
    } else {
        format!("$.{path}")
    };
    LoadErrors(vec![LoadError::new(path, error.into_inner().to_string())])
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

/// Reads a document from parsed JSON.
pub fn load_value(value: Value) -> Result<Document, LoadErrors> {
    let Value::Object(object) = value else {
        return Err(LoadErrors::one(
            "$",
            "not a Takt file: expected a JSON object",
        ));
    };
    match object.get("format") {
        Some(Value::String(name)) if name == FORMAT_NAME => {}
        Some(other) => {
            return Err(LoadErrors::one(
                "$.format",
                format!(
                    "not a Takt file: expected \"{FORMAT_NAME}\", got {}",
                    short(other)
                ),
            ));
        }
        None => {
            return Err(LoadErrors::one(
                "$",
                format!("not a Takt file: no \"format\": \"{FORMAT_NAME}\""),
            ));
        }
    }
    let version = match object.get("version") {
        Some(Value::Number(n)) => {
            n.as_u64()
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| {
                    LoadErrors::one("$.version", format!("expected a whole number, got {n}"))
                })?
        }
        Some(other) => {
            return Err(LoadErrors::one(
                "$.version",
                format!("expected a whole number, got {}", short(other)),
            ));
        }
        None => return Err(LoadErrors::one("$", "no \"version\"")),
    };
    let current = migrate(object, version)?;
    let document = serde_path_to_error::deserialize(Value::Object(current)).map_err(located)?;
    validated(document)
}

/// Writes a document as pretty-printed JSON.
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
