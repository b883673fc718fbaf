//! The comparison of the current state with a future state: every headline
//! metric with its absolute and relative change, where the lead time goes in
//! each (both on one time scale, waits and work in their own colours), and the
//! elements added, removed and changed, matched through their links back.

use leptos::prelude::*;

use super::forecast::distributions;
use crate::analysis::compare::forecast_changes;
use crate::analysis::forecast::{ForecastReport, RUNS, forecast_report, standard_forecast};
use crate::analysis::format;
use crate::analysis::matching::ElementChanges;
use crate::analysis::report::{ComparisonReport, MapReport, comparison_report, map_report};
use crate::analysis::{Rung, analyze, compare};
use crate::model::{MapState, ops};
use crate::ui::state::{Screen, Store};

/// Everything the comparison screen shows, computed together.
#[derive(Clone, Debug, PartialEq)]
struct Compared {
    report: ComparisonReport,
    before: MapReport,
    after: MapReport,
    /// Both states' forecasts, the same runs and seed as the forecast panel's.
    forecasts: Option<[ForecastReport; 2]>,
}

const CHART_WIDTH: f64 = 900.0;
const BAR: f64 = 34.0;

/// Both states' lead time as stacked bars on one scale: a segment per timeline rung.
fn breakdown(before: &MapReport, after: &MapReport) -> impl IntoView + use<> {
    let longest = before
        .lead_time
        .seconds
        .max(after.lead_time.seconds)
        .max(1e-9);
    let scale = (CHART_WIDTH - 160.0) / longest;
    let bar = |label: &str, report: &MapReport, y: f64| {
        let mut x = 150.0;
        let segments = report
            .timeline
            .iter()
            .map(|rung| {
                let width = rung.time.seconds * scale;
                let class = match rung.rung {
                    Rung::Wait => "segment wait",
                    Rung::Process => "segment work",
                };
                let at = x;
                x += width;
                view! {
                    <rect class=class x=at y=y width=width.max(0.5) height=BAR data-id=rung.id.clone()>
                        <title>{format!("{}: {}", rung.name, rung.time.text)}</title>
                    </rect>
                }
            })
            .collect_view();
        view! {
            <text class="bar-name" x="0" y=y + 22.0>{label.to_string()}</text>
            {segments}
            <text class="bar-total" x=x + 6.0 y=y + 22.0>{report.lead_time.text.clone()}</text>
        }
    };
    view! {
        <svg class="breakdown" viewBox=format!("0 0 {} 110", CHART_WIDTH + 60.0) role="img"
            aria-label=format!("Lead time by element: current {}, future {}", before.lead_time.text, after.lead_time.text)>
            {bar(&before.name, before, 8.0)}
            {bar(&after.name, after, 58.0)}
        </svg>
    }
}

fn change_lists(changes: &ElementChanges) -> impl IntoView + use<> {
    let added = changes
        .added
        .iter()
        .map(|o| view! { <li data-id=o.id.clone()>{format!("{} ({})", o.name, o.kind)}</li> })
        .collect_view();
    let removed = changes
        .removed
        .iter()
        .map(|o| view! { <li data-id=o.id.clone()>{format!("{} ({})", o.name, o.kind)}</li> })
        .collect_view();
    let changed = changes
        .changed
        .iter()
        .map(|c| {
            let mut parts: Vec<String> = c
                .fields
                .iter()
                .map(|f| format!("{}: {} \u{2192} {}", f.field, f.before, f.after))
                .collect();
            if let Some(old) = &c.renamed_from {
                parts.insert(0, format!("renamed from \u{201c}{old}\u{201d}"));
            }
            view! { <li data-id=c.after_id.clone()><strong>{c.name.clone()}</strong>{format!(" \u{2014} {}", parts.join("; "))}</li> }
        })
        .collect_view();
    view! {
        <div class="change-lists">
            <section><h3>{format!("Added ({})", changes.added.len())}</h3><ul class="added">{added}</ul></section>
            <section><h3>{format!("Removed ({})", changes.removed.len())}</h3><ul class="removed">{removed}</ul></section>
            <section><h3>{format!("Changed ({})", changes.changed.len())}</h3><ul class="changed">{changed}</ul></section>
        </div>
        <p class="hint">{format!("{} elements unchanged.", changes.unchanged)}</p>
    }
}

#[component]
pub fn Comparison() -> impl IntoView {
    let store = expect_context::<Store>();
    // The future state compared: the one on screen if it is one, else the first.
    let chosen = RwSignal::new(None::<usize>);
    let futures = Memo::new(move |_| {
        store.document.with(|d| {
            d.maps
                .iter()
                .enumerate()
                .filter(|(_, m)| m.state == MapState::Future)
                .map(|(i, m)| (i, m.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let target = move || {
        let list = futures.get();
        chosen
            .get()
            .filter(|i| list.iter().any(|(j, _)| j == i))
            .or_else(|| {
                let shown = store.map_index.get();
                list.iter().find(|(i, _)| *i == shown).map(|(i, _)| *i)
            })
            .or_else(|| list.first().map(|(i, _)| *i))
    };
    let compared = Memo::new(move |_| {
        let after_index = target()?;
        store.document.with(|d| {
            let before = d.current()?;
            let after = d.maps.get(after_index)?;
            let (a, b) = (analyze(before), analyze(after));
            let mut comparison = compare(before, &a, after, &b);
            let [fa, fb] = [before, after].map(standard_forecast);
            comparison
                .metrics
                .extend(forecast_changes(fa.as_ref(), fb.as_ref()));
            let forecasts = fa
                .zip(fb)
                .map(|(fa, fb)| [forecast_report(before, &fa), forecast_report(after, &fb)]);
            Some(Compared {
                report: comparison_report(before, after, &comparison),
                before: map_report(before, &a),
                after: map_report(after, &b),
                forecasts,
            })
        })
    });
    let create = move |_| create_future_state(store);
    let choose = move |ev: leptos::ev::Event| chosen.set(event_target_value(&ev).parse().ok());
    let picker = move || {
        let list = futures.get();
        let current = target();
        (list.len() > 1).then(|| {
            let options = list
                .into_iter()
                .map(|(i, name)| view! { <option value=i.to_string() selected=Some(i) == current>{name}</option> })
                .collect_view();
            view! { <label class="field">"Compare with " <select on:change=choose aria-label="Future state to compare">{options}</select></label> }
        })
    };
    let body = move || {
        match compared.get() {
        None => view! {
            <p>"There is no future state to compare with yet."</p>
            <button type="button" class="primary" on:click=create>"Create a future state from the current map"</button>
        }
        .into_any(),
        Some(c) => {
            let rows = c
                .report
                .metrics
                .iter()
                .map(|m| {
                    let verdict = match m.improved {
                        Some(true) => "better",
                        Some(false) => "worse",
                        None => "same",
                    };
                    let change = match (m.before_value, m.after_value) {
                        (Some(_), Some(_)) => m.relative.as_ref().map_or("\u{2014}".into(), |r| {
                            if r.value > 0.0 { format!("+{}", r.text) } else { r.text.clone() }
                        }),
                        _ => "\u{2014}".into(),
                    };
                    view! {
                        <tr data-metric=m.key class=verdict>
                            <th scope="row">{m.label}</th>
                            <td class="before">{m.before.clone()}</td>
                            <td class="after">{m.after.clone()}</td>
                            <td class="change">{m.change_text.clone()}</td>
                            <td class="relative">{change}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="comparison-table">
                    <thead><tr><th scope="col">"Metric"</th><th scope="col">{c.report.before.name.clone()}</th>
                        <th scope="col">{c.report.after.name.clone()}</th><th scope="col">"Change"</th><th scope="col">"Relative"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <h3>"Where the lead time goes" <span class="hint">" \u{2014} both on one time scale; waits light, work dark"</span></h3>
                {breakdown(&c.before, &c.after)}
                {c.forecasts.as_ref().map(|[before, after]| view! {
                    <h3>"How the lead time varies" <span class="hint">{format!(" \u{2014} {} simulated units of each, on one time axis", format::count(RUNS))}</span></h3>
                    {distributions([(&c.before.name, before), (&c.after.name, after)])}
                })}
                <h3>"What changed"</h3>
                {change_lists(&c.report.elements)}
            }
            .into_any()
        }
    }
    };
    view! {
        <section class="comparison" aria-label="Comparison">
            <div class="library-head">
                <h2>"Current state against future state"</h2>
                {picker}
                <button type="button" on:click=move |_| store.screen.set(Screen::Canvas)>"Back to the map"</button>
            </div>
            <p class="hint">{move || store.report.with(|r| r.working_day.clone())}</p>
            {body}
        </section>
    }
}

/// "+ Future state": a copy of the current map, linked back, shown at once.
pub fn create_future_state(store: Store) {
    if let Some((edit, index)) = store.document.with_untracked(ops::derive_future)
        && store.edit(edit)
    {
        store.show_map(index);
        store.notify(
            "Future state created: change it, then Compare to see what it is worth",
            false,
        );
    }
}
