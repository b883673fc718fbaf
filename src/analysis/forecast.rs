//! The forecast as the app, the command line and the exports show it: the
//! figures of `simulate` with their texts in the map's units, the steps by id,
//! and the sentence a customer understands ("85% of units finish within 6.2 d").

use serde::Serialize;

use super::format;
use super::format::{Time, time};
use super::simulate::{Forecast, simulate};
use crate::model::Map;
use crate::model::order::sorted_indices;

/// The runs and the seed of every forecast the app shows and exports, and of
/// `takt simulate` unless told otherwise: the same figures everywhere.
pub const RUNS: usize = 10_000;
pub const SEED: u64 = 1;

/// The standard forecast of `map` (`RUNS` runs from `SEED`); `None` when it has no stream.
pub fn standard_forecast(map: &Map) -> Option<Forecast> {
    simulate(map, RUNS, SEED)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForecastReport {
    pub map: String,
    pub runs: usize,
    pub seed: u64,
    pub mean: Time,
    pub p50: Time,
    pub p85: Time,
    pub p95: Time,
    pub min: Time,
    pub max: Time,
    /// p0, p5, ..., p100 of the lead time.
    pub quantiles: Vec<Time>,
    /// "85% of units finish within 12.3 d".
    pub summary: String,
    pub histogram: Bins,
    /// Each step of the stream, most critical first (then in map order).
    pub criticality: Vec<Criticality>,
    /// Durations of the stream that carry a spread.
    pub varied: usize,
    /// Runs stopped (a rework probability a hair below 1) and left out.
    pub stopped: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bins {
    /// Where the first bar starts and how wide each is, in seconds.
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Criticality {
    pub id: String,
    pub name: String,
    /// The share of runs in which the step was on the critical path, 0-1.
    pub share: f64,
    pub text: String,
}

pub fn forecast_report(map: &Map, forecast: &Forecast) -> ForecastReport {
    // Most critical first (the shared sort: the wasm carries one).
    let keys: Vec<(f64, f64)> = forecast
        .criticality
        .iter()
        .map(|&(index, share)| (-share, index as f64))
        .collect();
    let criticality: Vec<Criticality> = sorted_indices(&keys)
        .into_iter()
        .map(|i| forecast.criticality[i])
        .filter_map(|(index, share)| {
            let element = map.elements.get(index)?;
            Some(Criticality {
                id: element.id.clone(),
                name: element.name.clone(),
                share,
                text: format::percent(share),
            })
        })
        .collect();
    let p85 = time(forecast.p85, map);
    ForecastReport {
        map: map.id.clone(),
        runs: forecast.runs,
        seed: forecast.seed,
        mean: time(forecast.mean, map),
        p50: time(forecast.p50, map),
        summary: format!("85% of units finish within {}", p85.text),
        p85,
        p95: time(forecast.p95, map),
        min: time(forecast.min, map),
        max: time(forecast.max, map),
        quantiles: forecast.quantiles.iter().map(|&q| time(q, map)).collect(),
        histogram: Bins {
            start: forecast.histogram.start,
            width: forecast.histogram.width,
            counts: forecast.histogram.counts.clone(),
        },
        criticality,
        varied: forecast.varied,
        stopped: forecast.stopped,
    }
}

impl ForecastReport {
    /// The command line's text: seconds, with the map's units beside them.
    pub fn to_text(&self, name: &str) -> String {
        let figure = |label: &str, t: &Time| {
            format!("{label} {} s ({})", format::fixed(t.seconds, 0), t.text)
        };
        let mut text = format!(
            "{name}: {} runs, seed {}, {} durations with a spread\n  lead time: {}, {}, {}, {}, {}, {}\n  {}\n",
            self.runs,
            self.seed,
            self.varied,
            figure("mean", &self.mean),
            figure("p50", &self.p50),
            figure("p85", &self.p85),
            figure("p95", &self.p95),
            figure("min", &self.min),
            figure("max", &self.max),
            self.summary
        );
        if self.stopped > 0 {
            text.push_str(&format!(
                "  {} runs stopped (rework that almost never lets go) and left out\n",
                self.stopped
            ));
        }
        text.push_str("  criticality:");
        for step in &self.criticality {
            text.push_str(&format!(" {} {},", step.id, step.text));
        }
        text.pop();
        text.push('\n');
        text
    }
}
