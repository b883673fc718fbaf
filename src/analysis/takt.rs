//! Takt and the demand rate.

use crate::model::Map;

/// Takt in seconds = available working time per period / demand per period.
/// `None` when there is no demand.
pub fn takt_seconds(map: &Map) -> Option<f64> {
    let demand = &map.demand;
    // A demand so small that takt overflows is no demand to pace by.
    (demand.quantity > 0.0)
        .then(|| map.calendar.days_in(demand.per) * map.calendar.day_seconds() / demand.quantity)
        .filter(|t| t.is_finite())
}

/// Units demanded per second of working time (0 without demand).
pub fn demand_per_second(map: &Map) -> f64 {
    let day = map.calendar.day_seconds();
    if day > 0.0 {
        map.demand.per_day(&map.calendar) / day
    } else {
        0.0
    }
}

/// Little's law: the wait, in seconds, of `quantity` units at the daily demand.
/// `None` without demand.
pub fn littles_law_wait(map: &Map, quantity: f64) -> Option<f64> {
    let per_day = map.demand.per_day(&map.calendar);
    // A demand so small that the wait overflows cannot convert a quantity.
    (per_day > 0.0)
        .then(|| quantity / per_day * map.calendar.day_seconds())
        .filter(|w| w.is_finite())
}
