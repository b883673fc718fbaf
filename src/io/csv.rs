//! The steps of a map as CSV, for spreadsheet users: every data-box field in
//! its own unit, and the figures the engine computed for the step; the
//! forecast and the comparison as tables of their own.

use crate::analysis::Analysis;
use crate::analysis::forecast::ForecastReport;
use crate::analysis::report::{ComparisonReport, map_report};
use crate::model::fields::StepField;
use crate::model::{ElementKind, Map};

/// One row per process step, in map order, with a header row.
pub fn steps_csv(map: &Map, analysis: &Analysis, forecast: Option<&ForecastReport>) -> String {
    let report = map_report(map, analysis);
    let on_path: std::collections::HashSet<&str> =
        report.critical_path.iter().map(|n| n.id.as_str()).collect();
    let mut header: Vec<String> = vec!["id".into(), "name".into(), "owner".into()];
    for field in StepField::ALL {
        header.push(field.key().to_string());
        if field.is_time() {
            header.push(format!("{}_unit", field.key()));
        }
    }
    header.extend(
        [
            "visits",
            "effective_cycle_time_s",
            "utilisation",
            "over_takt",
            "on_critical_path",
            "criticality",
        ]
        .map(String::from),
    );
    let mut lines = vec![row(&header)];
    for element in &map.elements {
        let ElementKind::Process(step) = &element.kind else {
            continue;
        };
        let figures = report.steps.iter().find(|s| s.id == element.id);
        let mut cells = vec![element.id.clone(), element.name.clone(), step.owner.clone()];
        for field in StepField::ALL {
            if field.is_time() {
                let time = field.time(step);
                cells.push(time.map(|d| d.value.to_string()).unwrap_or_default());
                cells.push(
                    time.map(|d| d.unit.symbol().to_string())
                        .unwrap_or_default(),
                );
            } else {
                cells.push(
                    field
                        .number(step)
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                );
            }
        }
        cells.push(figures.map(|s| s.visits.to_string()).unwrap_or_default());
        cells.push(
            figures
                .and_then(|s| s.effective_cycle_time.as_ref())
                .map(|t| t.seconds.to_string())
                .unwrap_or_default(),
        );
        cells.push(
            figures
                .and_then(|s| s.utilisation.as_ref())
                .map(|u| u.value.to_string())
                .unwrap_or_default(),
        );
        cells.push(figures.is_some_and(|s| s.over_takt).to_string());
        cells.push(on_path.contains(element.id.as_str()).to_string());
        cells.push(
            forecast
                .and_then(|f| f.criticality.iter().find(|c| c.id == element.id))
                .map(|c| c.share.to_string())
                .unwrap_or_default(),
        );
        lines.push(row(&cells));
    }
    table(&lines)
}

/// The comparison of two maps: one row per headline metric, values in seconds
/// (times), ratios or counts, with their text as shown and the changes.
pub fn comparison_csv(report: &ComparisonReport) -> String {
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let header = [
        "metric",
        "label",
        "before_map",
        "after_map",
        "before",
        "after",
        "before_value",
        "after_value",
        "change",
        "change_text",
        "relative",
        "improved",
    ]
    .map(String::from);
    let mut lines = vec![row(&header)];
    for m in &report.metrics {
        lines.push(row(&[
            m.key.to_string(),
            m.label.to_string(),
            report.before.name.clone(),
            report.after.name.clone(),
            m.before.clone(),
            m.after.clone(),
            number(m.before_value),
            number(m.after_value),
            number(m.change),
            m.change_text.clone(),
            number(m.relative.as_ref().map(|r| r.value)),
            m.improved.map(|i| i.to_string()).unwrap_or_default(),
        ]));
    }
    table(&lines)
}

/// The lead-time forecast as one table: the mean, then p0, p5, ..., p100, each
/// in seconds and as text, with the runs and the seed that made them.
pub fn forecast_csv(report: &ForecastReport) -> String {
    let header = ["map", "runs", "seed", "figure", "lead_time_s", "lead_time"].map(String::from);
    let mut lines = vec![row(&header)];
    let figures = std::iter::once(("mean".to_string(), &report.mean)).chain(
        report
            .quantiles
            .iter()
            .enumerate()
            .map(|(k, q)| (format!("p{}", k * 5), q)),
    );
    for (figure, time) in figures {
        lines.push(row(&[
            report.map.clone(),
            report.runs.to_string(),
            report.seed.to_string(),
            figure,
            time.seconds.to_string(),
            time.text.clone(),
        ]));
    }
    table(&lines)
}

/// Rows as a CSV file: CRLF line ends, as RFC 4180 and spreadsheets expect.
fn table(lines: &[String]) -> String {
    lines.join("\r\n") + "\r\n"
}

fn row(cells: &[String]) -> String {
    cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",")
}

/// A number, or a signed figure with its unit as the comparison writes changes
/// ("+0.014 pp", "-7.9 d", "+12%"): no formula a spreadsheet could run (no call,
/// no reference), so it is written as it is, without a defusing apostrophe.
fn is_figure(text: &str) -> bool {
    if text.parse::<f64>().is_ok() {
        return true;
    }
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, unit) = rest.split_at(end);
    let unit = unit.strip_prefix(' ').unwrap_or(unit);
    number.starts_with(|c: char| c.is_ascii_digit())
        && unit.len() <= 4
        && unit.chars().all(|c| c.is_ascii_alphabetic() || c == '%')
}

/// A CSV cell, quoted when needed. Text that a spreadsheet would run as a
/// formula (=, +, -, @ first) is defused with a leading apostrophe.
fn cell(text: &str) -> String {
    let defused = if !is_figure(text) && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("Triage"), "Triage");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-12.5"), "-12.5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        // Changes as the comparison writes them keep their sign, with no apostrophe.
        assert_eq!(cell("+0.014 pp"), "+0.014 pp");
        assert_eq!(cell("-7.9 d"), "-7.9 d");
        assert_eq!(cell("+12%"), "+12%");
        assert_eq!(cell("+3 min"), "+3 min");
        // Anything that could be a formula is still defused.
        for formula in [
            "+A1",
            "-2+3",
            "+1 SUM(A1)",
            "=1+1",
            "+1 A1",
            "-cmd|' /C calc'!A0",
            "+",
        ] {
            assert!(
                cell(formula).trim_start_matches('"').starts_with('\''),
                "{formula}"
            );
        }
    }
}
