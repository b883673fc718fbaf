//! Comparison of two maps (current against future), metric by metric.

use serde::Serialize;

use super::Analysis;
use super::format;
use super::simulate::Forecast;
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

/// How to read one headline metric from an analysis.
struct Metric {
    key: &'static str,
    label: &'static str,
    measure: Measure,
    lower_is_better: bool,
    value: fn(&Analysis) -> Option<f64>,
}

const METRICS: [Metric; 11] = [
    Metric {
        key: "lead_time",
        label: "Lead time",
        measure: Measure::Time,
        lower_is_better: true,
        value: |a| Some(a.lead_time),
    },
    Metric {
        key: "process_time",
        label: "Process time",
        measure: Measure::Time,
        lower_is_better: true,
        value: |a| Some(a.process_time),
    },
    Metric {
        key: "flow_efficiency",
        label: "Flow efficiency",
        measure: Measure::Ratio,
        lower_is_better: false,
        value: |a| a.flow_efficiency,
    },
    Metric {
        key: "rolled_pct_ca",
        label: "Rolled %C&A",
        measure: Measure::Ratio,
        lower_is_better: false,
        value: |a| a.rolled_pct_ca,
    },
    Metric {
        key: "rework_lead_time",
        label: "Lead time added by rework",
        measure: Measure::Time,
        lower_is_better: true,
        value: |a| Some(a.rework_lead_time()),
    },
    Metric {
        key: "rework_work",
        label: "Work added by rework",
        measure: Measure::Time,
        lower_is_better: true,
        value: |a| Some(a.rework_work),
    },
    Metric {
        key: "work_content",
        label: "Total work content",
        measure: Measure::Time,
        lower_is_better: true,
        value: |a| Some(a.work_content),
    },
    Metric {
        key: "takt",
        label: "Takt",
        measure: Measure::Time,
        lower_is_better: false,
        value: |a| a.takt,
    },
    Metric {
        key: "bottleneck_utilisation",
        label: "Bottleneck utilisation",
        measure: Measure::Ratio,
        lower_is_better: true,
        value: |a| {
            a.bottleneck
                .and_then(|b| a.steps.get(b))
                .and_then(|s| s.utilisation)
        },
    },
    Metric {
        key: "steps",
        label: "Process steps",
        measure: Measure::Count,
        lower_is_better: true,
        value: |a| Some(a.steps.len() as f64),
    },
    Metric {
        key: "handoffs",
        label: "Hand-offs",
        measure: Measure::Count,
        lower_is_better: true,
        value: |a| Some(a.handoffs as f64),
    },
];

/// Every headline metric of `before` and `after` side by side.
pub fn compare(
    before_map: &Map,
    before: &Analysis,
    after_map: &Map,
    after: &Analysis,
) -> Comparison {
    let metrics = METRICS
        .iter()
        .map(|metric| {
            MetricChange::between(
                (
                    metric.key,
                    metric.label,
                    metric.measure,
                    metric.lower_is_better,
                ),
                (metric.value)(before),
                (metric.value)(after),
            )
        })
        .collect();
    Comparison {
        before: before_map.id.clone(),
        after: after_map.id.clone(),
        metrics,
    }
}

/// The forecast's p85 and mean before and after, for the comparison's table:
/// a future state should shorten the tail customers feel, not only the average.
pub fn forecast_changes(before: Option<&Forecast>, after: Option<&Forecast>) -> [MetricChange; 2] {
    let p85 = |f: &Forecast| f.p85;
    let mean = |f: &Forecast| f.mean;
    [
        (
            "forecast_p85",
            "Forecast p85 lead time",
            p85 as fn(&Forecast) -> f64,
        ),
        ("forecast_mean", "Forecast mean lead time", mean),
    ]
    .map(|(key, label, value)| {
        MetricChange::between(
            (key, label, Measure::Time, true),
            before.map(value),
            after.map(value),
        )
    })
}

impl MetricChange {
    /// A metric's change from `before` to `after`, with what it is.
    fn between(
        (key, label, measure, lower_is_better): (&'static str, &'static str, Measure, bool),
        before: Option<f64>,
        after: Option<f64>,
    ) -> MetricChange {
        let change = before.zip(after).map(|(b, a)| a - b);
        let relative = before
            .zip(change)
            .filter(|(b, _)| *b != 0.0)
            .map(|(b, c)| c / b);
        MetricChange {
            key,
            label,
            measure,
            before,
            after,
            change,
            relative,
            lower_is_better,
        }
    }

    /// The absolute change as text with its sign; a ratio's change in percentage points.
    pub fn change_text(&self, map: &Map) -> String {
        let Some(change) = self.change else {
            return "\u{2014}".to_string();
        };
        let size = self.text(Some(change.abs()), map);
        let size = match self.measure {
            Measure::Ratio => format!("{} pp", size.trim_end_matches('%')),
            _ => size,
        };
        if change > 1e-9 {
            format!("+{size}")
        } else if change < -1e-9 {
            format!("\u{2212}{size}")
        } else {
            size
        }
    }

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
