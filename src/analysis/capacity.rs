//! Utilisation of each step and the bottleneck.

use serde::Serialize;

use crate::model::{Map, ProcessStep};

/// The load on one process step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepLoad {
    /// Index of the step in `map.elements`.
    pub element: usize,
    /// Expected visits per unit (1 without rework).
    pub visits: f64,
    /// Effective cycle time per unit and per server, in seconds:
    /// visits x (cycle time + changeover / batch size) / uptime / capacity.
    pub effective_cycle: Option<f64>,
    /// Demand rate x effective cycle time: at or above 1 the step cannot keep pace.
    pub utilisation: Option<f64>,
}

impl StepLoad {
    pub fn over_takt(&self) -> bool {
        self.utilisation.is_some_and(|u| u >= 1.0 - 1e-9)
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
    let effective_cycle = step.cycle_seconds(calendar).map(|cycle| {
        let changeover =
            step.changeover_time.map_or(0.0, |c| c.seconds(calendar)) / step.batch().max(1.0);
        let uptime = step.uptime_fraction().max(1e-6);
        visits * (cycle + changeover) / uptime / step.servers().max(1e-6)
    });
    let utilisation = effective_cycle
        .filter(|_| demand_per_second > 0.0)
        .map(|ct| ct * demand_per_second);
    StepLoad {
        element,
        visits,
        effective_cycle,
        utilisation,
    }
}

/// Index into `loads` of the step with the longest effective cycle time per server.
pub fn bottleneck(loads: &[StepLoad]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, load) in loads.iter().enumerate() {
        if let Some(ct) = load.effective_cycle
            && best.is_none_or(|(_, b)| ct > b)
        {
            best = Some((i, ct));
        }
    }
    best.map(|(i, _)| i)
}
