//! `takt`: the command-line tool over the same engine as the app.
//!
//!   takt analyze FILE [--json]   every metric of every map
//!   takt validate FILE           located errors; exit code 1 when the file is refused
//!   takt compare FILE [--json]   current state against each future state

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

use takt::analysis::report::{document_comparisons, document_report};
use takt::io;
use takt::model::Document;

const USAGE: &str = "usage:
  takt analyze FILE [--json]   print every metric of every map in FILE
  takt validate FILE           check FILE; print located errors and exit 1 if it is refused
  takt compare FILE [--json]   compare the current state with each future state";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let positional: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(String::as_str)
        .collect();
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
