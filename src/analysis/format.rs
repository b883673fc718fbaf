//! Numbers as people read them: times in the largest unit that keeps them
//! above 1 (a day being a working day of the map's calendar), ratios as percents.

use crate::model::{Calendar, TimeUnit};

/// "2.5 d", "45 min", "7.5 s": one decimal below 10, whole numbers above.
pub fn duration(seconds: f64, calendar: &Calendar) -> String {
    if !seconds.is_finite() {
        return "\u{2014}".to_string();
    }
    let unit = [TimeUnit::Days, TimeUnit::Hours, TimeUnit::Minutes]
        .into_iter()
        .find(|u| {
            let size = u.seconds(calendar);
            size > 0.0 && seconds.abs() >= size
        })
        .unwrap_or(TimeUnit::Seconds);
    format!(
        "{} {}",
        number(seconds / unit.seconds(calendar)),
        unit.symbol()
    )
}

/// A ratio in 0-1 as a percent: one decimal ("4.2%"), or two significant
/// digits below 1% so a tiny flow efficiency never shows as "0%"; below
/// 0.001% only that bound, as more digits would carry no meaning.
pub fn percent(ratio: f64) -> String {
    // A change can be negative: written with a true minus sign, as in "−72.8%".
    if ratio < 0.0 {
        return format!("\u{2212}{}", percent(-ratio));
    }
    let pct = ratio * 100.0;
    if pct > 0.0 && pct < 0.001 {
        return "< 0.001%".to_string();
    }
    let decimals = if pct > 0.0 && pct < 1.0 {
        (-pct.log10()).ceil() as usize + 1
    } else {
        1
    };
    let text = format!("{pct:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text}%")
}

/// One decimal below 10, whole numbers from 10 on; no trailing ".0".
pub fn number(value: f64) -> String {
    if value.abs() < 10.0 {
        trim(format!("{value:.1}"))
    } else {
        format!("{value:.0}")
    }
}

fn trim(text: String) -> String {
    match text.strip_suffix(".0") {
        Some(whole) if whole != "-0" => whole.to_string(),
        Some(_) => "0".to_string(),
        None => text,
    }
}

/// "1 d = 8 working hours", said wherever days are shown.
pub fn working_day(calendar: &Calendar) -> String {
    format!("1 d = {} working hours", number(calendar.hours_per_day))
}

/// Cuts `text` to `max` characters with an ellipsis, so labels keep their size.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!(
            "{}\u{2026}",
            text.chars().take(max.saturating_sub(1)).collect::<String>()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_use_the_largest_unit_above_one() {
        let cal = Calendar::default(); // 8 h days
        assert_eq!(duration(7.5, &cal), "7.5 s");
        assert_eq!(duration(90.0, &cal), "1.5 min");
        assert_eq!(duration(45.0 * 60.0, &cal), "45 min");
        assert_eq!(duration(4.0 * 3600.0, &cal), "4 h");
        assert_eq!(duration(8.0 * 3600.0 * 2.5, &cal), "2.5 d");
        assert_eq!(duration(8.0 * 3600.0 * 12.4, &cal), "12 d");
        assert_eq!(duration(0.0, &cal), "0 s");
    }

    #[test]
    fn long_labels_are_clipped_by_characters_not_bytes() {
        assert_eq!(clip("Zoë’s approval step", 6), "Zoë’s\u{2026}");
        assert_eq!(clip("short", 6), "short");
    }

    #[test]
    fn percents_have_one_decimal() {
        assert_eq!(percent(0.042), "4.2%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.00015), "0.015%");
        assert_eq!(percent(0.005), "0.5%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(2.1e-12), "< 0.001%");
        assert_eq!(percent(0.00001), "0.001%");
        assert_eq!(percent(-0.728), "\u{2212}72.8%");
    }
}
