//! The JSON Schema shipped in public/ agrees with the loader on the examples.

use serde_json::{Value, json};
use takt::io::examples::EXAMPLES;

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/public/takt.schema.json"
    ))
    .unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

#[test]
fn every_example_matches_the_schema() {
    let validator = schema();
    for example in &EXAMPLES {
        let value: Value = serde_json::from_str(example.json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", example.key);
    }
}

#[test]
fn a_saved_document_matches_the_schema() {
    let document = takt::io::load(EXAMPLES[3].json).unwrap();
    let value: Value = serde_json::from_str(&takt::io::save(&document)).unwrap();
    assert!(schema().is_valid(&value));
}

#[test]
fn the_schema_refuses_what_the_loader_refuses() {
    let validator = schema();
    let mut value: Value = serde_json::from_str(EXAMPLES[0].json).unwrap();
    value["maps"][0]["elements"][2]["kind"]["process"]["pct_ca"] = json!(140);
    assert!(!validator.is_valid(&value));
    assert!(takt::io::load(&value.to_string()).is_err());
    let mut value: Value = serde_json::from_str(EXAMPLES[0].json).unwrap();
    value["maps"][0]["flows"][0]["kind"] = json!("teleport");
    assert!(!validator.is_valid(&value));
}

#[test]
fn the_schema_reads_spreads_as_the_loader_does() {
    let validator = schema();
    let step_time = |value: &mut Value| -> usize {
        value["maps"][0]["elements"]
            .as_array()
            .unwrap()
            .iter()
            .position(|e| e["kind"].get("process").is_some())
            .unwrap()
    };
    let quantiles: Vec<f64> = (0..21).map(|k| k as f64 * 2.0).collect();
    for (spread, good) in [
        (json!({"range": {"min": 5, "likely": 10, "max": 30}}), true),
        (
            json!({"range": {"min": 5, "likely": 10, "max": 30, "shape": "pert"}}),
            true,
        ),
        (json!({ "quantiles": quantiles }), true),
        (json!({"quantiles": [1, 2]}), false),
        (json!({"range": {"min": 5, "max": 30}}), false),
        (
            json!({"range": {"min": 5, "likely": 10, "max": 30, "shape": "normal"}}),
            false,
        ),
    ] {
        let mut value: Value = serde_json::from_str(EXAMPLES[0].json).unwrap();
        let i = step_time(&mut value);
        value["maps"][0]["elements"][i]["kind"]["process"]["process_time"]["spread"] =
            spread.clone();
        assert_eq!(validator.is_valid(&value), good, "schema on {spread}");
        assert_eq!(
            takt::io::load(&value.to_string()).is_ok(),
            good,
            "loader on {spread}"
        );
    }
}
