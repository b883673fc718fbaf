//! The analysis as people and tools read it: every time in seconds and as text
//! in the map's units, elements by id and name. The command line prints it
//! (`takt analyze --json`), and the app shows the same texts.

use serde::Serialize;

use super::format::{Ratio, Time, ratio, time};
use super::{Analysis, Comparison, Rung, analyze, format};
use crate::model::{Document, Map, MapState};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineRung {
    pub rung: Rung,
    pub id: String,
    pub name: String,
    pub time: Time,
    /// Expected visits per unit: above 1, the time is the first-pass time x visits.
    pub visits: f64,
    /// What the time is made of: its own time and the rework it sends back
    /// ("3 d + 45 min rework"), or a join's wait for other branches.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepReport {
    pub id: String,
    pub name: String,
    pub visits: f64,
    pub effective_cycle_time: Option<Time>,
    pub utilisation: Option<Ratio>,
    pub over_takt: bool,
    /// The units a changeover is shared by (batch size, or daily demand x EPE).
    pub batch: Option<f64>,
    /// The step's shifts / the plant's shifts per day.
    pub shift_share: f64,
    /// Every part every interval: the shortest cycle in which the changeovers fit.
    pub epei: Option<Time>,
    /// The step's time on the critical path (visits included) / the lead time;
    /// `None` off the critical path.
    pub share_of_lead_time: Option<Ratio>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InventoryReport {
    pub id: String,
    pub name: String,
    pub quantity: Option<f64>,
    pub days: Option<f64>,
    pub wait: Time,
    pub basis: super::WaitBasis,
    /// How the wait was found, in words ("the measured wait counts; ...").
    pub wait_from: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapReport {
    pub id: String,
    pub name: String,
    pub state: MapState,
    /// What a day means in this map, for example "1 d = 8 working hours".
    pub working_day: String,
    pub demand_per_day: f64,
    pub takt: Option<Time>,
    pub lead_time: Time,
    pub first_pass_lead_time: Time,
    pub rework_lead_time: Time,
    pub process_time: Time,
    pub work_content: Time,
    pub rework_work: Time,
    pub flow_efficiency: Option<Ratio>,
    pub rolled_pct_ca: Option<Ratio>,
    pub critical_path: Vec<Named>,
    pub timeline: Vec<TimelineRung>,
    pub total_wait: Time,
    pub total_process: Time,
    pub bottleneck: Option<StepReport>,
    pub largest_contributor: Option<TimelineRung>,
    pub steps: Vec<StepReport>,
    pub inventories: Vec<InventoryReport>,
    pub handoffs: usize,
    pub warnings: Vec<super::Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub maps: Vec<MapReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeReport {
    pub key: &'static str,
    pub label: &'static str,
    pub before: String,
    pub after: String,
    pub before_value: Option<f64>,
    pub after_value: Option<f64>,
    pub change: Option<f64>,
    /// The change as text in the metric's units ("−2.5 d", "+8.1 pp", "−1").
    pub change_text: String,
    pub relative: Option<Ratio>,
    pub improved: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparisonReport {
    pub before: Named,
    pub after: Named,
    pub metrics: Vec<ChangeReport>,
    /// The elements added, removed and changed, matched through the links back.
    pub elements: super::matching::ElementChanges,
}

/// Analyses every map of the document.
pub fn document_report(document: &Document) -> Report {
    Report {
        title: document.title.clone(),
        maps: document
            .maps
            .iter()
            .map(|m| map_report(m, &analyze(m)))
            .collect(),
    }
}

fn named(map: &Map, element: usize) -> Named {
    let e = &map.elements[element];
    Named {
        id: e.id.clone(),
        name: e.name.clone(),
    }
}

fn rung(map: &Map, analysis: &Analysis, index: usize) -> TimelineRung {
    let segment = &analysis.timeline[index];
    let target = &map.elements[segment.element];
    let (id, name) = match segment.flow {
        Some(flow) => {
            let flow = &map.flows[flow];
            (
                flow.id.clone(),
                format!("{} before {}", flow.kind.label(), target.name),
            )
        }
        None => (target.id.clone(), target.name.clone()),
    };
    let note = if segment.joining {
        Some("waits for other branches".to_string())
    } else {
        (segment.rework > 0.0).then(|| {
            format!(
                "{} + {} rework",
                format::duration(segment.seconds - segment.rework, &map.calendar),
                format::duration(segment.rework, &map.calendar)
            )
        })
    };
    TimelineRung {
        rung: segment.rung,
        id,
        name,
        time: time(segment.seconds, map),
        visits: segment.visits,
        note,
    }
}

/// Each element's process rung on the timeline, looked up per step (a scan
/// per step made the report quadratic in the steps).
fn process_rungs(map: &Map, analysis: &Analysis) -> Vec<Option<f64>> {
    let mut seconds = vec![None; map.elements.len()];
    for segment in analysis.timeline.iter().filter(|s| s.rung == Rung::Process) {
        if let Some(slot) = seconds.get_mut(segment.element) {
            slot.get_or_insert(segment.seconds);
        }
    }
    seconds
}

fn step(map: &Map, analysis: &Analysis, rungs: &[Option<f64>], index: usize) -> StepReport {
    let load = &analysis.steps[index];
    let who = named(map, load.element);
    StepReport {
        id: who.id,
        name: who.name,
        visits: load.visits,
        effective_cycle_time: load.effective_cycle.map(|s| time(s, map)),
        utilisation: load.utilisation.map(ratio),
        over_takt: load.over_takt(),
        batch: load.batch,
        shift_share: load.shift_share,
        epei: load.epei.map(|s| time(s, map)),
        share_of_lead_time: rungs
            .get(load.element)
            .copied()
            .flatten()
            .filter(|_| analysis.lead_time > 0.0)
            .map(|seconds| ratio(seconds / analysis.lead_time)),
    }
}

pub fn map_report(map: &Map, analysis: &Analysis) -> MapReport {
    let rungs = process_rungs(map, analysis);
    MapReport {
        id: map.id.clone(),
        name: map.name.clone(),
        state: map.state,
        working_day: format::working_day(&map.calendar),
        demand_per_day: analysis.demand_per_day,
        takt: analysis.takt.map(|t| time(t, map)),
        lead_time: time(analysis.lead_time, map),
        first_pass_lead_time: time(analysis.first_pass_lead_time, map),
        rework_lead_time: time(analysis.rework_lead_time(), map),
        process_time: time(analysis.process_time, map),
        work_content: time(analysis.work_content, map),
        rework_work: time(analysis.rework_work, map),
        flow_efficiency: analysis.flow_efficiency.map(ratio),
        rolled_pct_ca: analysis.rolled_pct_ca.map(ratio),
        critical_path: analysis
            .critical_path
            .iter()
            .map(|&e| named(map, e))
            .collect(),
        timeline: (0..analysis.timeline.len())
            .map(|i| rung(map, analysis, i))
            .collect(),
        total_wait: time(analysis.total_wait(), map),
        total_process: time(analysis.total_process(), map),
        bottleneck: analysis.bottleneck.map(|b| step(map, analysis, &rungs, b)),
        largest_contributor: analysis.largest_contributor.map(|i| rung(map, analysis, i)),
        steps: (0..analysis.steps.len())
            .map(|i| step(map, analysis, &rungs, i))
            .collect(),
        inventories: analysis
            .inventories
            .iter()
            .map(|level| {
                let who = named(map, level.element);
                InventoryReport {
                    id: who.id,
                    name: who.name,
                    quantity: level.quantity,
                    days: level.days,
                    wait: time(level.wait, map),
                    basis: level.how.basis,
                    wait_from: level.how.explain(map, level.quantity),
                }
            })
            .collect(),
        handoffs: analysis.handoffs,
        warnings: analysis.warnings.clone(),
    }
}

pub fn comparison_report(before: &Map, after: &Map, comparison: &Comparison) -> ComparisonReport {
    let as_named = |m: &Map| Named {
        id: m.id.clone(),
        name: m.name.clone(),
    };
    ComparisonReport {
        before: as_named(before),
        after: as_named(after),
        metrics: comparison
            .metrics
            .iter()
            .map(|m| ChangeReport {
                key: m.key,
                label: m.label,
                before: m.text(m.before, before),
                after: m.text(m.after, after),
                before_value: m.before,
                after_value: m.after,
                change: m.change,
                change_text: m.change_text(after),
                relative: m.relative.map(ratio),
                improved: m
                    .change
                    .filter(|c| c.abs() > 1e-9)
                    .map(|c| (c < 0.0) == m.lower_is_better),
            })
            .collect(),
        elements: super::matching::match_elements(before, after),
    }
}

/// Compares the current state with each future state of the document.
pub fn document_comparisons(document: &Document) -> Vec<ComparisonReport> {
    let Some(current) = document.current() else {
        return Vec::new();
    };
    let current_analysis = analyze(current);
    let current_forecast = super::forecast::standard_forecast(current);
    document
        .futures()
        .map(|future| {
            let mut comparison =
                super::compare(current, &current_analysis, future, &analyze(future));
            comparison.metrics.extend(super::compare::forecast_changes(
                current_forecast.as_ref(),
                super::forecast::standard_forecast(future).as_ref(),
            ));
            comparison_report(current, future, &comparison)
        })
        .collect()
}

impl MapReport {
    /// The report as plain text for a terminal.
    pub fn to_text(&self) -> String {
        let optional = |t: &Option<Time>| {
            t.as_ref()
                .map_or("\u{2014}".to_string(), |t| t.text.clone())
        };
        let optional_ratio = |r: &Option<Ratio>| {
            r.as_ref()
                .map_or("\u{2014}".to_string(), |r| r.text.clone())
        };
        let mut out = format!(
            "{} ({}, {})\n",
            self.name,
            self.state.label(),
            self.working_day
        );
        let lines = [
            ("Takt", optional(&self.takt)),
            ("Lead time", self.lead_time.text.clone()),
            ("  of which rework", self.rework_lead_time.text.clone()),
            ("Process time", self.process_time.text.clone()),
            ("Flow efficiency", optional_ratio(&self.flow_efficiency)),
            ("Rolled %C&A", optional_ratio(&self.rolled_pct_ca)),
            ("Work content", self.work_content.text.clone()),
            ("Work added by rework", self.rework_work.text.clone()),
            (
                "Bottleneck",
                self.bottleneck
                    .as_ref()
                    .map_or("\u{2014}".to_string(), |b| {
                        let load = optional_ratio(&b.utilisation);
                        format!(
                            "{} (utilisation {load}{})",
                            b.name,
                            if b.over_takt { ", over takt" } else { "" }
                        )
                    }),
            ),
            (
                "Largest contributor",
                self.largest_contributor
                    .as_ref()
                    .map_or("\u{2014}".to_string(), |r| {
                        format!("{} ({})", r.name, r.time.text)
                    }),
            ),
            (
                "Critical path",
                self.critical_path
                    .iter()
                    .map(|n| n.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" \u{2192} "),
            ),
        ];
        for (label, value) in lines {
            out.push_str(&format!("  {label:<22}{value}\n"));
        }
        for warning in &self.warnings {
            out.push_str(&format!("  warning: {}\n", warning.message));
        }
        out
    }
}

impl ComparisonReport {
    pub fn to_text(&self) -> String {
        let mut out = format!("{} \u{2192} {}\n", self.before.name, self.after.name);
        for m in &self.metrics {
            let relative = m.relative.as_ref().map_or(String::new(), |r| {
                format!(" ({}{})", if r.value > 0.0 { "+" } else { "" }, r.text)
            });
            out.push_str(&format!(
                "  {:<28}{:>10} \u{2192} {:<10}{relative}\n",
                m.label, m.before, m.after
            ));
        }
        let e = &self.elements;
        let names = |list: &[super::matching::Only]| {
            list.iter()
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !e.added.is_empty() {
            out.push_str(&format!("  Added: {}\n", names(&e.added)));
        }
        if !e.removed.is_empty() {
            out.push_str(&format!("  Removed: {}\n", names(&e.removed)));
        }
        for c in &e.changed {
            let mut parts: Vec<String> = c
                .fields
                .iter()
                .map(|f| format!("{} {} \u{2192} {}", f.field, f.before, f.after))
                .collect();
            if let Some(old) = &c.renamed_from {
                parts.insert(0, format!("renamed from {old}"));
            }
            out.push_str(&format!("  Changed: {}: {}\n", c.name, parts.join("; ")));
        }
        out
    }
}
