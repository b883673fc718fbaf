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

    /// The unit a person means by `word`: "s", "sec", "min", "m", "h", "hr", "hours",
    /// "d", "day", "wk", "w", "weeks"… (any case, singular or plural).
    pub fn from_word(word: &str) -> Option<TimeUnit> {
        let word = word.to_ascii_lowercase();
        let word = word.trim_end_matches('.');
        let unit = match word {
            "s" | "sec" | "secs" | "second" | "seconds" => TimeUnit::Seconds,
            "m" | "min" | "mins" | "minute" | "minutes" => TimeUnit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => TimeUnit::Hours,
            "d" | "day" | "days" => TimeUnit::Days,
            "w" | "wk" | "wks" | "week" | "weeks" => TimeUnit::Weeks,
            _ => return None,
        };
        Some(unit)
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// The point value every figure of the analysis uses.
    pub value: f64,
    pub unit: TimeUnit,
    /// How the time varies from unit to unit, in the same unit: only the
    /// forecast (a simulation) uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<Box<Spread>>,
}

/// The spread of a duration, in the duration's unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Spread {
    /// A three-point estimate: shortest, most likely and longest.
    Range(ThreePoint),
    /// Measured quantiles p0, p5, p10, ..., p100: 21 values, none below the one before.
    Quantiles(Vec<f64>),
}

/// A three-point estimate and the shape of the distribution between its ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePoint {
    pub min: f64,
    pub likely: f64,
    pub max: f64,
    #[serde(default, skip_serializing_if = "Shape::is_triangular")]
    pub shape: Shape,
}

/// How a range is drawn from: triangular (mean (min + likely + max) / 3) or
/// PERT, a beta distribution that weighs the most likely value more (mean
/// (min + 4 likely + max) / 6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    #[default]
    Triangular,
    Pert,
}

impl Shape {
    pub fn is_triangular(&self) -> bool {
        *self == Shape::Triangular
    }
}

/// How many quantiles a measured spread has: p0 to p100 in steps of 5.
pub const QUANTILES: usize = 21;

impl Spread {
    /// A three-point range, triangular.
    pub fn range(min: f64, likely: f64, max: f64) -> Spread {
        Spread::Range(ThreePoint {
            min,
            likely,
            max,
            shape: Shape::Triangular,
        })
    }

    /// Every time multiplied by `factor` (to another unit).
    pub fn scaled(&self, factor: f64) -> Spread {
        match self {
            Spread::Range(r) => Spread::Range(ThreePoint {
                min: r.min * factor,
                likely: r.likely * factor,
                max: r.max * factor,
                shape: r.shape,
            }),
            Spread::Quantiles(q) => Spread::Quantiles(q.iter().map(|v| v * factor).collect()),
        }
    }

    /// Its times, in the duration's unit.
    pub fn values(&self) -> Vec<f64> {
        match self {
            Spread::Range(r) => vec![r.min, r.likely, r.max],
            Spread::Quantiles(q) => q.clone(),
        }
    }

    /// Its shortest and longest time, in the duration's unit.
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            Spread::Range(r) => (r.min, r.max),
            Spread::Quantiles(q) => (
                q.first().copied().unwrap_or_default(),
                q.last().copied().unwrap_or_default(),
            ),
        }
    }

    /// What is wrong with this spread, if anything: the loader and the editor say it.
    pub fn problem(&self) -> Option<String> {
        let bad = |v: f64| !v.is_finite() || v < 0.0;
        match self {
            Spread::Range(r) => {
                if [r.min, r.likely, r.max].into_iter().any(bad) {
                    Some("a range's times must be numbers of 0 or more".into())
                } else if !(r.min <= r.likely && r.likely <= r.max) {
                    Some("a range needs min <= likely <= max".into())
                } else {
                    None
                }
            }
            Spread::Quantiles(q) => {
                if q.len() != QUANTILES {
                    Some(format!(
                        "measured quantiles are {QUANTILES} values (p0, p5, ..., p100), got {}",
                        q.len()
                    ))
                } else if q.iter().copied().any(bad) {
                    Some("quantiles must be numbers of 0 or more".into())
                } else if q.windows(2).any(|w| w[1] < w[0]) {
                    Some("each quantile must be at least the one before".into())
                } else {
                    None
                }
            }
        }
    }
}

impl Duration {
    pub fn new(value: f64, unit: TimeUnit) -> Self {
        Duration {
            value,
            unit,
            spread: None,
        }
    }

    /// `self` (a time just typed) with the spread of `old`, the time it
    /// replaces, in `self`'s unit: a new value never drops a measured spread.
    pub fn keeping_spread_of(mut self, old: Option<&Duration>, calendar: &Calendar) -> Self {
        if let (None, Some(old)) = (&self.spread, old)
            && let Some(spread) = &old.spread
        {
            let factor = old.unit.seconds(calendar) / self.unit.seconds(calendar);
            let factor = if factor.is_finite() && factor > 0.0 {
                factor
            } else {
                1.0
            };
            self.spread = Some(Box::new(spread.scaled(factor)));
        }
        self
    }

    /// This duration with `spread`.
    pub fn with_spread(mut self, spread: Spread) -> Self {
        self.spread = Some(Box::new(spread));
        self
    }

    /// Reads a time as people type it: "2h", "90 min", "1.5d", "45s", "1,5 h",
    /// "1:30" (hours and minutes: 90 min), "0:01:30" (90 s), or a bare number in
    /// `unit`. Empty is `None`; anything else says what could not be read.
    pub fn parse(text: &str, unit: TimeUnit) -> Result<Option<Duration>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let not_a_time =
            || format!("\u{201c}{text}\u{201d} is not a time (try 45 min, 2 h, 1:30 or 1.5 d)");
        let number = |t: &str| -> Result<f64, String> {
            let value: f64 = t
                .trim()
                .replace(',', ".")
                .parse()
                .map_err(|_| not_a_time())?;
            value.is_finite().then_some(value).ok_or_else(not_a_time)
        };
        if text.contains(':') {
            // Clock notation: h:mm or h:mm:ss, whole minutes and seconds below 60.
            let parts: Vec<&str> = text.split(':').collect();
            let whole = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
            let (hours, rest) = parts.split_first().ok_or_else(not_a_time)?;
            let hours = number(hours)?;
            if rest.is_empty() || rest.len() > 2 || !rest.iter().all(|p| whole(p)) || hours < 0.0 {
                return Err(not_a_time());
            }
            let below: Vec<f64> = rest.iter().map(|p| number(p)).collect::<Result<_, _>>()?;
            if below.iter().any(|&v| v >= 60.0) {
                return Err(not_a_time());
            }
            return Ok(Some(match below[..] {
                [minutes] => Duration::new(hours * 60.0 + minutes, TimeUnit::Minutes),
                [minutes, seconds] => {
                    Duration::new((hours * 60.0 + minutes) * 60.0 + seconds, TimeUnit::Seconds)
                }
                _ => return Err(not_a_time()),
            }));
        }
        // A number, then perhaps a unit word ("2h", "90 min").
        let split = text
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(text.len());
        let (value, word) = text.split_at(split);
        let unit = match word.trim() {
            "" => unit,
            word => TimeUnit::from_word(word).ok_or_else(not_a_time)?,
        };
        Ok(Some(Duration::new(number(value)?, unit)))
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
    fn times_are_read_as_people_type_them() {
        let read = |t: &str| Duration::parse(t, TimeUnit::Minutes);
        let d = |v: f64, u: TimeUnit| Ok(Some(Duration::new(v, u)));
        assert_eq!(read("2h"), d(2.0, TimeUnit::Hours));
        assert_eq!(read("90 min"), d(90.0, TimeUnit::Minutes));
        assert_eq!(read("1:30"), d(90.0, TimeUnit::Minutes));
        assert_eq!(read("0:01:30"), d(90.0, TimeUnit::Seconds));
        assert_eq!(read("1.5d"), d(1.5, TimeUnit::Days));
        assert_eq!(read("1,5 d"), d(1.5, TimeUnit::Days));
        assert_eq!(read("45s"), d(45.0, TimeUnit::Seconds));
        assert_eq!(read(" 3 Hours "), d(3.0, TimeUnit::Hours));
        assert_eq!(read("2 wk"), d(2.0, TimeUnit::Weeks));
        // A bare number is in the field's unit.
        assert_eq!(read("12"), d(12.0, TimeUnit::Minutes));
        assert_eq!(read("  "), Ok(None));
        for bad in [
            "2 parsecs",
            "1:3",
            "1:75",
            "1:30:99",
            "h",
            "abc",
            "1e999",
            "1:2:3:4",
            "-1:30",
            "::",
        ] {
            let error = read(bad).unwrap_err();
            assert!(error.contains("is not a time"), "{bad}: {error}");
        }
    }

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
