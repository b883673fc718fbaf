//! Properties of the engine on random maps.

mod common;

use common::*;
use proptest::prelude::*;
use takt::analysis::analyze;
use takt::io;
use takt::model::*;

/// A random acyclic map: steps and inventories `0..n` with forward flows from
/// lower to higher index, the last element a customer.
fn random_map() -> impl Strategy<Value = Map> {
    (3usize..9)
        .prop_flat_map(|n| {
            let times = proptest::collection::vec((any::<bool>(), 0.0f64..500.0), n - 1);
            let edges = proptest::collection::vec((0..n - 1, 1..n), 1..n * 2);
            (Just(n), times, edges)
        })
        .prop_map(|(n, times, edges)| {
            let mut m = map(50.0);
            for (i, (is_step, minutes_value)) in times.into_iter().enumerate() {
                let kind = if is_step {
                    step(minutes(minutes_value))
                } else {
                    wait(minutes(minutes_value))
                };
                add(&mut m, &format!("e{i}"), kind);
            }
            add(&mut m, &format!("e{}", n - 1), ElementKind::Customer);
            for (from, to) in edges {
                if from < to {
                    connect(
                        &mut m,
                        &format!("e{from}"),
                        &format!("e{to}"),
                        FlowKind::Push,
                    );
                }
            }
            m
        })
}

/// Every path's length from each source to the customer, by brute force.
fn all_path_lengths(m: &Map) -> Vec<f64> {
    let time = |id: &str| -> f64 {
        match &m.element(id).unwrap().kind {
            ElementKind::Process(s) => s.touch_seconds(&m.calendar).unwrap_or(0.0),
            ElementKind::Inventory(q) => q.wait.map_or(0.0, |w| w.seconds(&m.calendar)),
            _ => 0.0,
        }
    };
    fn walk(m: &Map, at: &str, so_far: f64, time: &dyn Fn(&str) -> f64, out: &mut Vec<f64>) {
        let here = so_far + time(at);
        if matches!(m.element(at).unwrap().kind, ElementKind::Customer) {
            out.push(here);
        }
        for flow in m.flows.iter().filter(|f| f.from == at) {
            walk(m, &flow.to, here, time, out);
        }
    }
    let mut out = Vec::new();
    for e in &m.elements {
        if !m.flows.iter().any(|f| f.to == e.id) {
            walk(m, &e.id, 0.0, &time, &mut out);
        }
    }
    out
}

proptest! {
    #[test]
    fn the_critical_path_is_at_least_as_long_as_every_path(m in random_map()) {
        let lead = analyze(&m).lead_time;
        let paths = all_path_lengths(&m);
        for length in &paths {
            prop_assert!(lead + 1e-6 >= *length, "lead {lead} shorter than a path of {length}");
        }
        if let Some(longest) = paths.iter().copied().reduce(f64::max) {
            prop_assert!(close(lead, longest), "lead {lead} is not the longest path {longest}");
        }
    }

    #[test]
    fn adding_a_wait_never_shortens_lead_time(m in random_map(), pick in any::<prop::sample::Index>(), extra in 0.0f64..1000.0) {
        let before = analyze(&m).lead_time;
        let mut longer = m.clone();
        let inventories: Vec<usize> = (0..longer.elements.len())
            .filter(|&i| matches!(longer.elements[i].kind, ElementKind::Inventory(_)))
            .collect();
        prop_assume!(!inventories.is_empty());
        if let ElementKind::Inventory(q) = &mut longer.elements[inventories[pick.index(inventories.len())]].kind {
            q.wait = minutes(q.wait.map_or(0.0, |w| w.value) + extra);
        }
        prop_assert!(analyze(&longer).lead_time + 1e-6 >= before);
    }

    #[test]
    fn rework_never_shortens_lead_time(m in random_map(), from in 0usize..8, to in 0usize..8, p in 0.0f64..0.95) {
        let n = m.elements.len() - 1;
        let mut reworked = m.clone();
        connect(&mut reworked, &format!("e{}", from % n), &format!("e{}", to % n), rework(Some(p)));
        prop_assert!(analyze(&reworked).lead_time + 1e-6 >= analyze(&m).lead_time);
    }

    #[test]
    fn save_then_load_gives_the_same_document(m in random_map(), title in "[a-zA-Z <>&\"']{0,40}") {
        let mut document = Document::new(&title);
        document.maps[0] = m;
        document.maps[0].id = "current".into();
        let loaded = io::load(&io::save(&document));
        prop_assert_eq!(loaded, Ok(document));
    }
}
