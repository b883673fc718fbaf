//! The lead-time forecast (Monte Carlo): consistent with the analysis where no
//! time varies, and hand-computed cases where times do.

mod common;

use common::*;
use takt::analysis::analyze;
use takt::analysis::simulate::{Simulation, simulate};
use takt::io::{self, examples::EXAMPLES};
use takt::model::*;

/// Quantiles of the uniform distribution on [low, high] minutes: drawn
/// between them by interpolation, that is exactly uniform.
fn uniform_minutes(value: f64, low: f64, high: f64) -> Option<Duration> {
    let q = (0..QUANTILES)
        .map(|k| low + (high - low) * k as f64 / (QUANTILES - 1) as f64)
        .collect();
    Some(Duration::new(value, TimeUnit::Minutes).with_spread(Spread::Quantiles(q)))
}

fn triangular_minutes(min: f64, likely: f64, max: f64) -> Option<Duration> {
    Some(Duration::new(likely, TimeUnit::Minutes).with_spread(Spread::range(min, likely, max)))
}

/// A document's JSON with every spread taken out: its point values only.
fn without_spreads(json: &str) -> String {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(fields) => {
                fields.remove("spread");
                fields.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
    strip(&mut value);
    value.to_string()
}

#[test]
fn without_spreads_the_mean_is_the_analysis_lead_time_and_no_run_beats_the_first_pass() {
    // Every built-in map, its ranges taken out: parallel branches, rework loops, shipments, FIFO lanes.
    for example in &EXAMPLES {
        let document = io::load(&without_spreads(example.json)).unwrap();
        for map in &document.maps {
            let analysis = analyze(map);
            let forecast = simulate(map, 20_000, 1).unwrap();
            assert_eq!(forecast.runs, 20_000);
            let gap = (forecast.mean / analysis.lead_time - 1.0).abs();
            assert!(
                gap < 0.01,
                "{} {}: mean {} vs lead time {}",
                example.key,
                map.id,
                forecast.mean,
                analysis.lead_time
            );
            assert!(forecast.min >= analysis.first_pass_lead_time - 1e-6);
            assert!(forecast.p50 <= forecast.p85 && forecast.p85 <= forecast.p95);
            assert!(forecast.p95 <= forecast.max && forecast.min <= forecast.p50);
            assert_eq!(forecast.varied, 0);
        }
    }
}

#[test]
fn without_rework_or_spreads_every_run_is_the_lead_time() {
    let document = io::load(EXAMPLES[3].json).unwrap();
    let map = &document.maps[1];
    let analysis = analyze(map);
    let forecast = simulate(map, 100, 9).unwrap();
    assert_close(forecast.min, analysis.first_pass_lead_time);
    assert_close(forecast.max, analysis.first_pass_lead_time);
}

/// Two parallel branches with uniform waits, U(0, 30) and U(0, 60) minutes, into
/// a join: E[max] = 60/2 + 30^2 / (6 x 60) = 32.5 minutes.
#[test]
fn a_join_waits_for_the_slower_of_two_uniform_branches() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "a", wait(uniform_minutes(15.0, 0.0, 30.0)));
    add(&mut m, "b", wait(uniform_minutes(30.0, 0.0, 60.0)));
    add(&mut m, "j", step(minutes(0.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "j", "cust"]);
    chain(&mut m, &["sup", "b", "j"]);
    let forecast = simulate(&m, 200_000, 3).unwrap();
    assert_eq!(forecast.varied, 2);
    let expected = 32.5 * MINUTE;
    assert!(
        (forecast.mean - expected).abs() < 0.005 * expected,
        "mean {} vs {expected}",
        forecast.mean
    );
    // The analysis keeps the point values: the longer branch, 30 minutes.
    assert_close(analyze(&m).lead_time, 30.0 * MINUTE);
    // The median of max(U(0,30), U(0,60)): P(max <= x) = x^2 / 1800 for x <= 30,
    // x / 60 above: 1/2 at x = 30 minutes.
    assert!((forecast.p50 - 30.0 * MINUTE).abs() < 0.01 * 30.0 * MINUTE);
    // Every fifth percentile from the same CDF: x = sqrt(1800 q) up to q = 1/2, 60 q above.
    assert_eq!(forecast.quantiles.len(), QUANTILES);
    for (k, &q) in forecast.quantiles.iter().enumerate().skip(1).take(19) {
        let share = k as f64 / 20.0;
        let expected = if share <= 0.5 {
            (1800.0 * share).sqrt()
        } else {
            60.0 * share
        };
        assert!(
            (q / MINUTE - expected).abs() < 0.4,
            "p{}: {} min vs {expected}",
            k * 5,
            q / MINUTE
        );
    }
    assert_eq!(forecast.quantiles[10], forecast.p50);
    assert_eq!(forecast.quantiles[17], forecast.p85);
    assert_eq!(forecast.quantiles[19], forecast.p95);
    assert_eq!(forecast.quantiles[0], forecast.min);
    assert_eq!(forecast.quantiles[20], forecast.max);
    // The join waits for the slower branch, so it is always on the critical path.
    let j = m.elements.iter().position(|e| e.id == "j").unwrap();
    assert_eq!(
        forecast
            .criticality
            .iter()
            .find(|(e, _)| *e == j)
            .unwrap()
            .1,
        1.0
    );
}

/// Triangular waits in series add their means, (min + likely + max) / 3 each:
/// (1 + 2 + 6) / 3 + (10 + 20 + 60) / 3 = 3 + 30 = 33 minutes, plus a fixed step of 7.
#[test]
fn triangular_waits_in_series_add_their_means() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "q1", wait(triangular_minutes(1.0, 2.0, 6.0)));
    add(&mut m, "s", step(minutes(7.0)));
    add(&mut m, "q2", wait(triangular_minutes(10.0, 20.0, 60.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "q1", "s", "q2", "cust"]);
    let forecast = simulate(&m, 200_000, 5).unwrap();
    let expected = 40.0 * MINUTE;
    assert!(
        (forecast.mean - expected).abs() < 0.003 * expected,
        "mean {} vs {expected}",
        forecast.mean
    );
    assert!(forecast.min >= 18.0 * MINUTE && forecast.max <= 73.0 * MINUTE);
    // The point values (2 + 7 + 20) are what the analysis uses.
    assert_close(analyze(&m).lead_time, 29.0 * MINUTE);
}

/// Rework draws fresh times for every repeat: a step of U(0, 10) minutes that
/// sends half its units back to itself runs 2 times on average, so 10 minutes;
/// with one draw reused the spread would be far wider (0 or 20 minutes and more).
#[test]
fn each_repeat_of_rework_draws_fresh_times() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "s", step(uniform_minutes(5.0, 0.0, 10.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "s", "cust"]);
    connect(&mut m, "s", "s", rework(Some(0.5)));
    let forecast = simulate(&m, 200_000, 11).unwrap();
    assert!((forecast.mean - 10.0 * MINUTE).abs() < 0.01 * 10.0 * MINUTE);
    assert_close(analyze(&m).lead_time, 10.0 * MINUTE);
    // P(one visit only) = 1/2 and then the time is U(0, 10): 5% of runs under 1 minute.
    let under_a_minute = forecast.histogram.counts[0] as f64 / forecast.runs as f64;
    assert!(forecast.min < MINUTE && under_a_minute > 0.0);
}

#[test]
fn the_same_seed_gives_the_same_forecast_in_batches_or_at_once() {
    let document = io::load(EXAMPLES[0].json).unwrap();
    let mut map = document.maps[0].clone();
    // Spreads on every step.
    for element in &mut map.elements {
        if let ElementKind::Process(step) = &mut element.kind
            && let Some(d) = step.process_time.take()
        {
            let v = d.value;
            step.process_time = Some(d.with_spread(Spread::range(v * 0.5, v, v * 3.0)));
        }
    }
    let once = simulate(&map, 5_000, 42).unwrap();
    let mut batches = Simulation::new(&map, 42);
    for _ in 0..10 {
        batches.run(500);
    }
    assert_eq!(batches.forecast().unwrap(), once);
    assert_ne!(simulate(&map, 5_000, 43).unwrap().mean, once.mean);
    assert!(once.varied > 3);
    // Spread on the process times lengthens the tail: p95 above the analysis.
    assert!(once.p95 > analyze(&map).lead_time);
}

/// Two branches, one always longer: it is critical in every run, the other in none.
#[test]
fn criticality_is_the_share_of_runs_a_step_sets_the_lead_time() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "long", step(uniform_minutes(50.0, 40.0, 60.0)));
    add(&mut m, "short", step(uniform_minutes(10.0, 0.0, 20.0)));
    add(&mut m, "even1", step(uniform_minutes(5.0, 0.0, 10.0)));
    add(&mut m, "even2", step(uniform_minutes(5.0, 0.0, 10.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "long", "even1", "cust"]);
    chain(&mut m, &["sup", "short", "even1"]);
    chain(&mut m, &["long", "even2", "cust"]);
    let forecast = simulate(&m, 50_000, 2).unwrap();
    let share = |id: &str| {
        let i = m.elements.iter().position(|e| e.id == id).unwrap();
        forecast
            .criticality
            .iter()
            .find(|(e, _)| *e == i)
            .unwrap()
            .1
    };
    assert_eq!(share("long"), 1.0);
    assert_eq!(share("short"), 0.0);
    assert!((share("even1") - 0.5).abs() < 0.01);
    assert!((share("even1") + share("even2") - 1.0).abs() < 1e-12);
}

/// A rework from a join back into one branch repeats that branch and the join
/// after the join, even when the other branch set the first pass. By hand:
/// first pass 10 + max(20, 50) + 10 = 70 min; each repeat (B then J) adds 30 min,
/// taken once on average (p = 0.5): 100 min.
#[test]
fn rework_into_a_branch_that_was_not_critical_still_comes_after_the_join() {
    let mut m = map(10.0);
    add(&mut m, "sup", ElementKind::Supplier);
    add(&mut m, "a", step(minutes(10.0)));
    add(&mut m, "b", step(minutes(20.0)));
    add(&mut m, "c", step(minutes(50.0)));
    add(&mut m, "j", step(minutes(10.0)));
    add(&mut m, "cust", ElementKind::Customer);
    chain(&mut m, &["sup", "a", "b", "j", "cust"]);
    chain(&mut m, &["a", "c", "j"]);
    connect(&mut m, "j", "b", rework(Some(0.5)));
    let forecast = simulate(&m, 200_000, 4).unwrap();
    assert!((forecast.mean - 100.0 * MINUTE).abs() < 0.01 * 100.0 * MINUTE);
    assert_close(forecast.min, 70.0 * MINUTE);
    // The analysis agrees exactly: the repeat of B starts after the join, so it
    // never overlaps C (summing expected times along one path gave 80).
    assert_close(analyze(&m).lead_time, 100.0 * MINUTE);
}

#[test]
fn a_map_with_nothing_to_run_has_a_zero_forecast_and_no_panic() {
    // No step and no customer: no run gets anywhere, so there is no forecast to show.
    let forecast = simulate(&map(0.0), 10, 1);
    assert!(forecast.is_none(), "{forecast:?}");
    assert!(Simulation::new(&map(0.0), 1).forecast().is_none());
}
