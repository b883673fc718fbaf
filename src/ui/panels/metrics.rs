//! The metrics panel: each figure with how it was computed, the critical path,
//! and the engine's warnings.

use leptos::prelude::*;

use crate::analysis::format::{Ratio, Time};
use crate::analysis::report::MapReport;
use crate::ui::editor::delegate::select_clicked;
use crate::ui::state::{Screen, Store};

/// Each figure of the panel: its key (as in `takt analyze --json`), label, and how it is computed.
const FIGURES: &[(&str, &str, &str)] = &[
    (
        "lead_time",
        "Lead time",
        "The expected time from start to customer: waits plus step times; a join waits for its slowest branch, and rework repeats its loop. Parallel branches do not add up.",
    ),
    (
        "process_time",
        "Process time",
        "The process times of the steps on the critical path, each counted once: the value-adding time.",
    ),
    (
        "flow_efficiency",
        "Flow efficiency",
        "Process time \u{f7} lead time: the share of the lead time in which the unit is worked on.",
    ),
    (
        "takt",
        "Takt",
        "Available working time per period \u{f7} customer demand per period: the pace the customer needs.",
    ),
    (
        "rolled_pct_ca",
        "Rolled %C&A",
        "The product of %C&A along the critical path: the share of units that pass every step right first time.",
    ),
    (
        "rework_lead_time",
        "Lead time from rework",
        "Expected lead time minus first-pass lead time. Expected visits come from the rework probabilities: a rework flow repeats the elements on the way back to where it returns, not parallel branches.",
    ),
    (
        "rework_work",
        "Work added by rework",
        "For every step: (expected visits \u{2212} 1) \u{d7} process time, summed.",
    ),
    (
        "work_content",
        "Total work content",
        "The process times of all steps, each once, including parallel branches.",
    ),
];

/// How a step's effective cycle time is computed, as text: shown wherever it is.
macro_rules! effective_cycle_time {
    () => {
        "visits \u{d7} (cycle time + changeover \u{f7} batch) \u{f7} uptime \u{f7} capacity"
    };
}
pub(super) use effective_cycle_time;
const BOTTLENECK: &str = concat!(
    "The step with the longest effective cycle time per server: ",
    effective_cycle_time!(),
    ". Utilisation = demand rate \u{d7} that time."
);
const INVENTORY: &str = "An inventory's wait is its own wait if given, else quantity \u{f7} daily demand (Little's law), in working days of the map's calendar.";

/// Every figure's label and how it is computed, for the help overlay.
pub fn explanations() -> Vec<(&'static str, &'static str)> {
    FIGURES
        .iter()
        .map(|(_, label, how)| (*label, *how))
        .chain([("Bottleneck", BOTTLENECK), ("Inventory wait", INVENTORY)])
        .collect()
}

/// A figure's value as text, and in seconds when it is a time.
fn value_of(report: &MapReport, key: &str) -> (String, Option<f64>) {
    let time = |t: &Time| (t.text.clone(), Some(t.seconds));
    let ratio = |r: &Option<Ratio>| {
        (
            r.as_ref().map_or(NONE.to_string(), |r| r.text.clone()),
            None,
        )
    };
    match key {
        "lead_time" => time(&report.lead_time),
        "process_time" => time(&report.process_time),
        "flow_efficiency" => ratio(&report.flow_efficiency),
        "takt" => report.takt.as_ref().map_or((NONE.to_string(), None), time),
        "rolled_pct_ca" => ratio(&report.rolled_pct_ca),
        "rework_lead_time" => time(&report.rework_lead_time),
        "rework_work" => time(&report.rework_work),
        "work_content" => time(&report.work_content),
        _ => (NONE.to_string(), None),
    }
}

const NONE: &str = "\u{2014}";

#[component]
pub fn MetricsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    // The figure whose explanation is open: a click or a tap shows it (touch has no hover).
    let explained = RwSignal::new(None::<&'static str>);
    let cards = move || {
        store.report.with(|report| FIGURES
            .iter()
            .map(|&(key, label, explain)| {
                let (value, seconds) = value_of(report, key);
                let open = move || explained.get() == Some(key);
                view! {
                    <button type="button" class="metric" class:explained=open data-metric=key data-seconds=seconds.map(|s| s.to_string()) title=explain
                        aria-expanded=move || open().to_string()
                        on:click=move |_| explained.update(|e| *e = if *e == Some(key) { None } else { Some(key) })>
                        <span class="metric-label">{label}</span>" "
                        <span class="metric-value">{value}</span>
                    </button>
                }
            })
            .collect_view())
    };
    let bottleneck = move || {
        store.report.with(|report| match &report.bottleneck {
            Some(step) => {
                let load = step.utilisation.as_ref().map_or("no demand set".to_string(), |u| {
                    format!("utilisation {}", u.text)
                });
                let verdict = if step.over_takt {
                    "cannot keep pace with takt"
                } else {
                    "keeps pace with takt"
                };
                view! {
                    <p class="bottleneck" data-metric="bottleneck" data-id=step.id.clone() title=BOTTLENECK>
                        <strong>"Bottleneck: "</strong>
                        <span class="bottleneck-name">{step.name.clone()}</span>
                        {format!(" \u{2014} {load}, {verdict}")}
                    </p>
                }
                .into_any()
            }
            None => {
                view! { <p class="bottleneck" data-metric="bottleneck">"Bottleneck: \u{2014}"</p> }
                    .into_any()
            }
        })
    };
    let contributor = move || {
        store.report.with(|report| report.largest_contributor.as_ref().map(|r| {
            view! {
                <p class="contributor" data-metric="largest_contributor" title="The timeline segment that adds the most lead time.">
                    <strong>"Largest contributor: "</strong>{format!("{} ({})", r.name, r.time.text)}
                </p>
            }
        }))
    };
    let path = move || {
        store.report.with(|report| {
            report
                .critical_path
                .iter()
                .map(|n| {
                    let id = n.id.clone();
                    let share = move || super::forecast::criticality(store, &id).map(|(share, text)| view! {
                        <span class="criticality" data-share=share.to_string()
                            title="The share of the forecast's simulated runs in which this step was on the critical path">
                            {format!(" \u{b7} {text} of runs")}
                        </span>
                    });
                    view! { <li data-id=n.id.clone()><span class="step-name">{n.name.clone()}</span>{share}</li> }
                })
                .collect_view()
        })
    };
    let warnings = move || {
        let (count, items) = store
            .report
            .with(|report| (report.warnings.len(), report.warnings.clone()));
        let items = items
            .into_iter()
            .map(|w| {
                let target = w.element.clone();
                let select = move |_| {
                    if let Some(id) = &target {
                        store.select_only(vec![id.clone()]);
                        store.screen.set(Screen::Canvas);
                    }
                };
                view! {
                    <li class="warning" data-code=format!("{:?}", w.code) data-id=w.element.clone()>
                        <button type="button" class="link" disabled=w.element.is_none() on:click=select
                            title="Select the element this is about">{w.message}</button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <h3>{format!("Warnings ({count})")}</h3>
            <ul class="warnings">{items}</ul>
        }
    };
    view! {
        <aside class="metrics-panel" aria-label="Metrics">
            <h2>"Metrics"</h2>
            <p class="working-day">{move || store.report.with(|r| r.working_day.clone())}</p>
            <div class="metric-grid">{cards}</div>
            {move || explained.get().and_then(|key| FIGURES.iter().find(|f| f.0 == key)).map(|&(_, label, explain)| view! {
                <p class="metric-explained" role="status"><strong>{label}</strong>{format!(": {explain}")}</p>
            })}
            {bottleneck}
            {contributor}
            <h3>"Critical path"</h3>
            <ol class="critical-path" on:click=select_clicked(store, "li[data-id]")>{path}</ol>
            {warnings}
        </aside>
    }
}
