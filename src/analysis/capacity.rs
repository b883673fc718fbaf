//! Utilisation of each step, its EPEI, and the bottleneck.
//!
//! A step's effective cycle time per unit is
//! `visits x (cycle time + changeover / batch) / uptime / capacity`, where the
//! batch is the batch size, or else daily demand x EPE ("every part every").
//! With neither, the changeover is not charged (and a warning says so): charging
//! a whole changeover to every unit is what made a 1 s stamping press look
//! 7,000% utilised. A step that works fewer shifts than the plant has that share
//! of the day: utilisation = demand rate x effective cycle / shift share.

use serde::Serialize;

use crate::model::{Map, ProcessStep};

/// The load on one process step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepLoad {
    /// Index of the step in `map.elements`.
    pub element: usize,
    /// Expected visits per unit (1 without rework).
    pub visits: f64,
    /// Effective cycle time per unit and per server, in seconds.
    pub effective_cycle: Option<f64>,
    /// The units a changeover is shared by: the batch size, or daily demand x EPE.
    pub batch: Option<f64>,
    /// The step's shifts / the plant's shifts per day (1 when unset).
    pub shift_share: f64,
    /// Demand rate x effective cycle time / shift share: at or above 1 the step cannot keep pace.
    pub utilisation: Option<f64>,
    /// Every part every interval, in seconds of working time: the shortest cycle in
    /// which the changeovers fit in the time left after running demand.
    pub epei: Option<f64>,
    /// A changeover time was given but, with no batch size or EPE, not charged.
    pub changeover_not_charged: bool,
}

impl StepLoad {
    pub fn over_takt(&self) -> bool {
        self.utilisation.is_some_and(|u| u >= 1.0 - 1e-9)
    }

    /// What ranks steps for the bottleneck: effective cycle per share of the day.
    fn load(&self) -> Option<f64> {
        self.effective_cycle.map(|c| c / self.shift_share)
    }
}

pub fn step_load(
    map: &Map,
    element: usize,
    step: &ProcessStep,
    visits: f64,
    demand_per_second: f64,
) -> StepLoad {
    let calendar = &map.calendar;
    let per_day = map.demand.per_day(calendar);
    let day = calendar.day_seconds();
    let batch = step.batch_size.or_else(|| {
        step.epe
            .as_ref()
            .map(|epe| epe.seconds(calendar) / day * per_day)
            .filter(|b| b.is_finite() && *b > 0.0)
            .map(|b| b.max(1.0))
    });
    let changeover = step.changeover_time.as_ref().map(|c| c.seconds(calendar));
    let changeover_not_charged = changeover.is_some_and(|c| c > 0.0) && batch.is_none();
    let shift_share = step
        .shifts
        .filter(|s| *s > 0.0)
        .map_or(1.0, |s| s / calendar.shifts_per_day.max(1e-6));
    let uptime = step.uptime_fraction().max(1e-6);
    let servers = step.servers().max(1e-6);
    let cycle = step.cycle_seconds(calendar);
    let effective_cycle = cycle.map(|cycle| {
        let per_unit_changeover = match (changeover, batch) {
            (Some(c), Some(b)) => c / b.max(1.0),
            _ => 0.0,
        };
        visits * (cycle + per_unit_changeover) / uptime / servers
    });
    let utilisation = effective_cycle
        .filter(|_| demand_per_second > 0.0)
        .map(|ct| ct * demand_per_second / shift_share);
    // Time left per day once demand has run, on every server, in working seconds.
    let epei = match (changeover, cycle) {
        (Some(c), Some(cycle)) if c > 0.0 && per_day > 0.0 => {
            let available = day * shift_share * uptime * servers;
            let left = available - per_day * visits * cycle;
            (left > 0.0).then(|| c / left * day)
        }
        _ => None,
    };
    StepLoad {
        element,
        visits,
        effective_cycle,
        batch,
        shift_share,
        utilisation,
        epei,
        changeover_not_charged,
    }
}

/// Index into `loads` of the step with the highest load (utilisation, or, without
/// demand, effective cycle time per share of the day). Ties (to rounding) go
/// to the smaller id, so the file's order never decides.
pub fn bottleneck(loads: &[StepLoad], map: &Map) -> Option<usize> {
    let id = |i: usize| map.elements[loads[i].element].id.as_str();
    let mut best: Option<(usize, f64)> = None;
    for (i, load) in loads.iter().enumerate() {
        if let Some(value) = load.load()
            && best.is_none_or(|(j, b)| super::critical_path::beats(value, b, || id(i) < id(j)))
        {
            best = Some((i, value));
        }
    }
    best.map(|(i, _)| i)
}
