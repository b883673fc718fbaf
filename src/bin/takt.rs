//! `takt`: the command-line tool over the same engine as the app.
//!
//!   takt analyze FILE [--json]   every metric of every map
//!   takt validate FILE           located errors; exit code 1 when the file is refused
//!   takt compare FILE [--json]   current state against each future state
//!   takt simulate FILE [--runs N] [--seed S] [--json]   the lead-time forecast of every map

/// Prints a line to stdout; a closed pipe (`takt … | head`) ends quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

use std::process::ExitCode;

use takt::analysis::forecast::{ForecastReport, RUNS, SEED, forecast_report};
use takt::analysis::report::{document_comparisons, document_report};
use takt::analysis::simulate::simulate;
use takt::io;
use takt::model::Document;

const USAGE: &str = "usage:
  takt analyze FILE [--json]   print every metric of every map in FILE
  takt validate FILE           check FILE; print located errors and exit 1 if it is refused
  takt compare FILE [--json]   compare the current state with each future state
  takt simulate FILE [--runs N] [--seed S] [--json]
                               forecast every map's lead time by Monte Carlo
                               (10,000 runs and seed 1 unless given)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    // Options that take a value, and the value after each.
    let mut valued = std::collections::HashMap::new();
    let mut positional: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--runs" | "--seed" => {
                let Some(value) = rest.next() else {
                    eprintln!("{arg} needs a number\n{USAGE}");
                    return ExitCode::from(2);
                };
                valued.insert(arg.as_str(), value.as_str());
            }
            flag if flag.starts_with("--") => {}
            other => positional.push(other),
        }
    }
    let number = |name: &str, default: u64, max: u64| -> Result<u64, String> {
        match valued.get(name) {
            None => Ok(default),
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| {
                    format!("{name} takes a whole number from 0 to {max}, got {text:?}")
                }),
        }
    };
    match positional.as_slice() {
        ["analyze", file] => with_document(file, |document| {
            let report = document_report(document);
            if json {
                print_json(&report);
            } else {
                out!("{}\n", report.title);
                for map in &report.maps {
                    out!("{}", map.to_text());
                }
            }
        }),
        ["validate", file] => with_document(file, |document| {
            let elements: usize = document.maps.iter().map(|m| m.elements.len()).sum();
            out!(
                "{file}: valid ({} maps, {elements} elements)",
                document.maps.len()
            );
        }),
        ["compare", file] => with_document(file, |document| {
            let comparisons = document_comparisons(document);
            if json {
                print_json(&comparisons);
            } else if comparisons.is_empty() {
                out!("{file}: no future state to compare with");
            } else {
                for comparison in &comparisons {
                    out!("{}", comparison.to_text());
                }
            }
        }),
        ["simulate", file] => {
            let options = number("--runs", RUNS as u64, 10_000_000)
                .and_then(|runs| Ok((runs, number("--seed", SEED, u64::MAX)?)));
            let (runs, seed) = match options {
                Ok(options) => options,
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
            };
            with_document(file, |document| {
                // A map without a stream has no forecast: its name goes with its report.
                let reports: Vec<(&str, ForecastReport)> = document
                    .maps
                    .iter()
                    .filter_map(|map| {
                        simulate(map, runs.max(1) as usize, seed)
                            .map(|forecast| (map.name.as_str(), forecast_report(map, &forecast)))
                    })
                    .collect();
                if json {
                    print_json(&reports.iter().map(|(_, r)| r).collect::<Vec<_>>());
                } else {
                    for (name, report) in &reports {
                        out!("{}", report.to_text(name));
                    }
                }
            })
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Loads `file` and runs `action`, or prints every located error and fails.
fn with_document(file: &str, action: impl FnOnce(&Document)) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("{file}: cannot read: {error}");
            return ExitCode::from(1);
        }
    };
    match io::load_bytes(&bytes) {
        Ok(document) => {
            action(&document);
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors.0 {
                eprintln!("{file}: {error}");
            }
            ExitCode::from(1)
        }
    }
}

fn print_json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => out!("{text}"),
        Err(error) => eprintln!("cannot write JSON: {error}"),
    }
}
