//! The operator balance chart: each step's effective cycle time as a bar against
//! the takt line. A bar above the line is a step that cannot keep pace.

use leptos::prelude::*;

use super::metrics::effective_cycle_time;
use super::state::Store;
use crate::analysis::format;

const BAR: f64 = 50.0;
const GAP: f64 = 14.0;
const HEIGHT: f64 = 100.0;
const TOP: f64 = 18.0;
const LABELS: f64 = 34.0;
/// Room on the right for the takt line's end.
const TAKT_LABEL: f64 = 8.0;

/// One bar as drawn: where it is, how tall, and what it says. The bars are a
/// keyed list: typing a step's name redraws its bar, not the other six hundred.
#[derive(Clone, Debug, PartialEq)]
struct Bar {
    x: f64,
    height: f64,
    id: String,
    label: String,
    title: String,
    over: bool,
}

impl Bar {
    /// Everything the bar shows, as its key in the list.
    fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.x, self.height, self.id, self.label, self.title, self.over
        )
    }
}

/// The chart as drawn: its bars, its width, and the takt line (height, text).
#[derive(Clone, Debug, Default, PartialEq)]
struct Chart {
    bars: Vec<Bar>,
    width: f64,
    takt: Option<(f64, String)>,
}

fn chart(store: Store) -> Memo<Chart> {
    Memo::new(move |_| {
        store.report.with(|report| {
            let timed: Vec<_> = report
                .steps
                .iter()
                .filter_map(|s| s.effective_cycle_time.as_ref().map(|t| (s, t)))
                .collect();
            let takt = report.takt.as_ref().map(|t| t.seconds);
            let tallest = timed
                .iter()
                .map(|(_, t)| t.seconds)
                .chain(takt)
                .fold(0.0_f64, f64::max)
                .max(1e-9);
            let scale = HEIGHT / (tallest * 1.1);
            let bars = timed
                .iter()
                .enumerate()
                .map(|(i, (step, time))| {
                    let utilisation = step
                        .utilisation
                        .as_ref()
                        .map_or(String::new(), |u| format!(", {} of takt", u.text));
                    Bar {
                        x: GAP + i as f64 * (BAR + GAP),
                        height: time.seconds * scale,
                        id: step.id.clone(),
                        label: format::clip(&step.name, 9),
                        title: format!(
                            "{}: effective cycle time {}{utilisation}",
                            step.name, time.text
                        ),
                        over: step.over_takt,
                    }
                })
                .collect::<Vec<_>>();
            Chart {
                width: bars.len() as f64 * (BAR + GAP) + GAP + TAKT_LABEL,
                bars,
                takt: report
                    .takt
                    .as_ref()
                    .map(|t| (t.seconds * scale, t.text.clone())),
            }
        })
    })
}

#[component]
pub fn BalanceChart() -> impl IntoView {
    let store = expect_context::<Store>();
    let chart = chart(store);
    let base = TOP + HEIGHT;
    let empty = Memo::new(move |_| chart.with(|c| c.bars.is_empty()));
    let bars = move || chart.with(|c| c.bars.clone());
    let bar = move |bar: Bar| {
        let id = bar.id.clone();
        let select = move |_| store.select_only(vec![id.clone()]);
        view! {
            <g class="bar" class:over=bar.over data-id=bar.id.clone() on:click=select>
                <title>{bar.title.clone()}</title>
                <rect x=bar.x y=base - bar.height width=BAR height=bar.height.max(1.0) />
                <text class="bar-label" x=bar.x + BAR / 2.0 y=base + 14.0 text-anchor="middle">{bar.label.clone()}</text>
            </g>
        }
    };
    let width = move || chart.with(|c| c.width);
    let takt_line = move || {
        chart.with(|c| {
            c.takt.clone().map(|(height, text)| {
                let y = base - height;
                view! {
                    <g class="takt-line">
                        <line x1="0" x2=c.width - TAKT_LABEL + 4.0 y1=y y2=y />
                        // Above the line at its start, where no panel width can cut it off.
                        <text x="2" y=(y - 4.0).max(10.0)>{format!("takt {text}")}</text>
                    </g>
                }
            })
        })
    };
    let label = move || {
        chart.with(|c| {
            format!(
                "Operator balance: {} steps against takt {}",
                c.bars.len(),
                c.takt.as_ref().map_or("(no demand)", |(_, t)| t.as_str())
            )
        })
    };
    let chart = move || {
        if empty.get() {
            return view! { <p class="hint">"Give steps a cycle or process time to see them against takt."</p> }.into_any();
        }
        view! {
            <svg class="balance" viewBox=move || format!("0 0 {} {}", width(), base + LABELS) width=width role="img" aria-label=label>
                <line class="axis" x1="0" x2=move || width() - TAKT_LABEL + 4.0 y1=base y2=base />
                <For each=bars key=Bar::key children=bar />
                {takt_line}
            </svg>
        }
        .into_any()
    };
    view! {
        <section class="balance-panel" aria-label="Operator balance chart">
            <h2 title=concat!("Effective cycle time per step = ", effective_cycle_time!(), ", against takt = available time \u{f7} demand.")>
                "Operator balance" <span class="hint">" \u{2014} effective cycle time per step against takt"</span>
            </h2>
            <div class="balance-scroll" tabindex="0" role="region" aria-label="Operator balance bars (scroll sideways)">{chart}</div>
        </section>
    }
}
