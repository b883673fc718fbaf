//! The timeline ladder under the map: waits on the upper rung, process times on
//! the lower, totals at the end. Drawn from the analysis of the critical path.
//!
//! The rungs are drawn at their own size and scroll sideways (a long critical
//! path is thousands of pixels wide); the totals stand beside them, always in
//! view. When the map is panned, the ladder scrolls to the first element of the
//! critical path in view.

use std::collections::HashMap;

use leptos::prelude::*;

use super::state::Store;
use crate::analysis::{Rung, format};

const STEP_WIDTH: f64 = 118.0;
const UPPER: f64 = 34.0;
const LOWER: f64 = 78.0;
pub const TOTALS_WIDTH: f64 = 260.0;
pub const HEIGHT: f64 = 122.0;
/// Room left of the first rung.
const START: f64 = 10.0;

#[component]
pub fn Timeline() -> impl IntoView {
    let store = expect_context::<Store>();
    let scroller = NodeRef::<leptos::html::Div>::new();
    let rungs = rungs(store);
    let width = move || rungs.with(|r| r.len() as f64 * STEP_WIDTH + 2.0 * START);
    let path = move || {
        rungs.with(|rungs| {
            let mut path = String::new();
            for (i, rung) in rungs.iter().enumerate() {
                let x = START + i as f64 * STEP_WIDTH;
                let y = rung.y;
                path.push_str(&format!(
                    "{} {x} {y} L {} {y} ",
                    if i == 0 { "M" } else { "L" },
                    x + STEP_WIDTH
                ));
            }
            path
        })
    };
    let rung = |rung: RungView| {
        let centre = rung.x + STEP_WIDTH / 2.0;
        view! {
            <g class=rung.class data-rung=rung.kind data-id=rung.id.clone()>
                <title>{rung.title.clone()}</title>
                <text class="rung-time" x=centre y=rung.label_y text-anchor="middle">{rung.time.clone()}</text>
                // Rework repeats this part: say so where the longer time is shown.
                {rung.note.clone().map(|note| view! {
                    <text class="rung-note" x=centre y=rung.note_y text-anchor="middle">{note}</text>
                })}
                <text class="rung-name" x=centre y=rung.name_y text-anchor="middle">{rung.name.clone()}</text>
            </g>
        }
    };
    let ladder = view! {
        <svg class="timeline" viewBox=move || format!("0 0 {} {HEIGHT}", width()) width=width height=HEIGHT role="img"
            aria-label=move || format!("Timeline: {} rungs along the critical path", rungs.with(Vec::len))>
            <path class="ladder" d=path />
            <For each=move || rungs.get() key=RungView::key children=rung />
        </svg>
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
                <div class="timeline-scroll" node_ref=scroller tabindex="0" aria-label="Timeline rungs (scroll sideways)">{ladder}</div>
                {totals}
            </div>
        </section>
    }
}

/// One rung as drawn. The rungs are a keyed list: typing the name of a step on
/// the critical path redraws its rung, not the whole ladder.
#[derive(Clone, Debug, PartialEq)]
struct RungView {
    x: f64,
    y: f64,
    class: &'static str,
    kind: &'static str,
    id: String,
    title: String,
    time: String,
    note: Option<String>,
    name: String,
    label_y: f64,
    note_y: f64,
    name_y: f64,
}

impl RungView {
    /// Everything the rung shows, as its key in the list.
    fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{:?}|{}",
            self.x, self.kind, self.id, self.title, self.time, self.note, self.name
        )
    }
}

/// The rungs of the critical path as drawn, recomputed with the report but
/// unchanged (and not redrawn) when an edit leaves them as they were.
fn rungs(store: Store) -> Memo<Vec<RungView>> {
    Memo::new(move |_| {
        store.report.with(|report| {
            report
                .timeline
                .iter()
                .enumerate()
                .map(|(i, rung)| {
                    let (y, class, kind, label_y, note_y, name_y) = match rung.rung {
                        Rung::Wait => (
                            UPPER,
                            "rung wait",
                            "wait",
                            UPPER - 8.0,
                            UPPER - 21.0,
                            UPPER + 16.0,
                        ),
                        Rung::Process => (
                            LOWER,
                            "rung process",
                            "process",
                            LOWER + 18.0,
                            LOWER + 31.0,
                            LOWER - 8.0,
                        ),
                    };
                    RungView {
                        x: START + i as f64 * STEP_WIDTH,
                        y,
                        class,
                        kind,
                        id: rung.id.clone(),
                        title: match &rung.note {
                            Some(note) => format!(
                                "{}: {} ({note}: rework repeats it)",
                                rung.name, rung.time.text
                            ),
                            None => format!("{}: {}", rung.name, rung.time.text),
                        },
                        time: rung.time.text.clone(),
                        note: rung.note.clone(),
                        name: format::clip(&rung.name, 17),
                        label_y,
                        note_y,
                        name_y,
                    }
                })
                .collect()
        })
    })
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
