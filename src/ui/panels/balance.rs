//! The operator balance chart: each step's effective cycle time as a bar against
//! the takt line. A bar above the line is a step that cannot keep pace.

use leptos::prelude::*;

use super::metrics::effective_cycle_time;
use super::scroll_window::{DRAW_ALL, drawn, scroll_window};
use crate::analysis::format;
use crate::ui::editor::delegate::select_clicked;
use crate::ui::state::Store;

const BAR: f64 = 50.0;
const GAP: f64 = 14.0;
const HEIGHT: f64 = 100.0;
const TOP: f64 = 18.0;
const LABELS: f64 = 34.0;
/// Room on the right for the takt line's end.
const TAKT_LABEL: f64 = 8.0;

#[component]
pub fn BalanceChart() -> impl IntoView {
    let store = expect_context::<Store>();
    // A long chart draws the bars its scroller shows, not all of them.
    let (window, on_scroll) = scroll_window(GAP, BAR + GAP);
    let chart = move || {
        store.report.with(|report| {
        let bars: Vec<_> = report
            .steps
            .iter()
            .filter_map(|s| s.effective_cycle_time.as_ref().map(|t| (s, t)))
            .collect();
        if bars.is_empty() {
            return view! { <p class="hint">"Give steps a cycle or process time to see them against takt."</p> }.into_any();
        }
        let takt = report.takt.as_ref().map(|t| t.seconds);
        let tallest = bars
            .iter()
            .map(|(_, t)| t.seconds)
            .chain(takt)
            .fold(0.0_f64, f64::max)
            .max(1e-9);
        let scale = HEIGHT / (tallest * 1.1);
        let width = bars.len() as f64 * (BAR + GAP) + GAP + TAKT_LABEL;
        let base = TOP + HEIGHT;
        let count = bars.len();
        let window = if count > DRAW_ALL { window.get() } else { (0, count) };
        let columns = bars
            .iter()
            .enumerate()
            .filter(|(i, _)| drawn(*i, count, window))
            .map(|(i, (step, time))| {
                let x = GAP + i as f64 * (BAR + GAP);
                let h = time.seconds * scale;
                let utilisation = step
                    .utilisation
                    .as_ref()
                    .map_or(String::new(), |u| format!(", {} of takt", u.text));
                view! {
                    <g class="bar" class:over=step.over_takt data-id=step.id.clone()>
                        <title>{format!("{}: effective cycle time {}{utilisation}", step.name, time.text)}</title>
                        <rect x=x y=base - h width=BAR height=h.max(1.0) />
                        <text class="bar-label" x=x + BAR / 2.0 y=base + 14.0 text-anchor="middle">{format::clip(&step.name, 9)}</text>
                    </g>
                }
            })
            .collect_view();
        let takt_line = report.takt.as_ref().map(|t| {
            let y = base - t.seconds * scale;
            view! {
                <g class="takt-line">
                    <line x1="0" x2=width - TAKT_LABEL + 4.0 y1=y y2=y />
                    // Above the line at its start, where no panel width can cut it off.
                    <text x="2" y=(y - 4.0).max(10.0)>{format!("takt {}", t.text)}</text>
                </g>
            }
        });
        view! {
            <svg class="balance" viewBox=format!("0 0 {width} {}", base + LABELS) width=width role="img"
                aria-label=format!("Operator balance: {} steps against takt {}", bars.len(), report.takt.as_ref().map_or("(no demand)".to_string(), |t| t.text.clone()))>
                <line class="axis" x1="0" x2=width - TAKT_LABEL + 4.0 y1=base y2=base />
                {columns}
                {takt_line}
            </svg>
        }
        .into_any()
    })
    };
    // One handler for every bar: a redrawn chart attaches no listeners.
    let select_clicked = select_clicked(store, ".bar[data-id]");
    view! {
        <section class="balance-panel" aria-label="Operator balance chart">
            <h2 title=concat!("Effective cycle time per step = ", effective_cycle_time!(), ", against takt = available time \u{f7} demand.")>
                "Operator balance" <span class="hint">" \u{2014} effective cycle time per step against takt"</span>
            </h2>
            <div class="balance-scroll" tabindex="0" role="region" aria-label="Operator balance bars (scroll sideways)" on:scroll=on_scroll on:click=select_clicked>{chart}</div>
        </section>
    }
}
