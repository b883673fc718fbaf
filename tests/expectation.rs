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
    (4usize..30)
        .prop_flat_map(|n| {
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
                proptest::collection::vec((0usize..1000, 0usize..1000, 0.01f64..0.5), 0..6);
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

/// A map in one line, to read a counterexample: each element's minutes, each flow.
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
            format!("{}={minutes:.1}", e.id)
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
#[test]
fn counterexamples_found_agree() {
    for text in [
        "e00=1.0 e01=1.0 e02=1.0 e03=1.0 e04=45.4 e05=1.0 e06=52.5 e07=1.0 e08=25.4 e09=20.9 e10=3.0 e11=26.9 e12=3.9 cust=0.0 | e00->e01 e00->e02 e02->e03 e00->e04 e03->e04 e00->e05 e04->e06 e00->e07 e03->e08 e00->e09 e01->e09 e03->e10 e08->e10 e04->e11 e08->e12 e04->e12 e05->cust e06->cust e07->cust e09->cust e10->cust e11->cust e12->cust e04~>e02@0.192 e11~>e03@0.476",
        // Took 17 s to analyse (fixed); then 118.6 min for a 362.3 min forecast: joint
        // atoms whose probability underflowed to 0 merged into NaN (fixed); now
        // 350.3 for 362.3: OPEN. Without e07~>e05 (or with it alone) they agree.
        "e00=58.8 e01=30.9 e02=32.7 e03=16.0 e04=41.4 e05=9.1 e06=49.0 e07=45.1 e08=41.4 e09=53.3 e10=58.1 cust=0.0 | e00->e01 e00->e02 e01->e02 e01->e03 e01->e04 e02->e05 e00->e06 e01->e06 e05->e07 e02->e08 e00->e09 e08->e10 e06->e10 e03->cust e04->cust e07->cust e09->cust e10->cust e01~>e01@0.460 e01~>e00@0.075 e07~>e05@0.433 e06~>e03@0.444 e08~>e01@0.350",
    ] {
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
    }
}
