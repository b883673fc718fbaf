//! The editor's guarantees, on the engine side: every edit keeps the document
//! loadable (an edit that would not is refused and changes nothing), an edit
//! that changes nothing records nothing, and undoing everything restores the
//! original exactly.
//!
//! The random-operation property runs a fast subset in CI; the long run:
//!   TAKT_EDIT_CASES=20000 cargo test --release --test editing

mod common;

use std::collections::HashSet;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use takt::io::{self, examples::EXAMPLES, validate};
use takt::model::*;

fn check(document: &Document) -> Result<(), String> {
    validate::check(document)
}

fn example() -> Document {
    io::load(EXAMPLES[0].json).unwrap()
}

#[test]
fn a_default_rework_from_a_step_at_zero_pct_ca_is_refused_in_the_editor() {
    let mut document = example();
    let mut history = History::default();
    let map = &document.maps[0];
    let step = map
        .elements
        .iter()
        .find(|e| matches!(e.kind, ElementKind::Process(_)))
        .unwrap()
        .clone();
    // A rework loop from the step to itself, no probability: 1 - %C&A.
    let (connect, _) = ops::connect(0, map, &step.id, &step.id, rework(None)).unwrap();
    assert_eq!(
        history.apply_checked(&mut document, connect, None, &check),
        Ok(true)
    );
    let before = document.clone();
    // Now %C&A 0 would make that loop 100%: refused, with the reason, nothing changed.
    let mut zero = step.clone();
    if let ElementKind::Process(p) = &mut zero.kind {
        p.pct_ca = Some(0.0);
    }
    let refused = history.apply_checked(
        &mut document,
        Edit::ReplaceElement {
            map: 0,
            element: zero,
        },
        None,
        &check,
    );
    match refused {
        Err(EditError::Refused(reason)) => {
            assert!(reason.contains("never leave"), "{reason}");
            assert!(reason.contains(&step.name), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(document, before);
    assert!(io::load(&io::save(&document)).is_ok());
}

#[test]
fn future_states_past_the_loaders_limit_are_refused() {
    let mut document = example();
    let mut history = History::default();
    let mut refused = None;
    for _ in 0..70 {
        let Some((edit, _)) = ops::derive_future(&document) else {
            break;
        };
        if let Err(error) = history.apply_checked(&mut document, edit, None, &check) {
            refused = Some(error);
            break;
        }
    }
    assert_eq!(document.maps.len(), validate::MAX_MAPS);
    let Some(EditError::Refused(reason)) = refused else {
        panic!("the 65th map was not refused");
    };
    assert!(reason.contains("64"), "{reason}");
    assert!(io::load(&io::save(&document)).is_ok());
}

#[test]
fn an_edit_that_changes_nothing_records_nothing() {
    let mut document = example();
    let mut history = History::default();
    let same = document.maps[0].elements[1].clone();
    let unchanged = history.apply_checked(
        &mut document,
        Edit::ReplaceElement {
            map: 0,
            element: same,
        },
        None,
        &check,
    );
    assert_eq!(unchanged, Ok(false));
    assert!(!history.can_undo());
    let title = Edit::Title(document.title.clone());
    assert_eq!(history.apply(&mut document, title), Ok(false));
    assert!(!history.can_undo());
}

#[test]
fn a_document_already_invalid_does_not_block_further_edits() {
    // Say a drag left an element out of range (the check would refuse it now):
    // the user can still rename another element, and is not locked out.
    let mut document = example();
    document.maps[0].elements[0].x = 1e12;
    let mut history = History::default();
    let mut renamed = document.maps[0].elements[1].clone();
    renamed.name = "Renamed".into();
    let result = history.apply_checked(
        &mut document,
        Edit::ReplaceElement {
            map: 0,
            element: renamed,
        },
        None,
        &check,
    );
    assert_eq!(result, Ok(true));
    assert_eq!(document.maps[0].elements[1].name, "Renamed");
}

/// One thing a user may do in the editor.
#[derive(Clone, Debug)]
enum Op {
    AddStep(usize),
    Connect(usize, usize, u8),
    /// Quick entry: 0 a queue, 1 a branch, 2 rework to the k-th step upstream, 3 the customer.
    Capture(usize, u8, usize),
    Delete(usize),
    Duplicate(usize),
    Paste(usize, usize),
    Future,
    SetPctCa(usize, u8),
    /// An earlier version restored: the whole document replaced (here by the example).
    RestoreEarlier,
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<usize>().prop_map(Op::AddStep),
        (any::<usize>(), any::<usize>(), 0u8..4).prop_map(|(a, b, k)| Op::Connect(a, b, k)),
        (any::<usize>(), 0u8..4, any::<usize>()).prop_map(|(a, k, b)| Op::Capture(a, k, b)),
        any::<usize>().prop_map(Op::Delete),
        any::<usize>().prop_map(Op::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Op::Paste(a, b)),
        Just(Op::Future),
        (any::<usize>(), 0u8..=4).prop_map(|(a, p)| Op::SetPctCa(a, p)),
        Just(Op::RestoreEarlier),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn nth_id(map: &Map, n: usize) -> Option<String> {
    (!map.elements.is_empty()).then(|| map.elements[n % map.elements.len()].id.clone())
}

/// The edit an operation makes on the document as it is, if any.
fn edit_for(document: &Document, op: &Op) -> Option<Edit> {
    let index = document.maps.len() - 1;
    let map = &document.maps[index];
    match op {
        Op::AddStep(n) => match nth_id(map, *n) {
            Some(after) => capture::add_next_step(index, map, &after).map(|(e, _)| e),
            None => {
                let step = ops::new_element(map, step(minutes(5.0)), 0.0, 0.0);
                Some(ops::add_element(index, map, step))
            }
        },
        Op::Connect(a, b, kind) => {
            let (from, to) = (nth_id(map, *a)?, nth_id(map, *b)?);
            let kind = match kind {
                0 => FlowKind::Push,
                1 => rework(None),
                2 => rework(Some(0.6)),
                _ => FlowKind::ManualInfo,
            };
            ops::connect(index, map, &from, &to, kind).map(|(e, _)| e)
        }
        Op::Capture(n, what, k) => {
            let at = nth_id(map, *n)?;
            match what {
                0 => capture::add_queue(index, map, &at),
                1 => capture::add_branch(index, map, &at),
                2 => {
                    let targets = capture::rework_targets(map, &at);
                    let to = targets.get(k % targets.len().max(1))?;
                    capture::add_rework(index, map, &at, to)
                }
                _ => capture::add_customer(index, map, &at),
            }
            .map(|(e, _)| e)
        }
        Op::Delete(n) => {
            let ids: HashSet<String> = nth_id(map, *n).into_iter().collect();
            ops::delete(index, map, &ids)
        }
        Op::Duplicate(n) | Op::Paste(n, _) => {
            let ids: HashSet<String> = match op {
                Op::Paste(_, k) => map
                    .elements
                    .iter()
                    .skip(*n % map.elements.len().max(1))
                    .take(1 + k % 4)
                    .map(|e| e.id.clone())
                    .collect(),
                _ => nth_id(map, *n).into_iter().collect(),
            };
            let clip = ops::copy(map, &ids);
            ops::paste(index, map, &clip, 20.0, 20.0).map(|(e, _)| e)
        }
        Op::Future => ops::derive_future(document).map(|(e, _)| e),
        Op::SetPctCa(n, fifths) => {
            let id = nth_id(map, *n)?;
            let mut element = map.element(&id)?.clone();
            let ElementKind::Process(step) = &mut element.kind else {
                return None;
            };
            step.pct_ca = Some(f64::from(*fifths) * 25.0);
            Some(Edit::ReplaceElement {
                map: index,
                element,
            })
        }
        Op::RestoreEarlier => Some(Edit::Replace(Box::new(example()))),
        Op::Undo | Op::Redo => None,
    }
}

fn edit_cases() -> u32 {
    std::env::var("TAKT_EDIT_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300)
}

#[test]
fn random_edits_keep_the_document_loadable_and_undo_restores_it_exactly() {
    let original = example();
    let mut runner = TestRunner::new(Config {
        cases: edit_cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&proptest::collection::vec(op(), 1..60), |ops| {
        let mut document = original.clone();
        let mut history = History::default();
        for op in &ops {
            match op {
                Op::Undo => {
                    history.undo(&mut document);
                }
                Op::Redo => {
                    history.redo(&mut document);
                }
                _ => {
                    if let Some(edit) = edit_for(&document, op) {
                        let before = document.clone();
                        match history.apply_checked(&mut document, edit, None, &check) {
                            Ok(_) => {}
                            Err(_) => prop_assert_eq!(
                                &document,
                                &before,
                                "a refused edit changed the document"
                            ),
                        }
                    }
                }
            }
            prop_assert_eq!(validate::validate(&document), vec![], "after {:?}", op);
        }
        while history.undo(&mut document) {}
        prop_assert_eq!(&document, &original);
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

#[test]
fn quick_entry_captures_a_stream_with_a_queue_a_parallel_approval_rework_and_the_customer() {
    let mut document = Document::new("Change request");
    let mut history = History::default();
    type Make<'a> = &'a dyn Fn(&Map) -> Option<(Edit, String)>;
    let mut apply = |document: &mut Document, make: Make| -> String {
        let (edit, id) = make(&document.maps[0]).expect("quick entry makes an edit");
        assert_eq!(
            history.apply_checked(document, edit, None, &check),
            Ok(true)
        );
        id
    };
    let log = apply(&mut document, &|m| {
        let first = ops::new_element(m, step(minutes(5.0)), 0.0, 0.0);
        let id = first.id.clone();
        Some((ops::add_element(0, m, first), id))
    });
    let triage = apply(&mut document, &|m| capture::add_next_step(0, m, &log));
    let queue = apply(&mut document, &|m| capture::add_queue(0, m, &triage));
    let build = apply(&mut document, &|m| capture::add_next_step(0, m, &queue));
    let review = apply(&mut document, &|m| capture::add_next_step(0, m, &build));
    let deploy = apply(&mut document, &|m| capture::add_next_step(0, m, &review));
    let verify = apply(&mut document, &|m| capture::add_next_step(0, m, &deploy));
    let approve = apply(&mut document, &|m| capture::add_branch(0, m, &review));
    let map = &document.maps[0];
    // Verify can be sent back to any step before it, nearest first, or redone on the spot.
    assert_eq!(
        capture::rework_targets(map, &verify),
        [&deploy, &review, &approve, &build, &triage, &log, &verify].map(String::clone)
    );
    apply(&mut document, &|m| {
        capture::add_rework(0, m, &verify, &build)
    });
    let customer = apply(&mut document, &|m| capture::add_customer(0, m, &verify));
    // A second E joins to the same customer rather than adding another.
    let again = capture::add_customer(0, &document.maps[0], &deploy).map(|(_, id)| id);
    assert_eq!(again.as_deref(), Some(customer.as_str()));

    let map = &document.maps[0];
    let flows: HashSet<(String, String, &str)> = map
        .flows
        .iter()
        .map(|f| (f.from.clone(), f.to.clone(), f.kind.label()))
        .collect();
    let push = FlowKind::Push.label();
    for (from, to) in [
        (&log, &triage),
        (&triage, &queue),
        (&queue, &build),
        (&build, &review),
        (&build, &approve),
        (&review, &deploy),
        (&approve, &deploy),
        (&deploy, &verify),
        (&verify, &customer),
    ] {
        assert!(
            flows.contains(&(from.clone(), to.clone(), push)),
            "{from} -> {to}"
        );
    }
    assert!(flows.contains(&(verify.clone(), build.clone(), rework(None).label())));
    assert_eq!(map.flows.len(), 10);
    assert_eq!(map.elements.len(), 9);
    // The approval sits in its own row, below the review it runs beside.
    let (r, a) = (
        map.element(&review).unwrap(),
        map.element(&approve).unwrap(),
    );
    assert_eq!((a.x, a.y - r.y), (r.x, capture::BRANCH_ROW));
    let a = takt::analysis::analyze(map);
    // Build, review/approve, deploy and verify are visited 1 / (1 - 0.1) times.
    let visits = |id: &str| a.element_visits[map.elements.iter().position(|e| e.id == id).unwrap()];
    assert!((visits(&review) - 1.0 / 0.9).abs() < 1e-9);
    assert!((visits(&triage) - 1.0).abs() < 1e-9);
    assert!(io::load(&io::save(&document)).is_ok());
}
