//! Properties of the engine on random maps.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
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

/// Every path's length from each source to the customer, by brute force; when
/// no flow reaches the customer, to every element (the lead time falls back to
/// the longest path).
fn all_path_lengths(m: &Map) -> Vec<f64> {
    let time = |id: &str| -> f64 {
        match &m.element(id).unwrap().kind {
            ElementKind::Process(s) => s.touch_seconds(&m.calendar).unwrap_or(0.0),
            ElementKind::Inventory(q) => q.wait.as_ref().map_or(0.0, |w| w.seconds(&m.calendar)),
            _ => 0.0,
        }
    };
    fn walk(
        m: &Map,
        at: &str,
        so_far: f64,
        time: &dyn Fn(&str) -> f64,
        out: &mut Vec<(bool, f64)>,
    ) {
        let here = so_far + time(at);
        out.push((
            matches!(m.element(at).unwrap().kind, ElementKind::Customer),
            here,
        ));
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
    let customer_reached = m
        .flows
        .iter()
        .any(|f| matches!(m.element(&f.to).unwrap().kind, ElementKind::Customer));
    out.into_iter()
        .filter(|(at_customer, _)| *at_customer || !customer_reached)
        .map(|(_, length)| length)
        .collect()
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
        prop_assume!(has_inventory(&m));
        wait_added_never_shortens(&m, pick, extra)?;
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

// ---- The flow model on random maps with forks, joins and rework anywhere ----------

/// A random map: elements `e0..e{n-1}` (steps and inventories, the last a
/// customer), forward flows from lower to higher index (forks and joins),
/// rework flows from any element to any element at or before it, with each
/// sender's rework adding up to less than 1; with `cycles`, also pushes going
/// back that nobody marked as rework.
fn flow_map(cycles: bool) -> impl Strategy<Value = Map> {
    (3usize..10)
        .prop_flat_map(move |n| {
            // Few distinct times, so equally long paths (ties) are common.
            let times = proptest::collection::vec((0u8..3, 0u8..4, 0u8..=4), n - 1);
            let forward = proptest::collection::vec((0..n - 1, 1..n), 1..n * 2);
            let rework = proptest::collection::vec(
                (0..n, 0..n, prop::sample::select(vec![0.1, 0.25, 0.5])),
                0..4,
            );
            let back = proptest::collection::vec((0..n, 0..n), 0..if cycles { 3 } else { 1 });
            (Just(n), times, forward, rework, back)
        })
        .prop_map(move |(n, times, forward, rework_flows, back)| {
            let mut m = map(50.0);
            for (i, (kind, tens, fifths)) in times.into_iter().enumerate() {
                let (minutes_value, pct_ca) = (f64::from(tens) * 10.0, f64::from(fifths) * 25.0);
                let kind = match kind {
                    0 => wait(minutes(minutes_value)),
                    1 => step(minutes(minutes_value)),
                    _ => step_with(|s| {
                        s.process_time = minutes(minutes_value);
                        s.pct_ca = Some(pct_ca);
                    }),
                };
                add(&mut m, &format!("e{i}"), kind);
            }
            add(&mut m, &format!("e{}", n - 1), ElementKind::Customer);
            let id = |i: usize| format!("e{i}");
            for (from, to) in forward {
                if from < to {
                    connect(&mut m, &id(from), &id(to), FlowKind::Push);
                }
            }
            let mut sent = vec![0.0; n];
            for (a, b, p) in rework_flows {
                let (from, to) = (a.max(b), a.min(b));
                if from == n - 1 || sent[from] + p >= 0.95 {
                    continue;
                }
                sent[from] += p;
                connect(&mut m, &id(from), &id(to), rework(Some(p)));
            }
            if cycles {
                for (a, b) in back {
                    if a > b && a < n - 1 {
                        connect(&mut m, &id(a), &id(b), FlowKind::Push);
                    }
                }
            }
            m
        })
}

/// The stated system solved independently, by brute force: the loop of a
/// rework flow s -> t is every element on a forward path from t to s, and
/// x_v = 1 + sum over loops containing v of p x_s, iterated to its fixed point.
fn brute_force_visits(m: &Map) -> Vec<f64> {
    let n = m.elements.len();
    let index = |id: &str| m.elements.iter().position(|e| e.id == id).unwrap();
    let mut reach = vec![vec![false; n]; n];
    for (i, row) in reach.iter_mut().enumerate() {
        row[i] = true;
    }
    for flow in m.flows.iter().filter(|f| f.kind.is_forward_material()) {
        reach[index(&flow.from)][index(&flow.to)] = true;
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    let loops: Vec<(usize, f64, Vec<usize>)> = m
        .flows
        .iter()
        .filter_map(|f| match f.kind {
            FlowKind::Rework(Rework { probability }) => {
                let (s, t) = (index(&f.from), index(&f.to));
                let members: Vec<usize> = (0..n).filter(|&v| reach[t][v] && reach[v][s]).collect();
                (!members.is_empty()).then(|| (s, probability.unwrap_or(0.0), members))
            }
            _ => None,
        })
        .collect();
    let mut x = vec![1.0; n];
    for _ in 0..10_000 {
        let mut next = vec![1.0; n];
        for (s, p, members) in &loops {
            for &v in members {
                next[v] += p * x[*s];
            }
        }
        let settled = next
            .iter()
            .zip(&x)
            .all(|(a, b)| (a - b).abs() < 1e-12 * a.max(1.0));
        x = next;
        if settled {
            break;
        }
    }
    x
}

/// What a report says, keyed by id so the order of a file cannot show through.
type Figures = (
    Vec<f64>,
    Vec<String>,
    Option<String>,
    Vec<(String, u64)>,
    Vec<String>,
);

fn figures(m: &Map) -> Figures {
    let a = analyze(m);
    let totals = vec![
        a.lead_time,
        a.first_pass_lead_time,
        a.process_time,
        a.work_content,
        a.rework_work,
        a.flow_efficiency.unwrap_or(-1.0),
        a.rolled_pct_ca.unwrap_or(-1.0),
    ];
    let path = a
        .critical_path
        .iter()
        .map(|&i| m.elements[i].id.clone())
        .collect();
    let bottleneck = a
        .bottleneck
        .map(|b| m.elements[a.steps[b].element].id.clone());
    let mut visits: Vec<(String, u64)> = m
        .elements
        .iter()
        .zip(&a.element_visits)
        .map(|(e, v)| (e.id.clone(), (v * 1e9).round() as u64))
        .collect();
    visits.sort();
    let mut warnings: Vec<String> = a
        .warnings
        .iter()
        .map(|w| format!("{:?} {:?} {}", w.code, w.element, w.message))
        .collect();
    warnings.sort();
    (totals, path, bottleneck, visits, warnings)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn visits_solve_the_stated_linear_system(m in flow_map(false)) {
        let a = analyze(&m);
        let expected = brute_force_visits(&m);
        for (i, (actual, expected)) in a.element_visits.iter().zip(&expected).enumerate() {
            prop_assert!(close(*actual, *expected), "{}: {actual} vs {expected}", m.elements[i].id);
        }
    }

    #[test]
    fn the_invariants_hold_on_every_map(m in flow_map(true)) {
        let a = analyze(&m);
        let customer = m.elements.len() - 1;
        prop_assert_eq!(a.element_visits[customer], 1.0, "the customer is reached once per unit");
        prop_assert!(a.lead_time + 1e-6 >= a.first_pass_lead_time);
        prop_assert!(a.first_pass_lead_time + 1e-6 >= a.process_time);
        if let Some(fe) = a.flow_efficiency {
            prop_assert!((0.0..=1.0 + 1e-12).contains(&fe), "flow efficiency {fe}");
            prop_assert!(a.process_time <= 0.0 || fe > 0.0);
        }
        if let Some(rolled) = a.rolled_pct_ca {
            prop_assert!((0.0..=1.0).contains(&rolled));
        }
        prop_assert!(a.element_visits.iter().all(|v| v.is_finite() && *v >= 1.0));
        prop_assert!(a.lead_time.is_finite() && a.rework_work >= 0.0);
    }

    /// The forecast on the same maps, no time varying: no run is shorter than the
    /// first pass, and without rework every run is exactly the analysis's lead time.
    #[test]
    fn the_forecast_keeps_the_flow_model(m in flow_map(true)) {
        let a = analyze(&m);
        let forecast = takt::analysis::simulate::simulate(&m, 50, 7).unwrap();
        prop_assert!(forecast.min + 1e-6 >= a.first_pass_lead_time, "{} vs {}", forecast.min, a.first_pass_lead_time);
        let reworked = m.flows.iter().any(|f| matches!(f.kind, FlowKind::Rework(_)));
        if !reworked {
            prop_assert!(close(forecast.min, a.lead_time) && close(forecast.max, a.lead_time),
                "{}..{} vs {}", forecast.min, forecast.max, a.lead_time);
        }
        let total: f64 = forecast.criticality.iter().map(|(_, share)| share).sum();
        prop_assert!(forecast.criticality.iter().all(|(_, s)| (0.0..=1.0).contains(s)) && total.is_finite());
    }

    #[test]
    fn the_order_of_elements_and_flows_changes_nothing(
        m in flow_map(true),
        element_seed in any::<u64>(),
        flow_seed in any::<u64>(),
    ) {
        let mut shuffled = m.clone();
        shuffle(&mut shuffled.elements, element_seed);
        shuffle(&mut shuffled.flows, flow_seed);
        let (totals, path, bottleneck, visits, warnings) = figures(&m);
        let (totals2, path2, bottleneck2, visits2, warnings2) = figures(&shuffled);
        for (a, b) in totals.iter().zip(&totals2) {
            prop_assert!(close(*a, *b), "{a} vs {b}");
        }
        prop_assert_eq!(path, path2);
        prop_assert_eq!(bottleneck, bottleneck2);
        prop_assert_eq!(visits, visits2);
        prop_assert_eq!(warnings, warnings2);
    }

    #[test]
    fn adding_a_wait_anywhere_never_shortens_lead_time(m in flow_map(true), pick in any::<prop::sample::Index>(), extra in 0.0f64..1000.0) {
        prop_assume!(has_inventory(&m));
        wait_added_never_shortens(&m, pick, extra)?;
    }
}

/// A deterministic Fisher-Yates shuffle (no extra crate for one test).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (seed >> 33) as usize % (i + 1));
    }
}

fn has_inventory(m: &Map) -> bool {
    m.elements
        .iter()
        .any(|e| matches!(e.kind, ElementKind::Inventory(_)))
}

/// Adds `extra` minutes to the wait of one inventory of `m` (picked by `pick`):
/// the lead time must not get shorter.
fn wait_added_never_shortens(
    m: &Map,
    pick: prop::sample::Index,
    extra: f64,
) -> Result<(), TestCaseError> {
    let before = analyze(m).lead_time;
    let mut longer = m.clone();
    let inventories: Vec<usize> = (0..longer.elements.len())
        .filter(|&i| matches!(longer.elements[i].kind, ElementKind::Inventory(_)))
        .collect();
    if let ElementKind::Inventory(q) =
        &mut longer.elements[inventories[pick.index(inventories.len())]].kind
    {
        q.wait = minutes(q.wait.as_ref().map_or(0.0, |w| w.value) + extra);
    }
    prop_assert!(analyze(&longer).lead_time + 1e-6 >= before);
    Ok(())
}

proptest! {
    /// A message of any text, empty or not ASCII, is capitalised without a panic
    /// (in Wasm a panic would kill the app), and keeps everything after its first character.
    #[test]
    fn any_message_is_capitalised_without_a_panic(text in any::<String>()) {
        let out = takt::analysis::format::capitalised(&text);
        let mut chars = text.chars();
        match chars.next() {
            None => prop_assert_eq!(out, ""),
            Some(first) => {
                let upper: String = first.to_uppercase().collect();
                prop_assert!(out.starts_with(&upper));
                prop_assert_eq!(&out[upper.len()..], chars.as_str());
            }
        }
    }
}

#[test]
fn messages_are_capitalised_by_character_not_by_byte() {
    use takt::analysis::format::capitalised;
    assert_eq!(capitalised(""), "");
    assert_eq!(
        capitalised("min must be below max"),
        "Min must be below max"
    );
    assert_eq!(capitalised("élan"), "Élan");
    assert_eq!(capitalised("ß"), "SS");
    assert_eq!(
        capitalised("\u{201c}x\u{201d} is empty"),
        "\u{201c}x\u{201d} is empty"
    );
}
