use crate::Lang;
use jiff::civil::Date;

/// An integer with the language's digit grouping: 220.000 (vi), 220,000 (ja, en).
pub fn format_int(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::Ja | Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A decimal written as `-1234.5` (how the rules and the API write them) in the reader's
/// convention: 1.234,5 (vi), 1,234.5 (ja, en). Anything else is returned as given.
pub fn format_decimal(lang: Lang, s: &str) -> String {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return s.to_owned();
    }
    let Ok(n) = int.parse::<i64>() else {
        return s.to_owned();
    };
    let mut out = String::with_capacity(t.len() + 4);
    if neg {
        out.push('-');
    }
    out.push_str(&format_int(lang, n));
    if !frac.is_empty() {
        out.push(decimal_mark(lang));
        out.push_str(frac);
    }
    out
}

/// The decimal mark: a comma in Vietnamese, a point in Japanese and English.
pub fn decimal_mark(lang: Lang) -> char {
    match lang {
        Lang::Vi => ',',
        Lang::Ja | Lang::En => '.',
    }
}

/// A percentage given as a decimal number of percent (`81.66`, or `4.955%`): 81,66 % (vi,
/// which spaces the sign), 81.66% (ja, en).
pub fn format_percent(lang: Lang, s: &str) -> String {
    let n = format_decimal(lang, s.trim().trim_end_matches('%').trim_end());
    match lang {
        Lang::Vi => format!("{n} %"),
        Lang::Ja | Lang::En => format!("{n}%"),
    }
}

/// A share `part / whole` as a percentage with `places` decimals, rounded half up.
pub fn format_share(lang: Lang, part: i64, whole: i64, places: u32) -> String {
    let scale = 10i128.pow(places);
    let whole = i128::from(whole.max(1));
    let scaled = (i128::from(part) * 100 * scale + whole / 2) / whole;
    let text = if places == 0 {
        scaled.to_string()
    } else {
        let p = places as usize;
        format!("{}.{:0p$}", scaled / scale, (scaled % scale).abs())
    };
    format_percent(lang, &text)
}

/// Hours: 168 giờ, 168時間, 168 h (decimals as [`format_decimal`]).
pub fn format_hours(lang: Lang, s: &str) -> String {
    let n = format_decimal(lang, s);
    match lang {
        Lang::Vi => format!("{n} giờ"),
        Lang::Ja => format!("{n}時間"),
        Lang::En => format!("{n} h"),
    }
}

/// Yen: 220.000 yên, 220,000円, ¥220,000.
pub fn format_jpy(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Vi => format!("{} yên", format_int(lang, n)),
        Lang::Ja => format!("{}円", format_int(lang, n)),
        Lang::En => format!("¥{}", format_int(lang, n)),
    }
}

/// Dong: 35.000.000 ₫ (vi), 35,000,000ドン (ja), ₫35,000,000 (en).
pub fn format_vnd(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Vi => format!("{} ₫", format_int(lang, n)),
        Lang::Ja => format!("{}ドン", format_int(lang, n)),
        Lang::En => format!("₫{}", format_int(lang, n)),
    }
}

/// 23/11/2026 (vi), 2026年11月23日 (ja), 23 Nov 2026 (en).
pub fn format_date(lang: Lang, d: Date) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Lang::Ja => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.strftime("%-d %b %Y").to_string(),
    }
}

/// A date and time of day to the minute: 01/12/2026 22:25 (vi), 2026年12月1日 22:25 (ja),
/// 1 Dec 2026 22:25 (en).
pub fn format_datetime(lang: Lang, dt: jiff::civil::DateTime) -> String {
    format!(
        "{} {:02}:{:02}",
        format_date(lang, dt.date()),
        dt.hour(),
        dt.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn numbers_money_and_dates() {
        assert_eq!(format_int(Lang::Vi, 1234567), "1.234.567");
        assert_eq!(format_int(Lang::En, -1000), "-1,000");
        assert_eq!(format_int(Lang::Ja, 999), "999");
        assert_eq!(format_jpy(Lang::Ja, 220000), "220,000円");
        assert_eq!(format_vnd(Lang::Vi, 35_000_000), "35.000.000 ₫");
        assert_eq!(format_date(Lang::Vi, date(2027, 4, 1)), "01/04/2027");
        assert_eq!(format_date(Lang::Ja, date(2027, 4, 1)), "2027年4月1日");
        assert_eq!(format_date(Lang::En, date(2027, 4, 1)), "1 Apr 2027");
        assert_eq!(format_decimal(Lang::Vi, "1220.23"), "1.220,23");
        assert_eq!(format_decimal(Lang::Ja, "-1220.5"), "-1,220.5");
        assert_eq!(format_decimal(Lang::Vi, "0.8"), "0,8");
        assert_eq!(format_decimal(Lang::En, "n/a"), "n/a");
        assert_eq!(format_decimal(Lang::En, "1."), "1.");
        assert_eq!(format_percent(Lang::Vi, "81.66"), "81,66 %");
        assert_eq!(format_percent(Lang::Ja, "4.955%"), "4.955%");
        assert_eq!(format_share(Lang::En, 1, 3, 1), "33.3%");
        assert_eq!(format_share(Lang::Vi, 2, 3, 2), "66,67 %");
        assert_eq!(format_share(Lang::En, 5, 10, 0), "50%");
        assert_eq!(format_hours(Lang::Ja, "163.3"), "163.3時間");
        let dt = date(2026, 12, 1).at(22, 5, 9, 0);
        assert_eq!(format_datetime(Lang::Vi, dt), "01/12/2026 22:05");
        assert_eq!(format_datetime(Lang::Ja, dt), "2026年12月1日 22:05");
    }
}
