//! The file format: what loads, what is refused and with which located message.

use serde_json::{Value, json};
use takt::io::{self, LoadErrors, examples::EXAMPLES};
use takt::model::{ElementKind, FORMAT_VERSION, MapState};

fn example_value() -> Value {
    serde_json::from_str(EXAMPLES[0].json).unwrap()
}

fn refused(value: Value) -> LoadErrors {
    io::load(&value.to_string()).expect_err("the file should be refused")
}

#[track_caller]
fn assert_refused_at(value: Value, path: &str, reason_part: &str) {
    let errors = refused(value);
    assert!(
        errors
            .0
            .iter()
            .any(|e| e.path == path && e.reason.contains(reason_part)),
        "expected an error at {path} mentioning {reason_part:?}, got:\n{errors}"
    );
}

#[test]
fn every_built_in_example_loads_with_a_current_and_a_future_state() {
    for example in &EXAMPLES {
        let document = io::load(example.json).unwrap_or_else(|e| panic!("{}: {e}", example.key));
        assert_eq!(
            document
                .maps
                .iter()
                .filter(|m| m.state == MapState::Current)
                .count(),
            1
        );
        assert!(
            document.futures().count() >= 1,
            "{} has no future state",
            example.key
        );
    }
}

#[test]
fn save_then_load_gives_the_same_document() {
    for example in &EXAMPLES {
        let document = io::load(example.json).unwrap();
        assert_eq!(io::load(&io::save(&document)).unwrap(), document);
    }
}

#[test]
fn malformed_json_is_refused_with_line_and_column() {
    let errors = io::load("{\"format\": \"takt-vsm\",\n  \"version\": 2,,}").unwrap_err();
    assert_eq!(errors.0[0].path, "$");
    assert!(errors.0[0].reason.contains("line 2"), "{errors}");
}

#[test]
fn a_file_of_another_format_is_refused() {
    assert_refused_at(
        json!({"format": "drawio", "version": 1}),
        "$.format",
        "not a Takt file",
    );
    assert_refused_at(json!([1, 2]), "$", "expected a JSON object");
    assert_refused_at(json!({"version": 2}), "$", "not a Takt file");
}

#[test]
fn a_newer_version_is_refused_and_says_so() {
    let mut value = example_value();
    value["version"] = json!(FORMAT_VERSION + 1);
    assert_refused_at(value, "$.version", "newer Takt");
}

#[test]
fn a_dangling_flow_is_refused_at_its_path() {
    let mut value = example_value();
    value["maps"][0]["flows"][2]["to"] = json!("nowhere");
    assert_refused_at(
        value,
        "$.maps[0].flows[2].to",
        "no element has the id \u{201c}nowhere\u{201d}",
    );
}

#[test]
fn a_duplicate_id_is_refused_at_its_path() {
    let mut value = example_value();
    let first = value["maps"][0]["elements"][0]["id"].clone();
    value["maps"][0]["elements"][3]["id"] = first;
    assert_refused_at(value, "$.maps[0].elements[3].id", "duplicate id");
}

#[test]
fn a_value_out_of_range_is_refused_at_its_path() {
    let mut value = example_value();
    let elements = value["maps"][1]["elements"].as_array_mut().unwrap();
    let index = elements
        .iter()
        .position(|e| e["kind"].get("process").is_some())
        .unwrap();
    elements[index]["kind"]["process"]["pct_ca"] = json!(140);
    assert_refused_at(
        value,
        &format!("$.maps[1].elements[{index}].kind.process.pct_ca"),
        "got 140",
    );
}

#[test]
fn a_wrong_type_is_refused_at_its_field() {
    let mut value = example_value();
    value["maps"][0]["elements"][2]["kind"]["process"]["process_time"]["value"] = json!("ten");
    assert_refused_at(
        value,
        "$.maps[0].elements[2].kind.process.process_time.value",
        "invalid type",
    );
}

#[test]
fn an_unknown_field_is_refused_so_typos_do_not_vanish() {
    let mut value = example_value();
    value["maps"][0]["demand"]["quantiy"] = json!(3);
    assert_refused_at(value, "$.maps[0].demand.quantiy", "unknown field `quantiy`");
}

#[test]
fn a_rework_probability_of_one_or_more_is_refused() {
    let mut value = example_value();
    let flows = value["maps"][0]["flows"].as_array_mut().unwrap();
    let index = flows
        .iter()
        .position(|f| f["kind"].get("rework").is_some())
        .unwrap();
    flows[index]["kind"]["rework"]["probability"] = json!(1.0);
    assert_refused_at(
        value,
        &format!("$.maps[0].flows[{index}].kind.rework.probability"),
        "got 1",
    );
}

#[test]
fn too_long_a_name_is_refused() {
    let mut value = example_value();
    value["maps"][0]["elements"][0]["name"] = json!("x".repeat(201));
    assert_refused_at(value, "$.maps[0].elements[0].name", "limit is 200");
}

#[test]
fn too_many_elements_are_refused() {
    let mut value = example_value();
    let element = value["maps"][0]["elements"][0].clone();
    value["maps"][0]["elements"] =
        Value::Array(vec![element; takt::io::validate::MAX_ELEMENTS + 1]);
    assert_refused_at(value, "$.maps[0].elements", "the limit is 50000");
}

#[test]
fn too_large_a_file_is_refused_before_parsing() {
    let text = " ".repeat(takt::io::validate::MAX_FILE_BYTES + 1);
    let errors = io::load(&text).unwrap_err();
    assert!(errors.0[0].reason.contains("up to 20 MB"), "{errors}");
}

#[test]
fn a_document_needs_exactly_one_current_state() {
    let mut value = example_value();
    value["maps"][1]["state"] = json!("current");
    assert_refused_at(value, "$.maps", "exactly one current-state map");
}

#[test]
fn a_version_1_single_map_file_is_migrated() {
    let v1 = json!({
        "format": "takt-vsm",
        "version": 1,
        "title": "Old file",
        "author": "A. Consultant",
        "demand": {"quantity": 10, "per": "day"},
        "elements": [
            {"id": "a", "name": "Pick", "x": 0, "y": 0, "kind": {"process": {"process_time": {"value": 5, "unit": "min"}}}},
            {"id": "c", "name": "Customer", "x": 200, "y": 0, "kind": "customer"}
        ],
        "flows": [{"id": "f1", "from": "a", "to": "c", "kind": "push"}]
    });
    let document = io::load(&v1.to_string()).unwrap();
    assert_eq!(document.version, FORMAT_VERSION);
    assert_eq!(document.meta.author, "A. Consultant");
    let map = document.current().unwrap();
    assert_eq!(map.elements.len(), 2);
    assert!(matches!(map.elements[0].kind, ElementKind::Process(_)));
    assert_eq!(map.demand.quantity, 10.0);
}

#[test]
fn invalid_utf8_is_refused() {
    let errors = io::load_bytes(&[0x7b, 0xff, 0xfe]).unwrap_err();
    assert!(errors.0[0].reason.contains("UTF-8"));
}

#[test]
fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    let text = "[".repeat(100_000);
    assert!(io::load(&text).is_err());
}

#[test]
fn errors_in_a_current_version_file_read_as_text_are_located_too() {
    let mut value = example_value();
    value["maps"][0]["elements"][4]["kind"]["process"]["capacity"] = json!("two");
    let errors = io::load(&value.to_string()).unwrap_err();
    assert_eq!(
        errors.0[0].path, "$.maps[0].elements[4].kind.process.capacity",
        "{errors}"
    );
    let mut value = example_value();
    value["maps"][0]["elements"][4]["kind"]["process"]["capacity"] = json!(-2);
    let errors = io::load(&value.to_string()).unwrap_err();
    assert_eq!(
        errors.0[0].path, "$.maps[0].elements[4].kind.process.capacity",
        "{errors}"
    );
}

/// The element index and process-time path of the first process step of the first example.
fn first_step(value: &Value) -> usize {
    value["maps"][0]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["kind"].get("process").is_some())
        .unwrap()
}

#[test]
fn spreads_round_trip_and_a_version_3_file_opens_unchanged() {
    let mut value = example_value();
    let i = first_step(&value);
    value["maps"][0]["elements"][i]["kind"]["process"]["process_time"]["spread"] =
        json!({"range": {"min": 5, "likely": 10, "max": 30, "shape": "pert"}});
    let quantiles: Vec<f64> = (0..21).map(|k| k as f64).collect();
    value["maps"][0]["elements"][i]["kind"]["process"]["cycle_time"] =
        json!({"value": 12, "unit": "min", "spread": {"quantiles": quantiles}});
    let document = io::load(&value.to_string()).unwrap();
    let again = io::load(&io::save(&document)).unwrap();
    assert_eq!(again, document);
    let ElementKind::Process(step) = &document.maps[0].elements[i].kind else {
        panic!("a step")
    };
    assert_eq!(
        step.process_time.as_ref().unwrap().spread.as_deref(),
        Some(&takt::model::Spread::Range(takt::model::ThreePoint {
            min: 5.0,
            likely: 10.0,
            max: 30.0,
            shape: takt::model::Shape::Pert
        }))
    );
    // Triangular is the default shape and is not written out.
    let saved = io::save(&document);
    assert_eq!(saved.matches("\"shape\"").count(), 1);

    // A version 3 file (no spreads) reads as it did: the same document.
    let mut v3 = example_value();
    v3["version"] = json!(3);
    let current = io::load(EXAMPLES[0].json).unwrap();
    assert_eq!(io::load(&v3.to_string()).unwrap(), current);
}

#[test]
fn a_bad_spread_is_refused_at_its_path() {
    let at = |spread: Value| {
        let mut value = example_value();
        let i = first_step(&value);
        value["maps"][0]["elements"][i]["kind"]["process"]["process_time"]["spread"] = spread;
        (
            value,
            format!("$.maps[0].elements[{i}].kind.process.process_time.spread"),
        )
    };
    let (value, path) = at(json!({"range": {"min": 30, "likely": 10, "max": 20}}));
    assert_refused_at(value, &path, "min <= likely <= max");
    let (value, path) = at(json!({"range": {"min": -1, "likely": 10, "max": 20}}));
    assert_refused_at(value, &path, "0 or more");
    let (value, path) = at(json!({"quantiles": [1, 2, 3]}));
    assert_refused_at(value, &path, "21 values");
    let mut falling: Vec<f64> = (0..21).map(|k| k as f64).collect();
    falling[7] = 1.0;
    let (value, path) = at(json!({ "quantiles": falling }));
    assert_refused_at(value, &path, "at least the one before");
    let (value, path) = at(json!({"range": {"min": 1, "likely": 2, "max": 1e300}}));
    assert_refused_at(value, &path, "");
}
