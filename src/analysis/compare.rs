//! Comparison of two maps (current against future), metric by metric.

use serde::Serialize;

use super::Analysis;
use super::format;
use crate::model::Map;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Time,
    Ratio,
    Count,
}

/// One metric before and after, with its absolute and relative change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricChange {
    pub key: &'static str,
    pub label: &'static str,
    pub measure: Measure,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// after - before.
    pub change: Option<f64>,
    /// (after - before) / before; `None` when before is 0 or unknown.
    pub relative: Option<f64>,
    /// Whether a lower value is better for this metric.
    pub lower_is_better: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub before: String,
    pub after: String,
    pub metrics: Vec<MetricChange>,
}

/// Every headline metric of `before` and `after` side by side.
pub fn compare(before_map: &Map, before: &Analysis, after_map: &Map, after: &Analysis) -> Comparison {
    let rows: [(&'static str, &'static str, Measure, bool, fn(&Analysis) -> Option<f64>); 11] = [
        ("lead_time", "Lead time", Measure::Time, true, |a| Some(a.lead_time)),
        ("process_time", "Process time", Measure::Time, true, |a| Some(a.process_time)),
        ("flow_efficiency", "Flow efficiency", Measure::Ratio, false, |a| a.flow_efficiency),
        ("rolled_pct_ca", "Rolled %C&A", Measure::Ratio, false, |a| a.rolled_pct_ca),
        ("rework_lead_time", "Lead time added by rework", Measure::Time, true, |a| Some(a.rework_lead_time())),
        ("rework_work", "Work added by rework", Measure::Time, true, |a| Some(a.rework_work)),
        ("work_content", "Total work content", Measure::Time, true, |a| Some(a.work_content)),
        ("takt", "Takt", Measure::Time, false, |a| a.takt),
        ("bottleneck_utilisation", "Bottleneck utilisation", Measure::Ratio, true, |a| {
            a.bottleneck.and_then(|b| a.steps.get(b)).and_then(|s| s.utilisation)
        }),
        ("steps", "Process steps", Measure::Count, true, |a| Some(a.steps.len() as f64)),
        ("handoffs", "Hand-offs", Measure::Count, true, |a| Some(a.handoffs as f64)),
    ];
    let metrics = rows
        .into_iter()
        .map(|(key, label, measure, lower_is_better, get)| {
            let (b, a) = (get(before), get(after));
            let change = b.zip(a).map(|(b, a)| a - b);
            let relative = b.zip(change).filter(|(b, _)| *b != 0.0).map(|(b, c)| c / b);
            MetricChange { key, label, measure, before: b, after: a, change, relative, lower_is_better }
        })
        .collect();
    Comparison { before: before_map.id.clone(), after: after_map.id.clone(), metrics }
}

impl MetricChange {
    /// A value of this metric as text, in the map's units.
    pub fn text(&self, value: Option<f64>, map: &Map) -> String {
        match (value, self.measure) {
            (None, _) => "\u{2014}".to_string(),
            (Some(v), Measure::Time) => format::duration(v, &map.calendar),
            (Some(v), Measure::Ratio) => format::percent(v),
            (Some(v), Measure::Count) => format::number(v),
        }
    }
}
