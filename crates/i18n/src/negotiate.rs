use crate::Lang;

/// Picks the language of a response: `?lang=`, then the language cookie (what was chosen in
/// this browser, so signing in does not switch away from it), then the account's setting,
/// then the browser's Accept-Language, then Vietnamese.
pub fn negotiate(
    query: Option<&str>,
    account: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> Lang {
    query
        .and_then(Lang::parse)
        .or_else(|| cookie.and_then(Lang::parse))
        .or_else(|| account.and_then(Lang::parse))
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or_default()
}

/// The best of our languages in an Accept-Language header, by q-value then order.
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(u16, usize, Lang)> = None;
    for (pos, item) in header.split(',').enumerate() {
        let mut parts = item.trim().split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        let Some(lang) = Lang::parse(primary) else {
            continue;
        };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if !(0.0..=1.0).contains(&q) || q == 0.0 {
            continue;
        }
        let q = (q * 1000.0) as u16;
        if best.is_none_or(|(bq, bpos, _)| q > bq || (q == bq && pos < bpos)) {
            best = Some((q, pos, lang));
        }
    }
    best.map(|(_, _, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_of_precedence() {
        assert_eq!(
            negotiate(Some("ja"), Some("en"), Some("vi"), Some("vi")),
            Lang::Ja
        );
        assert_eq!(
            negotiate(Some("xx"), Some("en"), None, Some("ja")),
            Lang::En
        );
        assert_eq!(negotiate(None, None, Some("en"), Some("ja")), Lang::En);
        // The browser's choice wins over the account's setting.
        assert_eq!(negotiate(None, Some("ja"), Some("en"), None), Lang::En);
        assert_eq!(negotiate(None, Some("ja"), None, Some("en")), Lang::Ja);
        assert_eq!(
            negotiate(None, None, None, Some("ja-JP,en;q=0.5")),
            Lang::Ja
        );
        assert_eq!(
            negotiate(None, None, None, Some("fr, en;q=0.3, ja;q=0.8")),
            Lang::Ja
        );
        assert_eq!(negotiate(None, None, None, Some("de")), Lang::Vi);
        assert_eq!(negotiate(None, None, None, None), Lang::Vi);
    }

    #[test]
    fn malformed_headers_fall_back() {
        assert_eq!(
            negotiate(None, None, None, Some(";;;,q=,en;q=abc")),
            Lang::En
        );
        assert_eq!(negotiate(None, None, None, Some("ja;q=0")), Lang::Vi);
    }
}
