//! Text input: trimming, length limits, and the folding that lets "cong ty cung ung" find
//! "Công ty Cung ứng".

use crate::error::FieldError;
use unicode_normalization::UnicodeNormalization;

/// Trims and NFC-normalises a required text field, refusing control characters and text
/// longer than `max` characters.
pub fn required(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = optional(field, value, max)?;
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    Ok(v)
}

/// Like [`required`] but an empty value is allowed.
pub fn optional(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let v: String = value.trim().nfc().collect();
    if v.chars().count() > max {
        return Err(FieldError::new(field, "too_long").with("max", max));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "control_characters"));
    }
    Ok(v)
}

/// A normalised e-mail address (trimmed, lower case), or `invalid_email`.
pub fn email(field: &str, value: &str) -> Result<String, FieldError> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let valid = v.len() <= 254
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.len() <= 64
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !v[local.len() + 1..].contains('@')
        })
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c));
    if !valid {
        return Err(FieldError::new(field, "invalid_email"));
    }
    Ok(v)
}

/// The search form of a text: NFC, lower case, Vietnamese diacritics removed (đ → d), every
/// run of non-alphanumeric characters a single space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.nfc().flat_map(char::to_lowercase) {
        let c = kakehashi_rules::geo::fold_vietnamese_char(c);
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_matches_without_diacritics() {
        assert_eq!(
            fold("Công ty Cung ứng Nhân lực"),
            "cong ty cung ung nhan luc"
        );
        assert_eq!(fold("  ĐIỀU DƯỠNG—Hà Nội "), "dieu duong ha noi");
        assert_eq!(fold("株式会社　東京"), "株式会社 東京");
        // Decomposed input folds the same as composed.
        assert_eq!(fold("Nguye\u{302}\u{303}n"), "nguyen");
    }

    #[test]
    fn emails() {
        assert_eq!(email("e", " An@Example.VN ").unwrap(), "an@example.vn");
        for bad in [
            "",
            "a",
            "a@b",
            "a@@b.vn",
            "a b@c.vn",
            "<script>@x.vn",
            "a@.vn",
            "a@b..vn",
        ] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_limits() {
        assert_eq!(required("n", "  x ", 5).unwrap(), "x");
        assert_eq!(required("n", "   ", 5).unwrap_err().code, "required");
        assert_eq!(required("n", "abcdef", 5).unwrap_err().code, "too_long");
        assert_eq!(
            optional("n", "a\u{0}b", 5).unwrap_err().code,
            "control_characters"
        );
        assert_eq!(
            required("n", "<b>'; DROP TABLE users;--", 100).unwrap(),
            "<b>'; DROP TABLE users;--"
        );
    }
}

/// A civil date written `YYYY-MM-DD` (or, when `day_first` is allowed, `DD/MM/YYYY`).
pub fn date(field: &str, value: &str, day_first: bool) -> Result<jiff::civil::Date, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    let parsed = if day_first && v.contains('/') {
        jiff::civil::Date::strptime("%d/%m/%Y", v)
    } else {
        v.parse::<jiff::civil::Date>()
    };
    match parsed {
        Ok(d) if v.len() >= 8 && (1900..=2200).contains(&d.year()) => Ok(d),
        _ => Err(FieldError::new(field, "invalid_date")),
    }
}

/// An optional date: empty means none.
pub fn optional_date(
    field: &str,
    value: Option<&str>,
) -> Result<Option<jiff::civil::Date>, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => date(field, v, false).map(Some),
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            date("d", "2026-04-01", false).unwrap(),
            jiff::civil::date(2026, 4, 1)
        );
        assert_eq!(
            date("d", "01/04/2026", true).unwrap(),
            jiff::civil::date(2026, 4, 1)
        );
        assert!(date("d", "01/04/2026", false).is_err());
        assert!(date("d", "2026-02-30", false).is_err());
        assert_eq!(date("d", "", false).unwrap_err().code, "required");
        assert_eq!(optional_date("d", Some(" ")).unwrap(), None);
    }
}

/// A whole number typed by a person, the one reader of every form: spaces, a yen or dong
/// sign, full-width digits and, with `grouped`, digit grouping (`220.000`, `220,000`) are
/// accepted. Empty is `required`; digits beyond `i64` are `too_large`; anything else
/// `not_a_whole_number`.
pub fn whole_number(field: &str, text: &str, grouped: bool) -> Result<i64, FieldError> {
    let mut t = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '０'..='９' => t.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '－' | '−' => t.push('-'),
            ' ' | '\u{a0}' | '_' | '¥' | '￥' | '円' | '₫' => {}
            ',' | '.' | '，' | '．' if grouped => {}
            _ => t.push(c),
        }
    }
    if t.is_empty() {
        return Err(FieldError::new(field, "required"));
    }
    match t.parse::<i64>() {
        Ok(n) => Ok(n),
        Err(_)
            if t.trim_start_matches('-')
                .bytes()
                .all(|b| b.is_ascii_digit()) =>
        {
            Err(FieldError::new(field, "too_large"))
        }
        Err(_) => Err(FieldError::new(field, "not_a_whole_number")),
    }
}

/// Like [`whole_number`], but an empty field is `None`.
pub fn optional_whole_number(
    field: &str,
    text: &str,
    grouped: bool,
) -> Result<Option<i64>, FieldError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    whole_number(field, text, grouped).map(Some)
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn numbers_as_people_type_them() {
        let n = |t: &str| whole_number("w", t, true);
        assert_eq!(n("220000").unwrap(), 220_000);
        assert_eq!(n(" 220.000 ").unwrap(), 220_000);
        assert_eq!(n("220,000円").unwrap(), 220_000);
        assert_eq!(n("¥220,000").unwrap(), 220_000);
        assert_eq!(n("5.000.000 ₫").unwrap(), 5_000_000);
        assert_eq!(n("２２００００").unwrap(), 220_000);
        assert_eq!(n("-5").unwrap(), -5);
        assert_eq!(n("").unwrap_err().code, "required");
        assert_eq!(n("abc").unwrap_err().code, "not_a_whole_number");
        assert_eq!(n("99999999999999999999").unwrap_err().code, "too_large");
        assert_eq!(
            whole_number("age", "2.5", false).unwrap_err().code,
            "not_a_whole_number"
        );
        assert_eq!(optional_whole_number("w", " ", true).unwrap(), None);
        assert_eq!(optional_whole_number("w", "7", true).unwrap(), Some(7));
    }
}
