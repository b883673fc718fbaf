//! Migrations of older documents to the current format, one version at a time,
//! on the raw JSON before it is read into types.

use serde_json::{Map as Object, Value, json};

use super::error::LoadErrors;
use crate::model::FORMAT_VERSION;

/// A raw document as a JSON object.
type Raw = Object<String, Value>;

/// `MIGRATIONS[i]` turns version `i + 1` into version `i + 2`.
const MIGRATIONS: [fn(Raw) -> Raw; 3] =
    [v1_single_map_to_v2, v2_plant_shifts_to_v3, v3_spreads_to_v4];

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

/// Version 3 adds the plant's shifts per day to the calendar (a step working
/// fewer shifts has that share of the day) and EPE to steps. Version 2 had no
/// plant shifts, so a step's shifts changed nothing: the plant is given the
/// most shifts any of its steps works, which keeps those steps' figures as they
/// were and gives steps working fewer shifts their share.
fn v2_plant_shifts_to_v3(mut v2: Raw) -> Raw {
    let Some(Value::Array(maps)) = v2.get_mut("maps") else {
        return v2;
    };
    for map in maps.iter_mut().filter_map(Value::as_object_mut) {
        let most = map
            .get("elements")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.pointer("/kind/process/shifts")?.as_f64())
            .filter(|s| s.is_finite() && *s > 0.0)
            .reduce(f64::max);
        let Some(most) = most else { continue };
        let calendar = map.entry("calendar").or_insert_with(
            || json!({"hours_per_day": 8, "days_per_week": 5, "days_per_month": 21}),
        );
        if let Value::Object(calendar) = calendar {
            calendar.insert("shifts_per_day".into(), json!(most));
        }
    }
    v2
}
/// Version 4 lets any duration carry a spread (a range or measured quantiles)
/// for the forecast. A version 3 file has none, so it reads unchanged: only
/// its version number moves, which an older Takt then refuses with "newer
/// version" rather than an unknown field.
fn v3_spreads_to_v4(v3: Raw) -> Raw {
    v3
}
