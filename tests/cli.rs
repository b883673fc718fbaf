//! The `takt` command line, run as a user would.

use std::process::Command;

use serde_json::Value;

fn takt(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_takt"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn example(name: &str) -> String {
    format!("{}/public/examples/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn analyze_json_gives_every_metric_of_every_map() {
    let (code, out, _) = takt(&["analyze", &example("incident-resolution"), "--json"]);
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&out).unwrap();
    let maps = report["maps"].as_array().unwrap();
    assert_eq!(maps.len(), 2);
    for map in maps {
        for key in [
            "lead_time",
            "process_time",
            "work_content",
            "rework_work",
            "rework_lead_time",
            "takt",
        ] {
            assert!(map[key]["seconds"].as_f64().unwrap() > 0.0, "{key}");
            assert!(!map[key]["text"].as_str().unwrap().is_empty(), "{key}");
        }
        assert!(
            map["critical_path"][0]["id"].is_string()
                && map["critical_path"][0]["name"].is_string()
        );
        assert!(map["bottleneck"]["name"].is_string());
        assert!(map["warnings"].is_array());
        assert_eq!(map["working_day"], "1 d = 8 working hours");
    }
}

#[test]
fn analyze_prints_a_readable_summary() {
    let (code, out, _) = takt(&["analyze", &example("manufacturing")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Lead time")
            && out.contains("Critical path")
            && out.contains("1 d = 15 working hours")
    );
}

#[test]
fn validate_accepts_a_good_file_and_locates_errors_in_a_bad_one() {
    let file = example("user-onboarding");
    let (code, out, _) = takt(&["validate", &file]);
    assert_eq!(code, 0, "{out}");
    // The whole line: "invalid" contains "valid", so a looser check would pass on a refusal.
    assert_eq!(out.trim(), format!("{file}: valid (2 maps, 31 elements)"));

    let dir = std::env::temp_dir().join(format!("takt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    let text = std::fs::read_to_string(example("user-onboarding"))
        .unwrap()
        .replacen("\"from\": \"sales\"", "\"from\": \"ghost\"", 1);
    std::fs::write(&bad, text).unwrap();
    let (code, _, err) = takt(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("$.maps[0].flows[0].from: no element has the id \u{201c}ghost\u{201d}"),
        "{err}"
    );
}

#[test]
fn compare_lists_each_metric_with_its_change() {
    let (code, out, _) = takt(&["compare", &example("software-deployment"), "--json"]);
    assert_eq!(code, 0);
    let comparisons: Value = serde_json::from_str(&out).unwrap();
    let lead = comparisons[0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == "lead_time")
        .unwrap();
    assert!(
        lead["change"].as_f64().unwrap() < 0.0,
        "the future state is faster"
    );
    assert_eq!(lead["improved"], true);
}

#[test]
fn unknown_commands_print_usage() {
    let (code, _, err) = takt(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"));
}

#[test]
fn simulate_forecasts_every_map_reproducibly_from_its_seed() {
    // The deployment example has no spreads: no run beats the first pass, and the
    // mean is the analysis's expected lead time (within the noise of 2,000 runs).
    let file = example("software-deployment");
    let (code, out, _) = takt(&["simulate", &file, "--runs", "2000", "--seed", "5", "--json"]);
    assert_eq!(code, 0);
    let forecasts: Value = serde_json::from_str(&out).unwrap();
    let forecasts = forecasts.as_array().unwrap();
    assert_eq!(forecasts.len(), 2);
    let (_, analyzed, _) = takt(&["analyze", &file, "--json"]);
    let analyzed: Value = serde_json::from_str(&analyzed).unwrap();
    for (forecast, map) in forecasts.iter().zip(analyzed["maps"].as_array().unwrap()) {
        assert_eq!(forecast["runs"], 2000);
        assert_eq!(forecast["seed"], 5);
        let seconds = |key: &str| forecast[key]["seconds"].as_f64().unwrap();
        assert!(seconds("min") <= seconds("p50") && seconds("p50") <= seconds("p85"));
        assert!(seconds("p85") <= seconds("p95") && seconds("p95") <= seconds("max"));
        assert!(seconds("min") >= map["first_pass_lead_time"]["seconds"].as_f64().unwrap() - 1e-6);
        let lead_time = map["lead_time"]["seconds"].as_f64().unwrap();
        assert!((seconds("mean") / lead_time - 1.0).abs() < 0.03);
        assert!(
            forecast["summary"]
                .as_str()
                .unwrap()
                .starts_with("85% of units finish within ")
        );
        // Every step of the map by id, with its share of runs on the critical path.
        let steps = forecast["criticality"].as_array().unwrap();
        assert!(steps.len() >= 5);
        assert!(steps.iter().all(|s| s["id"].is_string() && (0.0..=1.0).contains(&s["share"].as_f64().unwrap())));
    }
    // The same seed, the same forecast; another seed, another.
    let (_, again, _) = takt(&["simulate", &file, "--runs", "2000", "--seed", "5", "--json"]);
    assert_eq!(again, out);
    let (_, other, _) = takt(&["simulate", &file, "--runs", "2000", "--seed", "6", "--json"]);
    assert_ne!(other, out);
    // The text form names the runs, the seed, the figures in seconds and the steps.
    let (code, text, _) = takt(&["simulate", &file, "--runs", "500"]);
    assert_eq!(code, 0);
    assert!(text.contains("500 runs, seed 1"), "{text}");
    assert!(text.contains("p85 ") && text.contains(" s (") && text.contains("criticality: "));
    // A bad option says what it wants.
    let (code, _, err) = takt(&["simulate", &file, "--runs", "lots"]);
    assert_eq!(code, 2);
    assert!(err.contains("--runs takes a whole number"), "{err}");
}

#[test]
fn simulate_widens_a_map_with_spreads_beyond_its_single_figures() {
    // The incident example's waits and diagnosis carry right-skewed ranges (likely
    // near the low end), so the forecast mean lies above the single-figure lead time
    // and the fastest run beats the first pass.
    let file = example("incident-resolution");
    let (code, out, _) = takt(&["simulate", &file, "--runs", "2000", "--json"]);
    assert_eq!(code, 0);
    let forecasts: Value = serde_json::from_str(&out).unwrap();
    let (_, analyzed, _) = takt(&["analyze", &file, "--json"]);
    let analyzed: Value = serde_json::from_str(&analyzed).unwrap();
    for (forecast, map) in forecasts
        .as_array()
        .unwrap()
        .iter()
        .zip(analyzed["maps"].as_array().unwrap())
    {
        let seconds = |key: &str| forecast[key]["seconds"].as_f64().unwrap();
        let lead_time = map["lead_time"]["seconds"].as_f64().unwrap();
        assert!(
            seconds("mean") > lead_time * 1.05,
            "{} vs {lead_time}",
            seconds("mean")
        );
        assert!(seconds("p95") > seconds("p50") * 1.2);
    }
}
