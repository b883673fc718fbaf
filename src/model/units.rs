//! Time units, the working calendar and customer demand.
//!
//! Every time in a document carries its unit. A "day" is a *working* day of the
//! map's calendar (for example 8 hours), never 24 hours: lead times in VSM are
//! counted in working time.

use serde::{Deserialize, Serialize};

/// A unit of working time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimeUnit {
    #[serde(rename = "s")]
    Seconds,
    #[serde(rename = "min")]
    Minutes,
    #[serde(rename = "h")]
    Hours,
    /// One working day: `calendar.hours_per_day` hours.
    #[serde(rename = "d")]
    Days,
    /// One working week: `calendar.days_per_week` working days.
    #[serde(rename = "wk")]
    Weeks,
}

impl TimeUnit {
    pub const ALL: [TimeUnit; 5] = [
        TimeUnit::Seconds,
        TimeUnit::Minutes,
        TimeUnit::Hours,
        TimeUnit::Days,
        TimeUnit::Weeks,
    ];

    /// The short symbol used in files and on screen.
    pub fn symbol(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "s",
            TimeUnit::Minutes => "min",
            TimeUnit::Hours => "h",
            TimeUnit::Days => "d",
            TimeUnit::Weeks => "wk",
        }
    }

    /// Seconds in one of this unit under `calendar`.
    pub fn seconds(self, calendar: &Calendar) -> f64 {
        match self {
            TimeUnit::Seconds => 1.0,
            TimeUnit::Minutes => 60.0,
            TimeUnit::Hours => 3600.0,
            TimeUnit::Days => calendar.day_seconds(),
            TimeUnit::Weeks => calendar.day_seconds() * calendar.days_per_week,
        }
    }
}

/// A time with its unit, as stored in a document.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    pub value: f64,
    pub unit: TimeUnit,
}

impl Duration {
    pub fn new(value: f64, unit: TimeUnit) -> Self {
        Duration { value, unit }
    }

    /// This duration in seconds of working time.
    pub fn seconds(&self, calendar: &Calendar) -> f64 {
        self.value * self.unit.seconds(calendar)
    }
}

/// The working calendar of a map: how much time is available to meet demand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Available working hours per day (shifts x shift length, breaks removed).
    pub hours_per_day: f64,
    /// Working days per week.
    pub days_per_week: f64,
    /// Working days per month.
    pub days_per_month: f64,
    /// Shifts per day that share the hours per day: a step working fewer shifts
    /// has that share of the day.
    #[serde(default = "one_shift")]
    pub shifts_per_day: f64,
}

fn one_shift() -> f64 {
    1.0
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            hours_per_day: 8.0,
            days_per_week: 5.0,
            days_per_month: 21.0,
            shifts_per_day: 1.0,
        }
    }
}

impl Calendar {
    /// Seconds in one working day.
    pub fn day_seconds(&self) -> f64 {
        self.hours_per_day * 3600.0
    }

    /// Working days in one demand period.
    pub fn days_in(&self, period: Period) -> f64 {
        match period {
            Period::Day => 1.0,
            Period::Week => self.days_per_week,
            Period::Month => self.days_per_month,
        }
    }
}

/// The period customer demand is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
}

/// Customer demand: `quantity` units per `per`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    pub quantity: f64,
    pub per: Period,
}

impl Default for Demand {
    fn default() -> Self {
        Demand {
            quantity: 0.0,
            per: Period::Day,
        }
    }
}

impl Demand {
    /// Units demanded per working day.
    pub fn per_day(&self, calendar: &Calendar) -> f64 {
        self.quantity / calendar.days_in(self.per)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_a_working_day_of_the_calendar() {
        let cal = Calendar {
            hours_per_day: 7.5,
            days_per_week: 5.0,
            days_per_month: 20.0,
            shifts_per_day: 1.0,
        };
        assert_eq!(
            Duration::new(2.0, TimeUnit::Days).seconds(&cal),
            2.0 * 7.5 * 3600.0
        );
        assert_eq!(
            Duration::new(1.0, TimeUnit::Weeks).seconds(&cal),
            5.0 * 7.5 * 3600.0
        );
        assert_eq!(Duration::new(3.0, TimeUnit::Minutes).seconds(&cal), 180.0);
    }

    #[test]
    fn monthly_demand_is_spread_over_working_days() {
        let cal = Calendar::default();
        let demand = Demand {
            quantity: 420.0,
            per: Period::Month,
        };
        assert_eq!(demand.per_day(&cal), 20.0);
    }
}
