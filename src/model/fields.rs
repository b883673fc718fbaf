//! The editable numbers of a map with their allowed ranges, in one place: file
//! validation, the inspector, the table view and the data box all read them here.

use super::element::ProcessStep;
use super::units::Duration;

/// The values a number may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    /// Whether `min` itself is allowed.
    pub min_inclusive: bool,
}

impl Range {
    const fn from(min: f64, max: f64) -> Self {
        Range {
            min,
            max,
            min_inclusive: true,
        }
    }

    const fn above(min: f64, max: f64) -> Self {
        Range {
            min,
            max,
            min_inclusive: false,
        }
    }

    /// `Ok` when `value` is finite and in range; otherwise a message a user can act on.
    pub fn check(&self, value: f64) -> Result<(), String> {
        let above_min = if self.min_inclusive {
            value >= self.min
        } else {
            value > self.min
        };
        if value.is_finite() && above_min && value <= self.max {
            Ok(())
        } else {
            let from = if self.min_inclusive { "from" } else { "above" };
            Err(format!(
                "must be {from} {} up to {}, got {value}",
                self.min, self.max
            ))
        }
    }
}

/// The largest amount of anything (units, time values in any unit).
pub const AMOUNT: Range = Range::from(0.0, 1e9);
pub const COORDINATE: Range = Range::from(-1e7, 1e7);
pub const HOURS_PER_DAY: Range = Range::above(0.0, 24.0);
pub const DAYS_PER_WEEK: Range = Range::above(0.0, 7.0);
pub const DAYS_PER_MONTH: Range = Range::above(0.0, 31.0);
pub const SHIFTS_PER_DAY: Range = Range::above(0.0, 24.0);
/// A rework probability: 1 would never let the unit go.
pub const PROBABILITY: Range = Range::from(0.0, 0.999_999);
/// The same, as people enter it: a percent, like %C&A and uptime.
pub const PROBABILITY_PERCENT: Range = Range::from(0.0, 99.9999);

/// A share (0 to 1) as the percent shown in a field, without binary noise (0.3 → 30, not 30.000000000000004).
pub fn as_percent(share: f64) -> f64 {
    (share * 1e11).round() / 1e9
}

/// One field of a process step's data box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepField {
    ProcessTime,
    CycleTime,
    ChangeoverTime,
    Epe,
    UptimePct,
    PctCa,
    BatchSize,
    Capacity,
    People,
    Shifts,
}

impl StepField {
    pub const ALL: [StepField; 10] = [
        StepField::ProcessTime,
        StepField::CycleTime,
        StepField::ChangeoverTime,
        StepField::Epe,
        StepField::UptimePct,
        StepField::PctCa,
        StepField::BatchSize,
        StepField::Capacity,
        StepField::People,
        StepField::Shifts,
    ];

    /// The field's name in files.
    pub fn key(self) -> &'static str {
        match self {
            StepField::ProcessTime => "process_time",
            StepField::CycleTime => "cycle_time",
            StepField::ChangeoverTime => "changeover_time",
            StepField::Epe => "epe",
            StepField::UptimePct => "uptime_pct",
            StepField::PctCa => "pct_ca",
            StepField::BatchSize => "batch_size",
            StepField::Capacity => "capacity",
            StepField::People => "people",
            StepField::Shifts => "shifts",
        }
    }

    /// The short label of the data box.
    pub fn short(self) -> &'static str {
        match self {
            StepField::ProcessTime => "P/T",
            StepField::CycleTime => "C/T",
            StepField::ChangeoverTime => "C/O",
            StepField::Epe => "EPE",
            StepField::UptimePct => "Uptime",
            StepField::PctCa => "%C&A",
            StepField::BatchSize => "Batch",
            StepField::Capacity => "Capacity",
            StepField::People => "People",
            StepField::Shifts => "Shifts",
        }
    }

    /// The full label of the inspector.
    pub fn label(self) -> &'static str {
        match self {
            StepField::ProcessTime => "Process time",
            StepField::CycleTime => "Cycle time",
            StepField::ChangeoverTime => "Changeover time",
            StepField::Epe => "EPE (every part every)",
            StepField::UptimePct => "Uptime %",
            StepField::PctCa => "%C&A",
            StepField::BatchSize => "Batch size",
            StepField::Capacity => "Capacity (parallel servers)",
            StepField::People => "People",
            StepField::Shifts => "Shifts",
        }
    }

    /// What the field means, for students.
    pub fn help(self) -> &'static str {
        match self {
            StepField::ProcessTime => {
                "Value-adding touch time per unit. Counts in the lead time and the process time."
            }
            StepField::CycleTime => {
                "Time between two units leaving the step. Drives utilisation against takt."
            }
            StepField::ChangeoverTime => {
                "Time to switch to the next batch; shared by the units of a batch (not charged without a batch size or EPE)."
            }
            StepField::Epe => {
                "Every part every: how often each product is made. With no batch size, the batch is daily demand x EPE."
            }
            StepField::UptimePct => {
                "Share of the available time the step can work (100 when empty)."
            }
            StepField::PctCa => {
                "Percent complete and accurate: the share of output the next step can use as is."
            }
            StepField::BatchSize => "Units per batch (1 when empty).",
            StepField::Capacity => {
                "People or machines doing this step side by side (1 when empty)."
            }
            StepField::People => "Operators at the step (shown in the data box).",
            StepField::Shifts => {
                "Shifts a day the step works; fewer than the plant's shifts leave it less time."
            }
        }
    }

    pub fn is_time(self) -> bool {
        matches!(
            self,
            StepField::ProcessTime
                | StepField::CycleTime
                | StepField::ChangeoverTime
                | StepField::Epe
        )
    }

    /// The allowed values: for times, the value in its unit.
    pub fn range(self) -> Range {
        match self {
            StepField::UptimePct => Range::above(0.0, 100.0),
            StepField::PctCa => Range::from(0.0, 100.0),
            StepField::BatchSize | StepField::Capacity => Range::above(0.0, 1e9),
            StepField::Shifts => Range::from(0.0, 24.0),
            _ => AMOUNT,
        }
    }

    pub fn time(self, step: &ProcessStep) -> Option<&Duration> {
        match self {
            StepField::ProcessTime => step.process_time.as_ref(),
            StepField::CycleTime => step.cycle_time.as_ref(),
            StepField::ChangeoverTime => step.changeover_time.as_ref(),
            StepField::Epe => step.epe.as_ref(),
            _ => None,
        }
    }

    pub fn number(self, step: &ProcessStep) -> Option<f64> {
        match self {
            StepField::UptimePct => step.uptime_pct,
            StepField::PctCa => step.pct_ca,
            StepField::BatchSize => step.batch_size,
            StepField::Capacity => step.capacity,
            StepField::People => step.people,
            StepField::Shifts => step.shifts,
            _ => self.time(step).map(|d| d.value),
        }
    }

    pub fn set_time(self, step: &mut ProcessStep, value: Option<Duration>) {
        match self {
            StepField::ProcessTime => step.process_time = value,
            StepField::CycleTime => step.cycle_time = value,
            StepField::ChangeoverTime => step.changeover_time = value,
            StepField::Epe => step.epe = value,
            _ => self.set_number(step, value.map(|d| d.value)),
        }
    }

    pub fn set_number(self, step: &mut ProcessStep, value: Option<f64>) {
        match self {
            StepField::UptimePct => step.uptime_pct = value,
            StepField::PctCa => step.pct_ca = value,
            StepField::BatchSize => step.batch_size = value,
            StepField::Capacity => step.capacity = value,
            StepField::People => step.people = value,
            StepField::Shifts => step.shifts = value,
            // A time keeps its unit (minutes by default) when only its number changes.
            _ => {
                let unit = self
                    .time(step)
                    .map_or(super::units::TimeUnit::Minutes, |d| d.unit);
                self.set_time(step, value.map(|v| Duration::new(v, unit)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_reads_as_a_clean_percent() {
        assert_eq!(as_percent(0.3), 30.0);
        assert_eq!(as_percent(0.07), 7.0);
        assert_eq!(as_percent(0.999_999), 99.9999);
        assert_eq!(as_percent(0.123_456_789), 12.345_678_9);
    }

    #[test]
    fn ranges_explain_what_is_wrong() {
        assert_eq!(
            StepField::PctCa.range().check(140.0),
            Err("must be from 0 up to 100, got 140".into())
        );
        assert!(StepField::PctCa.range().check(0.0).is_ok());
        assert!(StepField::UptimePct.range().check(0.0).is_err());
        assert!(AMOUNT.check(f64::NAN).is_err());
    }

    #[test]
    fn every_field_reads_back_what_was_set() {
        let mut step = ProcessStep::default();
        for (i, field) in StepField::ALL.into_iter().enumerate() {
            field.set_number(&mut step, Some(i as f64 + 1.0));
            assert_eq!(field.number(&step), Some(i as f64 + 1.0), "{}", field.key());
        }
    }
}
