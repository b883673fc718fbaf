//! The loader against arbitrary input: it never panics, and whatever it accepts
//! is valid and survives a save/load round trip.
//!
//! CI runs a fast subset. The long run (over a million cases in all):
//!   TAKT_FUZZ_CASES=350000 cargo test --release --test fuzz_loader

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use takt::analysis::analyze;
use takt::analysis::report::{document_comparisons, map_report};
use takt::io::{self, examples::EXAMPLES, validate::validate};
use takt::model::Document;
use takt::ui::editor::layout::lay_out;

fn cases() -> u32 {
    std::env::var("TAKT_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(3000)
}

fn check(text: &str) -> Result<(), TestCaseError> {
    if let Ok(document) = io::load(text) {
        prop_assert!(
            validate(&document).is_empty(),
            "accepted an invalid document"
        );
        let reloaded = io::load(&io::save(&document));
        prop_assert_eq!(reloaded.as_ref(), Ok(&document));
        analyse_everything(&document)?;
    }
    Ok(())
}

/// Whatever the loader accepts goes through analysis, the report, auto-layout
/// the comparison and the forecast without a panic, and keeps the flow model's invariants.
fn analyse_everything(document: &Document) -> Result<(), TestCaseError> {
    for map in &document.maps {
        let a = analyze(map);
        prop_assert!(a.lead_time.is_finite() && a.first_pass_lead_time.is_finite());
        prop_assert!(a.lead_time >= a.first_pass_lead_time * (1.0 - 1e-9));
        prop_assert!(a.first_pass_lead_time >= a.process_time * (1.0 - 1e-9));
        if let Some(fe) = a.flow_efficiency {
            prop_assert!((0.0..=1.0 + 1e-9).contains(&fe), "flow efficiency {}", fe);
        }
        if let Some(rolled) = a.rolled_pct_ca {
            prop_assert!((0.0..=1.0).contains(&rolled));
        }
        prop_assert!(a.element_visits.iter().all(|v| v.is_finite() && *v >= 1.0));
        let report = serde_json::to_string(&map_report(map, &a)).unwrap_or_default();
        prop_assert!(!report.contains(":null,\"text\"") && !report.contains("NaN"));
        let _ = lay_out(map, |_| 4);
        // The forecast runs on it too; without spreads no run beats the first pass.
        if let Some(forecast) = takt::analysis::simulate::simulate(map, 20, 1) {
            prop_assert!(forecast.mean.is_finite() && forecast.max.is_finite());
            prop_assert!(
                forecast.varied > 0 || forecast.min >= a.first_pass_lead_time * (1.0 - 1e-9)
            );
        }
    }
    let _ = document_comparisons(document);
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop_oneof![
            Just("takt-vsm".to_string()),
            Just("process".to_string()),
            ".{0,12}"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("format".to_string()),
                    Just("version".to_string()),
                    Just("maps".to_string()),
                    Just("elements".to_string()),
                    Just("kind".to_string()),
                    "[a-z]{1,8}"
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the value at a random place of a real example with `replacement`.
fn mutate(value: &mut Value, mut choice: usize, replacement: Value) {
    let mut at = value;
    loop {
        let children = match at {
            Value::Array(items) => items.len(),
            Value::Object(map) => map.len(),
            _ => 0,
        };
        if children == 0 || choice.is_multiple_of(5) {
            *at = replacement;
            return;
        }
        let index = (choice / 5) % children;
        choice /= 3;
        at = match at {
            Value::Array(items) => &mut items[index],
            Value::Object(map) => map.values_mut().nth(index).expect("index below len"),
            _ => unreachable!(),
        };
    }
}

fn run<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner.run(&strategy, test).unwrap();
}

#[test]
fn arbitrary_bytes_never_panic() {
    run(proptest::collection::vec(any::<u8>(), 0..512), |bytes| {
        let _ = io::load_bytes(&bytes);
        Ok(())
    });
}

#[test]
fn arbitrary_json_values_never_panic() {
    run(json_value(), |value| {
        let mut with_header = value.clone();
        if let Value::Object(map) = &mut with_header {
            map.insert("format".into(), json!("takt-vsm"));
            map.insert("version".into(), json!(2));
        }
        check(&value.to_string())?;
        check(&with_header.to_string())
    });
}

#[test]
fn mutated_examples_are_refused_or_valid() {
    let examples: Vec<Value> = EXAMPLES
        .iter()
        .map(|e| serde_json::from_str(e.json).unwrap())
        .collect();
    run(
        (0..examples.len(), any::<usize>(), json_value()),
        |(which, choice, replacement)| {
            let mut value = examples[which].clone();
            mutate(&mut value, choice, replacement);
            check(&value.to_string())
        },
    );
}

#[test]
fn truncated_examples_are_refused_without_panicking() {
    run(
        (0..EXAMPLES.len(), any::<prop::sample::Index>()),
        |(which, cut)| {
            let text = EXAMPLES[which].json;
            let end = cut.index(text.len());
            if text.is_char_boundary(end) {
                check(&text[..end])?;
            }
            Ok(())
        },
    );
}
