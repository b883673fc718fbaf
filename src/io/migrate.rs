//! Migrations of older documents to the current format, one version at a time,
//! on the raw JSON before it is read into types.

use serde_json::{Map as Object, Value, json};

use super::error::LoadErrors;
use crate::model::FORMAT_VERSION;

/// A raw document as a JSON object.
type Raw = Object<String, Value>;

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`.
const MIGRATIONS: [fn(Raw) -> Raw; 1] = [v1_single_map_to_v2];

const _: () = assert!(MIGRATIONS.len() == FORMAT_VERSION as usize - 1);

/// Brings `document` (of `version`) up to `FORMAT_VERSION`.
pub fn migrate(
    mut document: Object<String, Value>,
    version: u32,
) -> Result<Object<String, Value>, LoadErrors> {
    if version == 0 {
        return Err(LoadErrors::one(
            "$.version",
            "version 0 does not exist; the first version is 1",
        ));
    }
    if version > FORMAT_VERSION {
        return Err(LoadErrors::one(
            "$.version",
            format!(
                "this file was written by a newer Takt (format version {version}); this version reads up to {FORMAT_VERSION}. Update Takt to open it."
            ),
        ));
    }
    for migration in &MIGRATIONS[(version - 1) as usize..] {
        document = migration(document);
    }
    document.insert("version".to_string(), json!(FORMAT_VERSION));
    Ok(document)
}

/// Version 1 held a single map at the top level; version 2 holds a list of maps
/// (one current state, any number of future states).
fn v1_single_map_to_v2(mut v1: Object<String, Value>) -> Object<String, Value> {
    let mut map = Object::new();
    map.insert("id".into(), json!("current"));
    map.insert("name".into(), json!("Current state"));
    map.insert("state".into(), json!("current"));
    for key in ["calendar", "demand", "elements", "flows"] {
        if let Some(value) = v1.remove(key) {
            map.insert(key.into(), value);
        }
    }
    let mut meta = Object::new();
    if let Some(author) = v1.remove("author") {
        meta.insert("author".into(), author);
    }
    v1.insert("meta".into(), Value::Object(meta));
    v1.insert("maps".into(), Value::Array(vec![Value::Object(map)]));
    v1
}
