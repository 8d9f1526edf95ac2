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
    }
}
