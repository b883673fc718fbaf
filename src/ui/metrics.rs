//! The metrics panel: each figure with how it was computed, the critical path,
//! and the engine's warnings.

use leptos::prelude::*;

use super::state::Store;
use crate::analysis::report::{MapReport, Ratio, Time};

/// One figure: a key for tests and links, a label, the value as text, and how it is computed.
struct Figure {
    key: &'static str,
    label: &'static str,
    value: String,
    seconds: Option<f64>,
    explain: &'static str,
}

fn time(key: &'static str, label: &'static str, t: &Time, explain: &'static str) -> Figure {
    Figure {
        key,
        label,
        value: t.text.clone(),
        seconds: Some(t.seconds),
        explain,
    }
}

fn optional_time(
    key: &'static str,
    label: &'static str,
    t: &Option<Time>,
    explain: &'static str,
) -> Figure {
    match t {
        Some(t) => time(key, label, t, explain),
        None => Figure {
            key,
            label,
            value: "\u{2014}".into(),
            seconds: None,
            explain,
        },
    }
}

fn ratio(
    key: &'static str,
    label: &'static str,
    r: &Option<Ratio>,
    explain: &'static str,
) -> Figure {
    let value = r
        .as_ref()
        .map_or("\u{2014}".to_string(), |r| r.text.clone());
    Figure {
        key,
        label,
        value,
        seconds: None,
        explain,
    }
}

fn figures(report: &MapReport) -> Vec<Figure> {
    vec![
        time(
            "lead_time",
            "Lead time",
            &report.lead_time,
            "The longest path from start to customer: waits plus step times, rework included. Parallel branches do not add up.",
        ),
        time(
            "process_time",
            "Process time",
            &report.process_time,
            "The process times of the steps on the critical path, each counted once: the value-adding time.",
        ),
        ratio(
            "flow_efficiency",
            "Flow efficiency",
            &report.flow_efficiency,
            "Process time \u{f7} lead time: the share of the lead time in which the unit is worked on.",
        ),
        optional_time(
            "takt",
            "Takt",
            &report.takt,
            "Available working time per period \u{f7} customer demand per period: the pace the customer needs.",
        ),
        ratio(
            "rolled_pct_ca",
            "Rolled %C&A",
            &report.rolled_pct_ca,
            "The product of %C&A along the critical path: the share of units that pass every step right first time.",
        ),
        time(
            "rework_lead_time",
            "Lead time from rework",
            &report.rework_lead_time,
            "Expected lead time minus first-pass lead time. Expected visits come from the rework probabilities (absorbing Markov chain).",
        ),
        time(
            "rework_work",
            "Work added by rework",
            &report.rework_work,
            "For every step: (expected visits \u{2212} 1) \u{d7} process time, summed.",
        ),
        time(
            "work_content",
            "Total work content",
            &report.work_content,
            "The process times of all steps, each once, including parallel branches.",
        ),
    ]
}

#[component]
pub fn MetricsPanel() -> impl IntoView {
    let store = expect_context::<Store>();
    let cards = move || {
        let report = store.report.get();
        figures(&report)
            .into_iter()
            .map(|f| {
                view! {
                    <div class="metric" data-metric=f.key data-seconds=f.seconds.map(|s| s.to_string()) title=f.explain tabindex="0">
                        <span class="metric-label">{f.label}</span>
                        <span class="metric-value">{f.value}</span>
                    </div>
                }
            })
            .collect_view()
    };
    let bottleneck = move || {
        let report = store.report.get();
        match report.bottleneck {
            Some(step) => {
                let load = step.utilisation.map_or("no demand set".to_string(), |u| {
                    format!("utilisation {}", u.text)
                });
                let verdict = if step.over_takt {
                    "cannot keep pace with takt"
                } else {
                    "keeps pace with takt"
                };
                view! {
                    <p class="bottleneck" data-metric="bottleneck" data-id=step.id.clone()
                        title="The step with the longest effective cycle time per server: visits \u{d7} (cycle time + changeover \u{f7} batch) \u{f7} uptime \u{f7} capacity. Utilisation = demand rate \u{d7} that time.">
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
        }
    };
    let contributor = move || {
        store.report.get().largest_contributor.map(|r| {
            view! {
                <p class="contributor" data-metric="largest_contributor" title="The timeline segment that adds the most lead time.">
                    <strong>"Largest contributor: "</strong>{format!("{} ({})", r.name, r.time.text)}
                </p>
            }
        })
    };
    let path = move || {
        store
            .report
            .get()
            .critical_path
            .into_iter()
            .map(|n| view! { <li data-id=n.id>{n.name}</li> })
            .collect_view()
    };
    let warnings = move || {
        let report = store.report.get();
        let count = report.warnings.len();
        let items = report
            .warnings
            .into_iter()
            .map(|w| view! { <li class="warning" data-code=format!("{:?}", w.code) data-id=w.element>{w.message}</li> })
            .collect_view();
        view! {
            <h3>{format!("Warnings ({count})")}</h3>
            <ul class="warnings">{items}</ul>
        }
    };
    view! {
        <aside class="metrics-panel" aria-label="Metrics">
            <h2>"Metrics"</h2>
            <p class="working-day">{move || store.report.get().working_day}</p>
            <div class="metric-grid">{cards}</div>
            {bottleneck}
            {contributor}
            <h3>"Critical path"</h3>
            <ol class="critical-path">{path}</ol>
            {warnings}
        </aside>
    }
}
