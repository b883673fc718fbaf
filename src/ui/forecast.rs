//! The forecast panel: the shown map's lead-time distribution, simulated in
//! slices between frames (a few milliseconds each) so typing and dragging
//! never wait for it. Every edit starts it again from the same seed, so a
//! change in the figures is the edit's, not the dice's.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::state::Store;
use crate::analysis::forecast::{ForecastReport, forecast_report};
use crate::analysis::simulate::Simulation;

pub const RUNS: usize = 10_000;
const SEED: u64 = 1;
/// Time a frame may spend simulating, in milliseconds.
const SLICE_MS: f64 = 6.0;
const BATCH: usize = 100;
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 96.0;
const BARS_TOP: f64 = 16.0;
const BARS_BOTTOM: f64 = 74.0;

#[component]
pub fn ForecastPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let shown = RwSignal::new(None::<ForecastReport>);
    let done = RwSignal::new(0usize);
    // Which simulation is current: a newer edit makes older ones stop.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let simulation = store.with_map(|map| Simulation::new(map, SEED));
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        done.set(0);
        run_slices(
            store,
            Rc::new(RefCell::new(simulation)),
            mine,
            generation,
            shown,
            done,
        );
    });
    let figures = move || {
        shown.with(|report| {
            report.as_ref().map(|r| {
                let still_varying = r.varied == 0;
                view! {
                    <p class="forecast-summary" data-p85=r.p85.seconds.to_string()>{r.summary.clone()}</p>
                    <p class="forecast-figures">
                        {format!("p50 {} \u{b7} p85 {} \u{b7} p95 {} \u{b7} mean {}", r.p50.text, r.p85.text, r.p95.text, r.mean.text)}
                    </p>
                    {histogram(r)}
                    {still_varying.then(|| view! {
                        <p class="hint">"No time on this map has a spread yet: only rework varies. Give a process time or a wait a range (min/likely/max) in the inspector."</p>
                    })}
                }
            })
        })
    };
    let progress = move || {
        let runs = done.get();
        (runs < RUNS).then(|| view! { <p class="hint forecast-progress">{format!("Simulating\u{2026} {runs} of {RUNS} runs")}</p> })
    };
    view! {
        <section class="forecast-panel" aria-label="Lead-time forecast" aria-live="polite" data-runs=move || done.get().to_string()>
            <h2>"Forecast" <span class="hint">" \u{2014} lead time over 10,000 simulated units"</span></h2>
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
    shown: RwSignal<Option<ForecastReport>>,
    done: RwSignal<usize>,
) {
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
            if due && let Some(forecast) = sim.forecast() {
                let report = store.with_map_untracked(|_, map| forecast_report(map, &forecast));
                shown.set(Some(report));
            }
            done.set(runs);
            if runs >= RUNS {
                return;
            }
        }
        run_slices(store, simulation, mine, generation, shown, done);
    });
}

/// The distribution as bars, with p50, p85 and p95 marked.
fn histogram(report: &ForecastReport) -> impl IntoView + use<> {
    let bins = &report.histogram;
    let most = bins.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bar_width = WIDTH / bins.counts.len() as f64;
    let span = bins.width * bins.counts.len() as f64;
    let x_of = |seconds: f64| {
        if span > 0.0 {
            ((seconds - bins.start) / span * WIDTH).clamp(0.0, WIDTH)
        } else {
            WIDTH / 2.0
        }
    };
    let bars = bins
        .counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let h = (BARS_BOTTOM - BARS_TOP) * count as f64 / most;
            view! { <rect class="forecast-bar" x=i as f64 * bar_width + 0.5 y=BARS_BOTTOM - h width=(bar_width - 1.0).max(0.5) height=h /> }
        })
        .collect_view();
    let marks = [("p50", &report.p50), ("p85", &report.p85), ("p95", &report.p95)]
        .into_iter()
        .enumerate()
        .map(|(row, (label, time))| {
            let x = x_of(time.seconds);
            let anchor = if x > WIDTH * 0.8 { "end" } else { "start" };
            view! {
                <g class="forecast-mark" data-mark=label>
                    <line x1=x x2=x y1=BARS_TOP - 4.0 y2=BARS_BOTTOM />
                    <text x=x + if anchor == "end" { -3.0 } else { 3.0 } y=BARS_TOP + 2.0 + row as f64 * 11.0 text-anchor=anchor>{format!("{label} {}", time.text)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="forecast-histogram" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-label=format!("Lead-time distribution from {} to {}; {}", report.min.text, report.max.text, report.summary)>
            {bars}
            {marks}
            <line class="axis" x1="0" x2=WIDTH y1=BARS_BOTTOM y2=BARS_BOTTOM />
            <text class="axis-label" x="0" y=HEIGHT - 6.0>{report.min.text.clone()}</text>
            <text class="axis-label" x=WIDTH y=HEIGHT - 6.0 text-anchor="end">{report.max.text.clone()}</text>
        </svg>
    }
}
