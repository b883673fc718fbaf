//! The forecast panel: the shown map's lead-time distribution, simulated in
//! slices between frames (a few milliseconds each) so typing and dragging
//! never wait for it. Every edit starts it again from the same seed, so a
//! change in the figures is the edit's, not the dice's.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::analysis::forecast::{Bins, ForecastReport, RUNS, SEED, forecast_report};
use crate::analysis::format;
use crate::analysis::simulate::Simulation;
use crate::ui::state::Store;

/// Time a frame may spend simulating, in milliseconds.
const SLICE_MS: f64 = 6.0;
const BATCH: usize = 100;
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 110.0;
/// The marks' labels sit in rows above the bars, never over them.
const LABELS_TOP: f64 = 10.0;
const BARS_TOP: f64 = 40.0;
const BARS_BOTTOM: f64 = 94.0;

/// Keeps `store.forecast` the forecast of the map on screen: the one writer of
/// it. Started once; every change to the map starts the runs again.
pub fn keep_forecast(store: Store) {
    // Which simulation is current: a newer edit makes older ones stop.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let simulation = store.with_map(|map| Simulation::new(map, SEED));
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        store.forecast_runs.set(0);
        run_slices(store, Rc::new(RefCell::new(simulation)), mine, generation);
    });
}

/// The share of runs in which the step `id` was on the critical path, from the
/// forecast of the map on screen (none while another map's is still shown).
pub fn criticality(store: Store, id: &str) -> Option<(f64, String)> {
    let map = store.with_map(|m| m.id.clone());
    store.forecast.with(|report| {
        let report = report.as_ref().filter(|r| r.map == map)?;
        let step = report.criticality.iter().find(|c| c.id == id)?;
        Some((step.share, step.text.clone()))
    })
}

/// What the forecast draws from: how many times vary, and where to give one a range.
fn what_varies(varied: usize) -> String {
    match varied {
        0 => "No time on this map has a spread yet: only rework varies. Give a process time or a wait a range (min/likely/max) in the inspector.".to_string(),
        1 => "1 time on this map has a spread, shown beside it on the map; the others are fixed.".to_string(),
        n => format!("{n} times on this map have a spread, shown beside them on the map; the others are fixed."),
    }
}

#[component]
pub fn ForecastPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let figures = move || {
        let map = store.with_map(|m| m.id.clone());
        store.forecast.with(|report| {
            // Another map's forecast is not shown while this one's first runs are made.
            report.as_ref().filter(|r| r.map == map).map(|r| {
                view! {
                    <p class="forecast-summary" data-p85=r.p85.seconds.to_string()>{r.summary.clone()}</p>
                    <p class="forecast-figures">
                        {format!("p50 {} \u{b7} p85 {} \u{b7} p95 {} \u{b7} mean {}", r.p50.text, r.p85.text, r.p95.text, r.mean.text)}
                    </p>
                    {histogram(r)}
                    <p class="hint forecast-varied" data-varied=r.varied.to_string()>{what_varies(r.varied)}</p>
                }
            })
        })
    };
    let progress = move || {
        let runs = store.forecast_runs.get();
        (runs < RUNS).then(|| view! { <p class="hint forecast-progress">{format!("Simulating\u{2026} {} of {} runs", format::count(runs), format::count(RUNS))}</p> })
    };
    view! {
        <section class="forecast-panel" aria-label="Lead-time forecast" aria-live="polite" data-runs=move || store.forecast_runs.get().to_string()>
            <h2>"Forecast" <span class="hint">{format!(" \u{2014} lead time over {} simulated units", format::count(RUNS))}</span></h2>
            {figures}
            {progress}
        </section>
    }
}

/// Runs the simulation a slice per frame until it has all its runs, showing
/// the figures every few frames and at the end; stops when a newer one starts.
fn run_slices(
    store: Store,
    simulation: Rc<RefCell<Simulation>>,
    mine: u64,
    generation: StoredValue<u64>,
) {
    let done = store.forecast_runs;
    request_animation_frame(move || {
        if generation.try_get_value() != Some(mine) {
            return;
        }
        // A drag moves the map every frame: the forecast waits for it to end.
        if !store.dragging.get_value() {
            let start = js_sys::Date::now();
            let mut sim = simulation.borrow_mut();
            while sim.runs() < RUNS && js_sys::Date::now() - start < SLICE_MS {
                let left = RUNS - sim.runs();
                sim.run(BATCH.min(left));
            }
            let runs = sim.runs();
            // The figures after the first slice, every 2,000 runs, and at the end.
            let due = runs == RUNS
                || done.get_untracked() == 0
                || runs / 2000 != done.get_untracked() / 2000;
            if due {
                // A map without a stream has no forecast: the last map's goes.
                let report = sim.forecast().map(|forecast| {
                    store.with_map_untracked(|_, map| forecast_report(map, &forecast))
                });
                if report.is_some() || runs >= RUNS {
                    store.forecast.set(report);
                }
            }
            done.set(runs);
            if runs >= RUNS {
                return;
            }
        }
        run_slices(store, simulation, mine, generation);
    });
}

/// Seconds onto the chart's width: `x = (seconds - start) * per_second`, kept on the chart.
#[derive(Clone, Copy)]
struct Scale {
    start: f64,
    per_second: f64,
    width: f64,
}

impl Scale {
    /// A scale over every bar of `all`, `width` wide.
    fn over<'a>(all: impl IntoIterator<Item = &'a Bins> + Clone, width: f64) -> Scale {
        let start = all
            .clone()
            .into_iter()
            .map(|b| b.start)
            .fold(f64::INFINITY, f64::min);
        let end = all
            .into_iter()
            .map(|b| b.start + b.width * b.counts.len() as f64)
            .fold(f64::NEG_INFINITY, f64::max);
        let span = end - start;
        Scale {
            start: if start.is_finite() { start } else { 0.0 },
            per_second: if span > 0.0 && span.is_finite() {
                width / span
            } else {
                0.0
            },
            width,
        }
    }

    fn x(self, seconds: f64) -> f64 {
        if self.per_second > 0.0 {
            ((seconds - self.start) * self.per_second).clamp(0.0, self.width)
        } else {
            self.width / 2.0
        }
    }
}

/// The tallest bar's density (units per second) of all `bins`, for one height scale.
fn densest<'a>(all: impl IntoIterator<Item = &'a Bins>) -> f64 {
    all.into_iter()
        .flat_map(|b| {
            b.counts
                .iter()
                .map(move |&c| f64::from(c) / b.width.max(1e-9))
        })
        .fold(0.0, f64::max)
        .max(1e-12)
}

/// The bars of one distribution between `top` and `bottom`, a bar's height its density.
fn bars(
    bins: &Bins,
    scale: Scale,
    densest: f64,
    (top, bottom): (f64, f64),
) -> impl IntoView + use<> {
    let bar_width = (bins.width * scale.per_second).max(0.0);
    bins.counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let h = (bottom - top) * f64::from(count) / bins.width.max(1e-9) / densest;
            let x = if scale.per_second > 0.0 {
                scale.x(bins.start + i as f64 * bins.width)
            } else {
                scale.width / 2.0 - 2.0
            };
            view! { <rect class="forecast-bar" x=x + 0.5 y=bottom - h width=(bar_width - 1.0).max(1.0) height=h /> }
        })
        .collect_view()
}

/// A marked figure: a dashed line down to the bars' foot and its label above them.
fn mark(
    label: String,
    key: &'static str,
    x: f64,
    label_y: f64,
    bottom: f64,
    width: f64,
) -> impl IntoView + use<> {
    let end = x > width * 0.75;
    view! {
        <g class="forecast-mark" data-mark=key>
            <line x1=x x2=x y1=label_y + 2.0 y2=bottom />
            <text x=x + if end { -3.0 } else { 3.0 } y=label_y text-anchor=if end { "end" } else { "start" }>{label}</text>
        </g>
    }
}

/// The distribution as bars, with p50, p85 and p95 marked above them.
fn histogram(report: &ForecastReport) -> impl IntoView + use<> {
    let bins = &report.histogram;
    let scale = Scale::over([bins], WIDTH);
    let marks = [
        ("p50", &report.p50),
        ("p85", &report.p85),
        ("p95", &report.p95),
    ]
    .into_iter()
    .enumerate()
    .map(|(row, (key, time))| {
        mark(
            format!("{key} {}", time.text),
            key,
            scale.x(time.seconds),
            LABELS_TOP + row as f64 * 11.0,
            BARS_BOTTOM,
            WIDTH,
        )
    })
    .collect_view();
    view! {
        <svg class="forecast-histogram" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-label=format!("Lead-time distribution from {} to {}; {}", report.min.text, report.max.text, report.summary)>
            {bars(bins, scale, densest([bins]), (BARS_TOP, BARS_BOTTOM))}
            {marks}
            <line class="axis" x1="0" x2=WIDTH y1=BARS_BOTTOM y2=BARS_BOTTOM />
            <text class="axis-label" x="0" y=HEIGHT - 4.0>{report.min.text.clone()}</text>
            <text class="axis-label" x=WIDTH y=HEIGHT - 4.0 text-anchor="end">{report.max.text.clone()}</text>
        </svg>
    }
}

const COMPARE_WIDTH: f64 = 900.0;
const NAME_WIDTH: f64 = 150.0;
const ROW: f64 = 78.0;

/// Both states' distributions on one time axis, one above the other, each
/// with its p85 and mean marked: the comparison screen's forecast chart.
pub fn distributions(rows: [(&str, &ForecastReport); 2]) -> impl IntoView + use<> {
    let plot = COMPARE_WIDTH - NAME_WIDTH - 20.0;
    let scale = Scale::over(rows.iter().map(|(_, r)| &r.histogram), plot);
    let densest = densest(rows.iter().map(|(_, r)| &r.histogram));
    let drawn = rows
        .iter()
        .enumerate()
        .map(|(i, (name, report))| {
            let top = 8.0 + i as f64 * ROW;
            let (bars_top, bottom) = (top + 26.0, top + ROW - 8.0);
            let marks = [("p85", &report.p85), ("mean", &report.mean)]
                .into_iter()
                .enumerate()
                .map(|(row, (key, time))| {
                    mark(format!("{key} {}", time.text), key, scale.x(time.seconds), top + 9.0 + row as f64 * 11.0, bottom, plot)
                })
                .collect_view();
            view! {
                <g class="forecast-row" data-state=if i == 0 { "before" } else { "after" } data-p85=report.p85.seconds.to_string()>
                    <text class="bar-name" x="0" y=bottom - 8.0>{format::clip(name, 22)}</text>
                    <g transform=format!("translate({NAME_WIDTH} 0)")>
                        {bars(&report.histogram, scale, densest, (bars_top, bottom))}
                        {marks}
                        <line class="axis" x1="0" x2=plot y1=bottom y2=bottom />
                    </g>
                </g>
            }
        })
        .collect_view();
    let height = 8.0 + 2.0 * ROW + 16.0;
    let start = rows
        .iter()
        .map(|(_, r)| &r.min)
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let end = rows
        .iter()
        .map(|(_, r)| &r.max)
        .max_by(|a, b| a.seconds.total_cmp(&b.seconds));
    view! {
        <svg class="forecast-histogram distributions" viewBox=format!("0 0 {COMPARE_WIDTH} {height}") role="img"
            aria-label=format!("Lead-time forecasts on one axis: {} {}, {} {}", rows[0].0, rows[0].1.summary, rows[1].0, rows[1].1.summary)>
            {drawn}
            <text class="axis-label" x=NAME_WIDTH y=height - 4.0>{start.map(|t| t.text.clone())}</text>
            <text class="axis-label" x=NAME_WIDTH + plot y=height - 4.0 text-anchor="end">{end.map(|t| t.text.clone())}</text>
        </svg>
    }
}
