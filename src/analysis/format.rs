//! Numbers as people read them: times in the largest unit that keeps them
//! above 1 (a day being a working day of the map's calendar), ratios as percents;
//! and, for reports, a figure with its text (`Time`, `Ratio`), never NaN.

use serde::Serialize;

use crate::model::{Calendar, Duration, Map, TimeUnit};

/// A time in seconds of working time, and as text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Time {
    pub seconds: f64,
    pub text: String,
}

/// A ratio in 0-1, and as a percent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratio {
    pub value: f64,
    pub text: String,
}

/// A time for the report: always a number, never NaN or infinity (which JSON
/// would write as null).
pub fn time(seconds: f64, map: &Map) -> Time {
    let seconds = if seconds.is_finite() {
        seconds
    } else {
        f64::MAX
    };
    Time {
        seconds,
        text: duration(seconds, &map.calendar),
    }
}

pub fn ratio(value: f64) -> Ratio {
    let value = if value.is_finite() { value } else { f64::MAX };
    Ratio {
        value,
        text: percent(value),
    }
}

/// A time as the map shows it ("10 min"), and its range when it has a spread ("5\u{2013}300").
pub fn time_text(duration: &Duration) -> (String, Option<String>) {
    let value = format!("{} {}", number(duration.value), duration.unit.symbol());
    let range = duration.spread.as_ref().map(|spread| {
        let (min, max) = spread.bounds();
        format!("{}\u{2013}{}", number(min), number(max))
    });
    (value, range)
}

/// "2.5 d", "45 min", "23.6 d": three significant digits in the largest unit
/// that keeps the figure at 1 or more.
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

/// A ratio in 0-1 as a percent with three significant digits ("4.24%",
/// "72.8%", "0.015%"), so a tiny flow efficiency never shows as "0%"; below
/// 0.001% only that bound, as more digits would carry no meaning.
pub fn percent(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "\u{2014}".to_string();
    }
    // A change can be negative: written with a true minus sign, as in "−72.8%".
    if ratio < 0.0 {
        return format!("\u{2212}{}", percent(-ratio));
    }
    let pct = ratio * 100.0;
    if pct > 0.0 && pct < 0.001 {
        return "< 0.001%".to_string();
    }
    format!("{}%", number(pct))
}

/// Three significant digits, as people write figures on a map ("7.25", "23.6",
/// "148"); whole numbers from 100 on; a compact form from a million on and
/// below a thousandth ("1.23e9"), so no figure runs to hundreds of digits. No
/// trailing zeros; "—" for what is not a number.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "\u{2014}".to_string();
    }
    if value < 0.0 {
        return format!("-{}", number(-value));
    }
    let magnitude = value.abs();
    if magnitude == 0.0 {
        return "0".to_string();
    }
    if !(1e-3..1e6).contains(&magnitude) {
        // By hand rather than with `{:e}`, which would add its own float formatter to the wasm.
        let mut exponent = 0i32;
        let mut mantissa = magnitude;
        while mantissa >= 10.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
        while mantissa < 1.0 {
            mantissa *= 10.0;
            exponent -= 1;
        }
        if (mantissa * 100.0).round() >= 1000.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
        return format!("{}e{exponent}", trim_zeros(&fixed(mantissa, 2)));
    }
    // Digits before the point (1 to 6 here), counted without a logarithm.
    let mut digits_before = 1i32;
    let mut bound = 10.0;
    while magnitude >= bound {
        digits_before += 1;
        bound *= 10.0;
    }
    if magnitude < 1.0 {
        digits_before = 0;
        let mut scaled = magnitude * 10.0;
        while scaled < 1.0 {
            digits_before -= 1;
            scaled *= 10.0;
        }
    }
    let decimals_for = |digits_before: i32| (3 - digits_before).max(0) as usize;
    let mut decimals = decimals_for(digits_before);
    // Rounding can carry into a new digit ("9.996" -> "10.00"): three digits still.
    let scale = 10f64.powi(decimals as i32);
    if (magnitude * scale).round() / scale >= 10f64.powi(digits_before) {
        decimals = decimals_for(digits_before + 1);
    }
    trim_zeros(&fixed(value, decimals))
}

/// `value` with `decimals` digits after the point, as `{:.N}` writes it for
/// the figures Takt shows (up to 15 significant digits; ties to even), but by
/// integer arithmetic: `{:.N}` would add an exact float formatter (kilobytes)
/// to the wasm.
pub fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "\u{2014}".to_string();
    }
    let scale = 10f64.powi(decimals as i32);
    let scaled = value.abs() * scale;
    if scaled >= 1e15 {
        // Beyond exact integers: the shortest form, which is exact enough.
        return format!("{value}");
    }
    let mut units = scaled.round();
    if (units - scaled).abs() == 0.5 && units % 2.0 != 0.0 {
        units -= 1.0; // a tie goes to the even neighbour
    }
    let digits = format!("{:0>width$}", units as u64, width = decimals + 1);
    let (whole, fraction) = digits.split_at(digits.len() - decimals);
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

/// A whole count with thousands grouped, as a reader writes it: "10,000".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "1 d = 8 working hours", said wherever days are shown.
pub fn working_day(calendar: &Calendar) -> String {
    format!("1 d = {} working hours", number(calendar.hours_per_day))
}

/// `text` with its first character in upper case ("range is empty" -> "Range is
/// empty"); any text, empty or not ASCII, is fine.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
    #[test]
    fn counts_group_their_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (10_000, "10,000"),
            (1_234_567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(super::count(n), text);
        }
    }

    use super::*;

    #[test]
    fn times_use_the_largest_unit_above_one() {
        let cal = Calendar::default(); // 8 h days
        assert_eq!(duration(7.5, &cal), "7.5 s");
        assert_eq!(duration(90.0, &cal), "1.5 min");
        assert_eq!(duration(45.0 * 60.0, &cal), "45 min");
        assert_eq!(duration(4.0 * 3600.0, &cal), "4 h");
        assert_eq!(duration(8.0 * 3600.0 * 2.5, &cal), "2.5 d");
        assert_eq!(duration(8.0 * 3600.0 * 12.4, &cal), "12.4 d");
        assert_eq!(duration(8.0 * 3600.0 * 23.6, &cal), "23.6 d");
        assert_eq!(duration(8.0 * 3600.0 * 10.64, &cal), "10.6 d");
        assert_eq!(duration(8.0 * 3600.0 * 148.4, &cal), "148 d");
        assert_eq!(duration(4.25 * 3600.0, &cal), "4.25 h");
        assert_eq!(duration(1e300, &cal), "3.47e295 d");
        assert_eq!(duration(f64::INFINITY, &cal), "\u{2014}");
        assert_eq!(duration(0.0, &cal), "0 s");
    }

    #[test]
    fn long_labels_are_clipped_by_characters_not_bytes() {
        assert_eq!(clip("Zoë’s approval step", 6), "Zoë’s\u{2026}");
        assert_eq!(clip("short", 6), "short");
    }

    #[test]
    fn numbers_have_three_significant_digits() {
        assert_eq!(number(7.25), "7.25");
        assert_eq!(number(9.996), "10");
        assert_eq!(number(99.96), "100");
        assert_eq!(number(0.4567), "0.457");
        assert_eq!(number(0.0009996), "1e-3");
        assert_eq!(number(12345.6), "12346");
        assert_eq!(number(2.5e6), "2.5e6");
        assert_eq!(number(-4.56789), "-4.57");
        assert_eq!(number(f64::NAN), "\u{2014}");
    }

    #[test]
    fn percents_have_three_significant_digits() {
        assert_eq!(percent(0.042), "4.2%");
        assert_eq!(percent(0.04237), "4.24%");
        assert_eq!(percent(70.61), "7061%");
        assert_eq!(percent(f64::INFINITY), "\u{2014}");
        assert_eq!(percent(1e20), "1e22%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.00015), "0.015%");
        assert_eq!(percent(0.005), "0.5%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(2.1e-12), "< 0.001%");
        assert_eq!(percent(0.00001), "0.001%");
        assert_eq!(percent(-0.728), "\u{2212}72.8%");
    }

    #[test]
    fn fixed_writes_what_the_standard_formatter_writes() {
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(3.5, 0), "4");
        assert_eq!(fixed(0.125, 2), "0.12");
        assert_eq!(fixed(-0.04, 1), "-0.0");
        assert_eq!(fixed(-0.04, 1), format!("{:.1}", -0.04));
        assert_eq!(fixed(1.005, 2), "1.00");
        assert_eq!(fixed(0.0, 4), "0.0000");
        assert_eq!(fixed(123456.789, 1), "123456.8");
        assert_eq!(fixed(1e20, 1), format!("{}", 1e20));
        // Every figure's range and precision, against `{:.N}`: a value a day's
        // seconds apart, or a ratio's decimals, must read the same.
        let mut x = 0.000_137_f64;
        while x < 2e6 {
            for decimals in 0..=6 {
                for v in [x, -x, x * 1.000_000_1] {
                    assert_eq!(
                        fixed(v, decimals),
                        format!("{v:.decimals$}"),
                        "{v} to {decimals}"
                    );
                }
            }
            x *= 1.013_7;
        }
    }
}
