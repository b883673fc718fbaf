//! The timeline ladder under the map: waits on the upper rung, process times on
//! the lower, totals at the end. Drawn from the analysis of the critical path.

use leptos::prelude::*;

use super::state::Store;
use crate::analysis::{Rung, format};

const STEP_WIDTH: f64 = 118.0;
const UPPER: f64 = 34.0;
const LOWER: f64 = 78.0;
const TOTALS_WIDTH: f64 = 250.0;
const HEIGHT: f64 = 122.0;

#[component]
pub fn Timeline() -> impl IntoView {
    let store = expect_context::<Store>();
    let ladder = move || {
        store.report.with(|report| {
        let width = report.timeline.len() as f64 * STEP_WIDTH + TOTALS_WIDTH + 20.0;
        let mut path = String::new();
        let rungs = report
            .timeline
            .iter()
            .enumerate()
            .map(|(i, rung)| {
                let x = 10.0 + i as f64 * STEP_WIDTH;
                let (y, class, label_y, note_y) = match rung.rung {
                    Rung::Wait => (UPPER, "rung wait", UPPER - 8.0, UPPER - 21.0),
                    Rung::Process => (LOWER, "rung process", LOWER + 18.0, LOWER + 31.0),
                };
                if i == 0 {
                    path.push_str(&format!("M {x} {y} "));
                } else {
                    path.push_str(&format!("L {x} {y} "));
                }
                path.push_str(&format!("L {} {y} ", x + STEP_WIDTH));
                view! {
                    <g class=class data-rung=match rung.rung { Rung::Wait => "wait", Rung::Process => "process" }>
                        <title>{match &rung.note {
                            Some(note) => format!("{}: {} ({note}: rework repeats it)", rung.name, rung.time.text),
                            None => format!("{}: {}", rung.name, rung.time.text),
                        }}</title>
                        <text class="rung-time" x=x + STEP_WIDTH / 2.0 y=label_y text-anchor="middle">{rung.time.text.clone()}</text>
                        // Rework repeats this part: say so where the longer time is shown.
                        {rung.note.clone().map(|note| view! {
                            <text class="rung-note" x=x + STEP_WIDTH / 2.0 y=note_y text-anchor="middle">{note}</text>
                        })}
                        <text class="rung-name" x=x + STEP_WIDTH / 2.0 y=if rung.rung == Rung::Wait { UPPER + 16.0 } else { LOWER - 8.0 } text-anchor="middle">
                            {format::clip(&rung.name, 17)}
                        </text>
                    </g>
                }
            })
            .collect_view();
        let totals_x = 20.0 + report.timeline.len() as f64 * STEP_WIDTH;
        view! {
            <svg class="timeline" viewBox=format!("0 0 {width} {HEIGHT}") style:min-width=format!("{}px", width * 0.7) role="img"
                aria-label=format!("Timeline: lead time {}, process time {}", report.lead_time.text, report.process_time.text)>
                <path class="ladder" d=path />
                {rungs}
                <g class="totals" transform=format!("translate({totals_x} 20)")>
                    <rect width=TOTALS_WIDTH - 20.0 height="80" rx="4" />
                    <text x="10" y="22">"Lead time"</text>
                    <text class="total-value" x=TOTALS_WIDTH - 30.0 y="22" text-anchor="end">{report.lead_time.text.clone()}</text>
                    <text x="10" y="44">"Waiting"</text>
                    <text class="total-value" x=TOTALS_WIDTH - 30.0 y="44" text-anchor="end">{report.total_wait.text.clone()}</text>
                    <text x="10" y="66">"Working, with rework"</text>
                    <text class="total-value" x=TOTALS_WIDTH - 30.0 y="66" text-anchor="end">{report.total_process.text.clone()}</text>
                </g>
            </svg>
        }
    })
    };
    view! {
        <section class="timeline-panel" aria-label="Timeline ladder">
            <h2>"Timeline" <span class="hint">" \u{2014} along the critical path, waits above, work below"</span></h2>
            <div class="timeline-scroll">{ladder}</div>
        </section>
    }
}
