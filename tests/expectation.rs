//! The expected lead time when rework meets parallel branches: hand-computed
//! cases for each shape, and the analysis against the Monte Carlo forecast on
//! random maps (they must agree: DESIGN.md's flow model, no spreads).

mod common;

use common::*;
use proptest::prelude::*;
use takt::analysis::analyze;
use takt::analysis::simulate::simulate;
use takt::model::*;

/// sup -> a (10) -> b (`b`) and c (`c`) in parallel -> j (10) -> cust.
fn fork(b: f64, c: f64) -> Map {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "b", step(minutes(b)));
    add(&mut m, "c", step(minutes(c)));
    add(&mut m, "j", step(minutes(10.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "b", "j", "cust"]);
    chain(&mut m, &["a", "c", "j"]);
    m
}

/// The analysis's figure, and the forecast's mean within 1% of it.
fn expected_minutes(m: &Map) -> f64 {
    let lead = analyze(m).lead_time;
    let mean = simulate(m, 100_000, 11).unwrap().mean;
    assert!(
        (mean - lead).abs() < 0.01 * lead,
        "forecast mean {mean} vs analysis {lead}"
    );
    lead / MINUTE
}

/// A loop inside one branch: b1 (20) -> b2 (20), b2 sends back to b1 half the
/// time, beside c (50). Branch B takes 40 (N + 1) with N repeats,
/// P(N = k) = 0.5^(k+1). With no repeat (half the time) C's 50 sets the join;
/// with any, B does: E[max] = 0.5 x 50 + 40 x (E[N + 1] - 0.5 x 1)
/// = 25 + 40 x 1.5 = 85. Lead time 10 + 85 + 10 = 105 min (max of the
/// expectations, 80, would give 100).
#[test]
fn a_loop_inside_one_branch_takes_the_expected_maximum() {
    let mut m = fork(20.0, 50.0);
    add(&mut m, "b2", step(minutes(20.0)));
    m.flows.retain(|f| !(f.from == "b" && f.to == "j"));
    chain(&mut m, &["b", "b2", "j"]);
    connect(&mut m, "b2", "b", rework(Some(0.5)));
    assert_close(expected_minutes(&m), 105.0);
}

/// Rework out of a branch to before the fork: c (50) sends back to a half the
/// time, which repeats a and c (60) but not b (100). C finishes at
/// 60 + 60 N, B at 110. E[max] = 0.5 x 110 + sum over k >= 1 of
/// 0.5^(k+1) (60 + 60 k) = 55 + (60 + 60 E[N] - 0.5 x 60) = 55 + 90 = 145;
/// lead time 145 + 10 = 155 min (expected visits along one path gave 130).
#[test]
fn rework_out_of_a_branch_to_before_the_fork() {
    let mut m = fork(100.0, 50.0);
    connect(&mut m, "c", "a", rework(Some(0.5)));
    assert_close(expected_minutes(&m), 155.0);
}

/// Rework across the join, from j back to a: the whole section repeats,
/// 10 + max(20, 50) + 10 = 70 each time, twice on average: 140 min.
#[test]
fn rework_across_the_join_repeats_the_whole_section() {
    let mut m = fork(20.0, 50.0);
    connect(&mut m, "j", "a", rework(Some(0.5)));
    assert_close(expected_minutes(&m), 140.0);
}

/// A loop in each branch: b (10) and c (10) each send themselves back half the
/// time, so B = 10 U and C = 10 V with U, V independent, P(U = u) = 0.5^u.
/// P(max(U, V) <= k) = (1 - 2^-k)^2, so E[max] = sum over k >= 0 of
/// (2 x 2^-k - 4^-k) = 4 - 4/3 = 8/3: 26.67 min. Lead time 10 + 26.67 + 10 =
/// 46.67 min (max of the expectations gave 40).
#[test]
fn loops_in_both_branches() {
    let mut m = fork(10.0, 10.0);
    connect(&mut m, "b", "b", rework(Some(0.5)));
    connect(&mut m, "c", "c", rework(Some(0.5)));
    assert_close(expected_minutes(&m), 20.0 + 80.0 / 3.0);
}

/// Nested loops in series: a (10) -> b (20) -> c (30); c sends back to a and
/// b to a, each half the time. c runs x_c = 1 / 0.5 = 2 times, sending back
/// once on average; b runs x_b = (1 + 1) / 0.5 = 4 times; a runs
/// 1 + 0.5 x 4 + 1 = 4 times. 10 x 4 + 20 x 4 + 30 x 2 = 180 min.
#[test]
fn nested_loops_in_series() {
    let mut m = map(10.0);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "c", step(minutes(30.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["a", "b", "c", "cust"]);
    connect(&mut m, "c", "a", rework(Some(0.5)));
    connect(&mut m, "b", "a", rework(Some(0.5)));
    assert_close(expected_minutes(&m), 180.0);
}

/// A nested loop inside one branch of a fork: what neither closed form
/// covers, checked against the forecast (100,000 runs, within 1%).
#[test]
fn a_nested_loop_inside_a_branch_agrees_with_the_forecast() {
    let mut m = fork(20.0, 60.0);
    add(&mut m, "b2", step(minutes(15.0)));
    m.flows.retain(|f| !(f.from == "b" && f.to == "j"));
    chain(&mut m, &["b", "b2", "j"]);
    connect(&mut m, "b2", "b", rework(Some(0.4)));
    connect(&mut m, "b", "b", rework(Some(0.3)));
    connect(&mut m, "j", "b2", rework(Some(0.2)));
    let lead = expected_minutes(&m);
    assert!(lead > 80.0, "{lead}");
}

/// A random map: elements 0..n (steps and waits of fixed times), each after
/// one or two earlier ones (parallel branches, joins, and crossings that are
/// neither), a customer after every element nothing follows, and rework
/// flows from any element to any earlier one with probability up to 0.5.
fn random_reworked_map() -> impl Strategy<Value = Map> {
    reworked_map_up_to(30, 6)
}

/// `random_reworked_map` with up to `elements` elements and `reworks` rework flows.
fn reworked_map_up_to(elements: usize, reworks: usize) -> impl Strategy<Value = Map> {
    (4usize..elements)
        .prop_flat_map(move |n| {
            let elements = proptest::collection::vec(
                (
                    any::<bool>(),
                    1.0f64..60.0,
                    0usize..1000,
                    0usize..1000,
                    any::<bool>(),
                ),
                n,
            );
            let reworks =
                proptest::collection::vec((0usize..1000, 0usize..1000, 0.01f64..0.5), 0..reworks);
            (elements, reworks)
        })
        .prop_map(|(elements, reworks)| {
            let n = elements.len();
            let mut m = map(10.0);
            for (i, (is_step, time, _, _, _)) in elements.iter().enumerate() {
                let kind = if *is_step {
                    step(minutes(*time))
                } else {
                    wait(minutes(*time))
                };
                add(&mut m, &format!("e{i:02}"), kind);
            }
            add(&mut m, "cust", ElementKind::Customer);
            for (i, (_, _, first, second, two)) in elements.iter().enumerate().skip(1) {
                let a = first % i;
                connect(
                    &mut m,
                    &format!("e{a:02}"),
                    &format!("e{i:02}"),
                    FlowKind::Push,
                );
                let b = second % i;
                if *two && b != a {
                    connect(
                        &mut m,
                        &format!("e{b:02}"),
                        &format!("e{i:02}"),
                        FlowKind::Push,
                    );
                }
            }
            for i in 0..n {
                let id = format!("e{i:02}");
                if !m.flows.iter().any(|f| f.from == id) {
                    connect(&mut m, &id, "cust", FlowKind::Push);
                }
            }
            for (from, to, p) in reworks {
                let from = 1 + from % (n - 1);
                let to = to % (from + 1);
                connect(
                    &mut m,
                    &format!("e{from:02}"),
                    &format!("e{to:02}"),
                    rework(Some(p)),
                );
            }
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 40,
        // The same maps every run: a statistical test on random maps would
        // otherwise fail now and then for no fault.
        rng_seed: proptest::test_runner::RngSeed::Fixed(27),
        ..ProptestConfig::default()
    })]

    /// The analysis is the mean of the forecast: within 3 standard errors of
    /// 200,000 runs and within 1%.
    #[test]
    fn the_analysis_is_the_forecast_mean(m in random_reworked_map()) {
        let lead = analyze(&m).lead_time;
        let runs = 200_000;
        let forecast = simulate(&m, runs, 2026).unwrap();
        prop_assert_eq!(forecast.stopped, 0);
        let error = forecast.standard_deviation / (runs as f64).sqrt();
        let gap = (forecast.mean - lead).abs();
        prop_assert!(gap <= 3.0 * error + 1e-9 * lead, "analysis {lead}, forecast {} (standard error {error}) on {}", forecast.mean, sketch(&m));
        prop_assert!(gap <= 0.01 * lead, "analysis {lead}, forecast {} on {}", forecast.mean, sketch(&m));
    }
}

/// A map in one line, to read a counterexample: each element's minutes (in
/// full: the direct model reads them), each flow.
fn sketch(m: &Map) -> String {
    let elements: Vec<String> = m
        .elements
        .iter()
        .map(|e| {
            let minutes = match &e.kind {
                ElementKind::Process(s) => s.process_time.as_ref().map_or(0.0, |d| d.value),
                ElementKind::Inventory(q) => q.wait.as_ref().map_or(0.0, |d| d.value),
                _ => 0.0,
            };
            format!("{}={minutes}", e.id)
        })
        .collect();
    let flows: Vec<String> = m
        .flows
        .iter()
        .map(|f| match &f.kind {
            FlowKind::Rework(r) => {
                format!("{}~>{}@{:.3}", f.from, f.to, r.probability.unwrap_or(0.0))
            }
            _ => format!("{}->{}", f.from, f.to),
        })
        .collect();
    format!("{} | {}", elements.join(" "), flows.join(" "))
}

/// A map from its sketch (`sketch`'s format): elements ending in a customer
/// `cust`, the rest steps of the given minutes.
fn from_sketch(text: &str) -> Map {
    let (elements, flows) = text.split_once(" | ").unwrap();
    let mut m = map(10.0);
    for element in elements.split_whitespace() {
        let (id, minutes_value) = element.split_once('=').unwrap();
        let kind = if id == "cust" {
            ElementKind::Customer
        } else {
            step(minutes(minutes_value.parse().unwrap()))
        };
        add(&mut m, id, kind);
    }
    for flow in flows.split_whitespace() {
        if let Some((from, rest)) = flow.split_once("~>") {
            let (to, p) = rest.split_once('@').unwrap();
            connect(&mut m, from, to, rework(Some(p.parse().unwrap())));
        } else {
            let (from, to) = flow.split_once("->").unwrap();
            connect(&mut m, from, to, FlowKind::Push);
        }
    }
    m
}

/// Counterexamples the property test found, kept: two loops, one sending
/// back into the other, beside branches that share their finish.
const COUNTEREXAMPLES: [&str; 2] = [
    "e00=1.0 e01=1.0 e02=1.0 e03=1.0 e04=45.4 e05=1.0 e06=52.5 e07=1.0 e08=25.4 e09=20.9 e10=3.0 e11=26.9 e12=3.9 cust=0.0 | e00->e01 e00->e02 e02->e03 e00->e04 e03->e04 e00->e05 e04->e06 e00->e07 e03->e08 e00->e09 e01->e09 e03->e10 e08->e10 e04->e11 e08->e12 e04->e12 e05->cust e06->cust e07->cust e09->cust e10->cust e11->cust e12->cust e04~>e02@0.192 e11~>e03@0.476",
    // Took 17 s to analyse, then gave 118.6 min for a 362.3 min forecast (joint
    // atoms whose probability underflowed to 0 merged into NaN), then 350.3 (a
    // three-way fork's joint, merged too coarsely): all fixed, 362.54 now.
    "e00=58.8 e01=30.9 e02=32.7 e03=16.0 e04=41.4 e05=9.1 e06=49.0 e07=45.1 e08=41.4 e09=53.3 e10=58.1 cust=0.0 | e00->e01 e00->e02 e01->e02 e01->e03 e01->e04 e02->e05 e00->e06 e01->e06 e05->e07 e02->e08 e00->e09 e08->e10 e06->e10 e03->cust e04->cust e07->cust e09->cust e10->cust e01~>e01@0.460 e01~>e00@0.075 e07~>e05@0.433 e06~>e03@0.444 e08~>e01@0.350",
];

#[test]
fn counterexamples_found_agree() {
    for text in COUNTEREXAMPLES {
        let m = from_sketch(text);
        let began = std::time::Instant::now();
        let lead = analyze(&m).lead_time;
        let analysed = began.elapsed();
        let forecast = simulate(&m, 200_000, 2026).unwrap();
        let error = forecast.standard_deviation / (200_000f64).sqrt();
        eprintln!(
            "analysis {lead} in {analysed:?}, forecast {} ± {error} in {:?}",
            forecast.mean,
            began.elapsed() - analysed
        );
        assert!(
            (forecast.mean - lead).abs() <= 3.0 * error,
            "analysis {lead}, forecast {}",
            forecast.mean
        );
        assert_reference_agrees(text, lead);
    }
}

/// The analysis against the direct model on random maps, a sample drawn
/// from a fixed seed apart from the property test's.
#[test]
fn a_direct_model_agrees_on_random_maps() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = random_reworked_map();
    for _ in 0..12 {
        let m = strategy.new_tree(&mut runner).unwrap().current();
        assert_reference_agrees(&sketch(&m), analyze(&m).lead_time);
    }
}

/// The analysis's `lead` (seconds) is the mean of the direct model on the
/// sketched map: within 3 standard errors of 200,000 runs and within 1%.
fn assert_reference_agrees(text: &str, lead: f64) {
    let model = Direct::new(text);
    let mut rng = 0x2027_u64;
    let runs = 200_000;
    let (mut sum, mut squares) = (0.0, 0.0);
    for _ in 0..runs {
        let minutes = model.lead_time(&mut rng);
        sum += minutes;
        squares += minutes * minutes;
    }
    let mean = sum / runs as f64 * MINUTE;
    let variance = (squares / runs as f64 - (sum / runs as f64).powi(2)).max(0.0);
    let error = variance.sqrt() / (runs as f64).sqrt() * MINUTE;
    let gap = (mean - lead).abs();
    assert!(
        gap <= 3.0 * error + 1e-9 * lead && gap <= 0.01 * lead,
        "analysis {lead}, direct model {mean} ± {error} on {text}"
    );
}

/// DESIGN.md's flow model run directly on a sketch, by recursion, written
/// apart from the engine and its forecast: an element starts at the latest of
/// its inflows and takes its minutes, then its own rework: with a flow's
/// probability the loop (what lies on a path from the flow's target to the
/// element) runs again on its own flows, starting from 0, the element last
/// and without its own rework; that repeats until no rework is drawn.
struct Direct {
    minutes: Vec<f64>,
    /// Forward inflows, by index (the sketch lists senders first).
    inflows: Vec<Vec<usize>>,
    /// Per sender: each rework's loop members and probability.
    reworks: Vec<Vec<(Vec<bool>, f64)>>,
}

impl Direct {
    fn new(text: &str) -> Direct {
        let (elements, flows) = text.split_once(" | ").unwrap();
        let ids: Vec<&str> = elements
            .split_whitespace()
            .map(|e| e.split_once('=').unwrap().0)
            .collect();
        let minutes = elements
            .split_whitespace()
            .map(|e| e.split_once('=').unwrap().1.parse().unwrap())
            .collect();
        let index = |id: &str| ids.iter().position(|&other| other == id).unwrap();
        let n = ids.len();
        let mut inflows = vec![Vec::new(); n];
        let mut reworks = vec![Vec::new(); n];
        let mut pending = Vec::new();
        for flow in flows.split_whitespace() {
            if let Some((from, rest)) = flow.split_once("~>") {
                let (to, p) = rest.split_once('@').unwrap();
                pending.push((index(from), index(to), p.parse::<f64>().unwrap()));
            } else {
                let (from, to) = flow.split_once("->").unwrap();
                let (from, to) = (index(from), index(to));
                assert!(from < to, "a sketch lists senders first: {flow}");
                inflows[to].push(from);
            }
        }
        for (sender, target, p) in pending {
            // Downstream of the target and upstream of the sender, by index order.
            let mut members = vec![false; n];
            members[target] = true;
            for v in target + 1..=sender {
                members[v] = inflows[v].iter().any(|&u| members[u]);
            }
            let mut reaches = vec![false; n];
            reaches[sender] = true;
            for v in (target..sender).rev() {
                reaches[v] = (v + 1..=sender).any(|w| reaches[w] && inflows[w].contains(&v));
            }
            let members: Vec<bool> = (0..n).map(|v| members[v] && reaches[v]).collect();
            // A rework to an element not upstream sends nothing back: no loop.
            if members[sender] {
                reworks[sender].push((members, p));
            }
        }
        Direct {
            minutes,
            inflows,
            reworks,
        }
    }

    /// One unit's minutes from start to the customer (the last element).
    fn lead_time(&self, rng: &mut u64) -> f64 {
        *self.run(None, None, rng).last().unwrap()
    }

    /// Finishes of the elements in `members` (all if none), from 0.
    fn run(&self, members: Option<&[bool]>, sender: Option<usize>, rng: &mut u64) -> Vec<f64> {
        let inside = |v: usize| members.is_none_or(|m| m[v]);
        let mut finish = vec![f64::NAN; self.minutes.len()];
        for v in (0..self.minutes.len()).filter(|&v| inside(v)) {
            let start = self.inflows[v]
                .iter()
                .filter(|&&u| inside(u))
                .fold(0.0, |s: f64, &u| s.max(finish[u]));
            let own = if sender == Some(v) {
                0.0
            } else {
                self.rework(v, rng)
            };
            finish[v] = start + self.minutes[v] + own;
        }
        finish
    }

    /// The minutes `v`'s own rework adds.
    fn rework(&self, v: usize, rng: &mut u64) -> f64 {
        let mut added = 0.0;
        loop {
            let mut draw = uniform(rng);
            let Some((members, _)) = self.reworks[v].iter().find(|(_, p)| {
                draw -= p;
                draw < 0.0
            }) else {
                return added;
            };
            added += self.run(Some(members), Some(v), rng)[v];
        }
    }
}

/// A uniform draw in [0, 1) by SplitMix64.
fn uniform(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// The corpus (tests/corpus): the maps that were slowest to analyse among
/// thousands drawn, and the counterexamples above. Each is analysed to the
/// forecast's figure within 3 standard errors of 100,000 runs and within 1%
/// (benches/engine.rs times them: the budget is 1 s each for `takt
/// analyze`). The analysis merges joint atoms at their mean beyond its
/// precision, which can only lower an expected maximum: on slow-00 it gives
/// 904.5 min, where 2,000,000 runs give 905.8 ± 0.3.
#[test]
fn every_corpus_map_agrees_with_the_forecast() {
    let files = corpus_files();
    assert!(files.len() >= 10, "the corpus has {} files", files.len());
    let mut failures = Vec::new();
    for path in files {
        let document = takt::io::load(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        for m in &document.maps {
            let lead = analyze(m).lead_time;
            let runs = 100_000;
            let forecast = simulate(m, runs, 2026).unwrap();
            let error = forecast.standard_deviation / (runs as f64).sqrt();
            let gap = (forecast.mean - lead).abs();
            eprintln!(
                "{}: analysis {lead:.0} s, forecast {:.0} ± {error:.0} s ({:.1} standard errors)",
                path.display(),
                forecast.mean,
                gap / error.max(f64::MIN_POSITIVE)
            );
            if gap > 3.0 * error + 1e-9 * forecast.mean || gap > 0.01 * forecast.mean {
                failures.push(format!(
                    "{}: analysis {lead:.0} s, forecast {:.0} ± {error:.0} s",
                    path.display(),
                    forecast.mean
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".takt.json"))
        .collect();
    files.sort();
    files
}

/// Rebuilds the corpus: draws 3,000 maps of up to 60 elements and 12 reworks
/// and keeps the 12 slowest to analyse of those a file may hold, with the
/// counterexamples. Run in
/// release: `cargo test --release --test expectation -- --ignored`.
#[test]
#[ignore = "rebuilds tests/corpus"]
fn rebuild_the_corpus() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[27; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = reworked_map_up_to(60, 12);
    // Only maps a file may hold: the loader refuses rework that adds up to 100%.
    let valid = |m: &Map| {
        let mut document = Document::new("draw");
        document.maps = vec![m.clone()];
        takt::io::validate::validate(&document).is_empty()
    };
    let mut timed: Vec<(std::time::Duration, Map)> = (0..3000)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .filter(valid)
        .map(|m| {
            let began = std::time::Instant::now();
            analyze(&m);
            (began.elapsed(), m)
        })
        .collect();
    timed.sort_by_key(|t| std::cmp::Reverse(t.0));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, title: &str, m: Map| {
        let mut document = Document::new(title);
        document.maps = vec![m];
        std::fs::write(dir.join(name), takt::io::save(&document)).unwrap();
    };
    for (rank, (took, m)) in timed.into_iter().take(12).enumerate() {
        eprintln!("slow-{rank:02}: {took:?}");
        write(
            &format!("slow-{rank:02}.takt.json"),
            &format!("Slow to analyse, {took:?} when found"),
            m,
        );
    }
    for (k, text) in COUNTEREXAMPLES.iter().enumerate() {
        write(
            &format!("counterexample-{k}.takt.json"),
            "A counterexample the property test found",
            from_sketch(text),
        );
    }
}
