//! Future states: deriving one from the current state, undoing it, and matching
//! its elements back to the current map (added, removed, changed, renamed).

use takt::analysis::matching::match_elements;
use takt::io::{self, examples};
use takt::model::{Duration, Edit, ElementKind, History, MapState, TimeUnit, ops};

fn example(key: &str) -> takt::model::Document {
    io::load(examples::example(key).unwrap().json).unwrap()
}

/// The incident example's current state with a future state derived from it, and that state's index.
fn incident_with_future_state() -> (takt::model::Document, usize) {
    let mut document = example("incident-resolution");
    document.maps.truncate(1);
    let (edit, index) = ops::derive_future(&document).unwrap();
    edit.apply(&mut document).unwrap();
    (document, index)
}

#[test]
fn a_derived_future_state_links_every_element_back_and_undoes_cleanly() {
    let mut document = example("incident-resolution");
    document.maps.truncate(1);
    let original = document.clone();
    let mut history = History::default();
    let (edit, index) = ops::derive_future(&document).unwrap();
    history.apply(&mut document, edit).unwrap();
    let future = &document.maps[index];
    assert_eq!(future.state, MapState::Future);
    assert_eq!(future.derived_from.as_deref(), Some("current"));
    assert_eq!(future.name, "Future state");
    for (copy, source) in future.elements.iter().zip(&original.maps[0].elements) {
        assert_eq!(copy.origin.as_deref(), Some(source.id.as_str()));
    }
    // A second one gets its own id and name.
    let (edit, second) = ops::derive_future(&document).unwrap();
    history.apply(&mut document, edit).unwrap();
    assert_eq!(document.maps[second].id, "future-2");
    assert_eq!(document.maps[second].name, "Future state 2");
    assert!(
        io::load(&io::save(&document)).is_ok(),
        "a derived document is valid"
    );
    history.undo(&mut document);
    history.undo(&mut document);
    assert_eq!(document, original);
    // The current state itself cannot be removed.
    assert!(Edit::RemoveMap { index: 0 }.apply(&mut document).is_err());
}

#[test]
fn matching_finds_added_removed_changed_and_renamed_elements() {
    let (mut document, index) = incident_with_future_state();
    let future = &mut document.maps[index];
    // Shorten a wait, rename a step, remove a step, add one.
    for element in &mut future.elements {
        match (element.id.as_str(), &mut element.kind) {
            ("q-cab", ElementKind::Inventory(i)) => {
                i.wait = Some(Duration::new(4.0, TimeUnit::Hours))
            }
            ("triage", _) => element.name = "Auto-triage".into(),
            _ => {}
        }
    }
    future.elements.retain(|e| e.id != "security");
    // As the editor deletes an element: with its flows.
    future
        .flows
        .retain(|f| f.from != "security" && f.to != "security");
    let mut added = future.elements[0].clone();
    added.id = "chatbot".into();
    added.name = "Chatbot intake".into();
    added.origin = None;
    future.elements.push(added);

    let changes = match_elements(&document.maps[0], &document.maps[index]);
    assert_eq!(
        changes
            .added
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>(),
        ["chatbot"]
    );
    assert_eq!(
        changes
            .removed
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>(),
        ["security", "f9", "f10"]
    );
    assert_eq!(
        changes.removed[1].name,
        "Security queue \u{2192} Security review"
    );
    let queue = changes
        .changed
        .iter()
        .find(|c| c.after_id == "q-cab")
        .unwrap();
    assert_eq!(queue.fields.len(), 1);
    assert_eq!(
        (
            queue.fields[0].field.as_str(),
            queue.fields[0].before.as_str(),
            queue.fields[0].after.as_str()
        ),
        ("Wait", "3 d", "4 h")
    );
    let triage = changes
        .changed
        .iter()
        .find(|c| c.after_id == "triage")
        .unwrap();
    assert_eq!(triage.renamed_from.as_deref(), Some("Triage"));
    assert!(triage.fields.is_empty());
    assert_eq!(changes.changed.len(), 2);
    assert_eq!(changes.unchanged, document.maps[0].elements.len() - 3);
}

#[test]
fn without_origins_the_same_id_is_the_same_element() {
    let document = example("manufacturing");
    let mut copy = document.maps[0].clone();
    copy.elements.iter_mut().for_each(|e| e.origin = None);
    let changes = match_elements(&document.maps[0], &copy);
    assert!(changes.added.is_empty() && changes.removed.is_empty() && changes.changed.is_empty());
    assert_eq!(changes.unchanged, document.maps[0].elements.len());
}

#[test]
fn the_comparison_csv_has_a_row_per_metric_with_the_engines_figures() {
    let document = example("incident-resolution");
    let reports = takt::analysis::report::document_comparisons(&document);
    let report = &reports[0];
    let text = takt::io::csv::comparison_csv(report);
    let rows: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), report.metrics.len() + 1);
    let lead: Vec<&str> = rows
        .iter()
        .find(|r| r.starts_with("lead_time,"))
        .unwrap()
        .split(',')
        .collect();
    let expected = report
        .metrics
        .iter()
        .find(|m| m.key == "lead_time")
        .unwrap();
    assert_eq!(lead[4], expected.before);
    assert_eq!(lead[5], expected.after);
    assert_eq!(
        lead[6].parse::<f64>().unwrap(),
        expected.before_value.unwrap()
    );
    assert_eq!(lead[11], "true");
    assert_eq!(lead[9], expected.change_text);
    assert!(
        expected.change_text.starts_with('\u{2212}'),
        "lead time went down: {}",
        expected.change_text
    );
}

#[test]
fn takt_compare_lists_the_element_changes_too() {
    let document = example("incident-resolution");
    let report = &takt::analysis::report::document_comparisons(&document)[0];
    let text = report.to_text();
    assert!(
        text.contains("Changed: CAB queue: Wait 3 d \u{2192} 4 h"),
        "{text}"
    );
    assert!(
        text.contains("Added: Pre-approved standard changes"),
        "{text}"
    );
    let json = serde_json::to_value(report).unwrap();
    assert!(
        json["elements"]["changed"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
}

#[test]
fn a_pacemaker_is_kept_in_the_file_and_shows_as_a_change() {
    let mut document = example("manufacturing");
    let future = document
        .maps
        .iter()
        .position(|m| m.state == MapState::Future)
        .unwrap();
    let step = document.maps[future]
        .elements
        .iter_mut()
        .find_map(|e| match &mut e.kind {
            ElementKind::Process(step) => Some(step),
            _ => None,
        })
        .unwrap();
    step.pacemaker = true;
    let reloaded = io::load(&io::save(&document)).unwrap();
    assert_eq!(reloaded, document);
    let changes = match_elements(&document.maps[0], &document.maps[future]);
    assert!(changes.changed.iter().any(|c| {
        c.fields
            .iter()
            .any(|f| f.field == "Pacemaker" && f.after == "yes")
    }));
}

#[test]
fn matching_lists_flow_changes_too() {
    use takt::model::{Fifo, Flow, FlowKind, Pull};
    let (mut document, index) = incident_with_future_state();
    let future = &mut document.maps[index];
    for flow in &mut future.flows {
        match flow.id.as_str() {
            // A supermarket before triage, a FIFO lane after it, less rework.
            "f2" => {
                flow.kind = FlowKind::Pull(Pull {
                    supermarket_quantity: Some(40.0),
                })
            }
            "f3" => flow.kind = FlowKind::Fifo(Fifo { limit: Some(5.0) }),
            "f14" => {
                if let FlowKind::Rework(rework) = &mut flow.kind {
                    rework.probability = Some(0.1);
                }
            }
            _ => {}
        }
    }
    future.flows.push(Flow {
        id: "status".into(),
        from: "verify".into(),
        to: "users".into(),
        kind: FlowKind::ElectronicInfo,
    });
    let changes = match_elements(&document.maps[0], &document.maps[index]);
    let described = |id: &str| {
        let c = changes.changed.iter().find(|c| c.after_id == id).unwrap();
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|f| format!("{}: {} -> {}", f.field, f.before, f.after))
            .collect();
        (c.name.clone(), fields)
    };
    assert_eq!(
        described("f2"),
        (
            "New tickets \u{2192} Triage".to_string(),
            vec![
                "Kind: push -> pull".to_string(),
                "Supermarket quantity: \u{2014} -> 40".to_string()
            ]
        )
    );
    assert_eq!(
        described("f3").1,
        ["Kind: push -> FIFO lane", "FIFO limit: \u{2014} -> 5"]
    );
    assert_eq!(described("f14").1, ["Rework: 20% -> 10%"]);
    assert_eq!(changes.changed.len(), 3);
    assert_eq!(changes.added.len(), 1);
    assert_eq!(
        (changes.added[0].name.as_str(), changes.added[0].kind),
        (
            "Verify with user \u{2192} Users reporting incidents",
            "electronic information"
        )
    );
    assert!(changes.removed.is_empty());
}

#[test]
fn the_comparison_holds_both_states_forecast_p85_and_mean() {
    use takt::analysis::forecast::standard_forecast;
    let document = example("incident-resolution");
    let report = &takt::analysis::report::document_comparisons(&document)[0];
    let current = document.current().unwrap();
    let future = document.futures().next().unwrap();
    let (before, after) = (
        standard_forecast(current).unwrap(),
        standard_forecast(future).unwrap(),
    );
    let metric = |key: &str| report.metrics.iter().find(|m| m.key == key).unwrap();
    let p85 = metric("forecast_p85");
    assert_eq!(p85.before_value, Some(before.p85));
    assert_eq!(p85.after_value, Some(after.p85));
    assert_eq!(p85.change, Some(after.p85 - before.p85));
    let mean = metric("forecast_mean");
    assert_eq!(mean.before_value, Some(before.mean));
    assert_eq!(mean.after_value, Some(after.mean));
    // The future state is faster, in the tail as well as on average.
    assert!(after.p85 < before.p85, "{} -> {}", before.p85, after.p85);
    assert_eq!(p85.improved, Some(true));
    assert!(
        p85.change_text.starts_with('\u{2212}'),
        "{}",
        p85.change_text
    );
    // And the comparison CSV carries them.
    let text = takt::io::csv::comparison_csv(report);
    assert!(text.contains("\r\nforecast_p85,"), "{text}");
    assert!(text.contains("\r\nforecast_mean,"), "{text}");
}

#[test]
fn an_unchanged_future_state_forecasts_the_same() {
    let (document, _) = incident_with_future_state();
    let report = &takt::analysis::report::document_comparisons(&document)[0];
    for key in ["forecast_p85", "forecast_mean"] {
        let m = report.metrics.iter().find(|m| m.key == key).unwrap();
        assert_eq!(m.change, Some(0.0), "{key}");
        assert_eq!(m.improved, None, "{key}");
    }
}
