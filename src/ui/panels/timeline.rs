//! The timeline ladder under the map: waits on the upper rung, process times on
//! the lower, totals at the end. Drawn from the analysis of the critical path.
//!
//! The rungs are drawn at their own size and scroll sideways (a long critical
//! path is thousands of pixels wide); the totals stand beside them, always in
//! view. When the map is panned, the ladder scrolls to the first element of the
//! critical path in view.

use std::collections::HashMap;

use leptos::prelude::*;

use super::scroll_window::{DRAW_ALL, drawn, scroll_window};
use crate::analysis::{Rung, format};
use crate::ui::state::Store;

const STEP_WIDTH: f64 = 118.0;
const UPPER: f64 = 34.0;
const LOWER: f64 = 78.0;
/// Wide enough for "Working, with rework" and a figure like "3.69 min".
pub const TOTALS_WIDTH: f64 = 232.0;
pub const HEIGHT: f64 = 122.0;
/// Room left of the first rung.
const START: f64 = 10.0;

#[component]
pub fn Timeline() -> impl IntoView {
    let store = expect_context::<Store>();
    let scroller = NodeRef::<leptos::html::Div>::new();
    // A long ladder draws the rungs its scroller shows, not all of them.
    let (window, on_scroll) = scroll_window(START, STEP_WIDTH);
    let ladder = move || {
        store.report.with(|report| {
            let count = report.timeline.len();
            let window = if count > DRAW_ALL { window.get() } else { (0, count) };
            let width = count as f64 * STEP_WIDTH + 2.0 * START;
            let mut path = String::new();
            let rungs = report
                .timeline
                .iter()
                .enumerate()
                .filter_map(|(i, rung)| {
                    let x = START + i as f64 * STEP_WIDTH;
                    let y = match rung.rung {
                        Rung::Wait => UPPER,
                        Rung::Process => LOWER,
                    };
                    path.push_str(&format!("{} {x} {y} L {} {y} ", if i == 0 { "M" } else { "L" }, x + STEP_WIDTH));
                    drawn(i, count, window).then_some((i, rung))
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|(i, rung)| {
                    let x = START + i as f64 * STEP_WIDTH;
                    let (class, label_y, note_y) = match rung.rung {
                        Rung::Wait => ("rung wait", UPPER - 8.0, UPPER - 21.0),
                        Rung::Process => ("rung process", LOWER + 18.0, LOWER + 31.0),
                    };
                    view! {
                        <g class=class data-rung=match rung.rung { Rung::Wait => "wait", Rung::Process => "process" } data-id=rung.id.clone()>
                            <title>{match &rung.note {
                                Some(note) => format!("{}: {} ({note})", rung.name, rung.time.text),
                                None => format!("{}: {}", rung.name, rung.time.text),
                            }}</title>
                            <text class="rung-time" x=x + STEP_WIDTH / 2.0 y=label_y text-anchor="middle">{rung.time.text.clone()}</text>
                            // What a longer time is made of, where it is shown.
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
            view! {
                <svg class="timeline" viewBox=format!("0 0 {width} {HEIGHT}") width=width height=HEIGHT role="img"
                    aria-label=format!("Timeline: {} rungs along the critical path", report.timeline.len())>
                    <path class="ladder" d=path />
                    {rungs}
                </svg>
            }
        })
    };
    // Drawn apart from the rungs, outside their scroller: always in view.
    let totals = move || {
        store.report.with(|report| {
            let value_x = TOTALS_WIDTH - 12.0;
            view! {
                <svg class="timeline-totals" viewBox=format!("0 0 {TOTALS_WIDTH} {HEIGHT}") width=TOTALS_WIDTH height=HEIGHT role="img"
                    aria-label=format!("Lead time {}, waiting {}, working {}", report.lead_time.text, report.total_wait.text, report.total_process.text)>
                    <g class="totals" transform="translate(2 20)">
                        <rect width=TOTALS_WIDTH - 4.0 height="80" rx="4" />
                        <text x="10" y="22">"Lead time"</text>
                        <text class="total-value" x=value_x y="22" text-anchor="end">{report.lead_time.text.clone()}</text>
                        <text x="10" y="44">"Waiting"</text>
                        <text class="total-value" x=value_x y="44" text-anchor="end">{report.total_wait.text.clone()}</text>
                        <text x="10" y="66">"Working, with rework"</text>
                        <text class="total-value" x=value_x y="66" text-anchor="end">{report.total_process.text.clone()}</text>
                    </g>
                </svg>
            }
        })
    };
    follow_the_map(store, scroller);
    view! {
        <section class="timeline-panel" aria-label="Timeline ladder">
            <h2>"Timeline" <span class="hint">" \u{2014} along the critical path, waits above, work below"</span></h2>
            <div class="timeline-body">
                <div class="timeline-scroll" node_ref=scroller tabindex="0" aria-label="Timeline rungs (scroll sideways)" on:scroll=on_scroll>{ladder}</div>
                {totals}
            </div>
        </section>
    }
}

/// Scrolls the ladder, as the map is panned, so that the first element of the
/// critical path whose left edge is in view comes first (with the wait into it).
fn follow_the_map(store: Store, scroller: NodeRef<leptos::html::Div>) {
    // Where each rung's element sits on the map, found once per change of the
    // map rather than on every frame of a pan.
    let rung_x = Memo::new(move |_| {
        store.report.with(|report| {
            store.with_map(|map| {
                let x_of: HashMap<&str, f64> =
                    map.elements.iter().map(|e| (e.id.as_str(), e.x)).collect();
                report
                    .timeline
                    .iter()
                    .map(|rung| x_of.get(rung.id.as_str()).copied().unwrap_or(f64::MIN))
                    .collect::<Vec<f64>>()
            })
        })
    });
    Effect::new(move |_| {
        let view = store.view.get();
        let left_edge = -view.dx / view.zoom;
        let first = rung_x.with(|xs| xs.iter().position(|&x| x + 1.0 >= left_edge));
        // Past the end of the critical path: its last rungs.
        let i = first.unwrap_or(usize::MAX / 2);
        if let Some(div) = scroller.get_untracked() {
            div.set_scroll_left((START + i as f64 * STEP_WIDTH).min(f64::from(i32::MAX)) as i32);
        }
    });
}
