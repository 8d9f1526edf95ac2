//! Database URLs in messages: the password (in the user part or a `password=` parameter) is
//! replaced before the URL goes into an error, a log line or the terminal.

const HIDDEN: &str = "***";

/// `url` with its password replaced by `***`; a URL that does not parse is shown only up to its
/// scheme, since it may hold a password we cannot find.
pub fn redact_url(url: &str) -> String {
    if !url.contains("://") {
        // `sqlite::memory:`, `sqlite:file.db`: no user part, no parameters worth hiding.
        return match url.split_once('?') {
            Some((head, _)) => format!("{head}?{HIDDEN}"),
            None => url.to_owned(),
        };
    }
    let Ok(mut parsed) = url::Url::parse(url) else {
        let scheme = url.split("://").next().unwrap_or_default();
        return format!("{scheme}://{HIDDEN}");
    };
    if parsed.password().is_some() {
        // Cannot fail on a URL that already has a password (it has a host).
        let _ = parsed.set_password(Some(HIDDEN));
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let secret = k.eq_ignore_ascii_case("password") || k.eq_ignore_ascii_case("pass");
                (
                    k.into_owned(),
                    if secret {
                        HIDDEN.to_owned()
                    } else {
                        v.into_owned()
                    },
                )
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string().replace("%2A%2A%2A", HIDDEN)
}

/// The secrets a URL carries (its password, raw and decoded, and `password=` values), to be
/// scrubbed from messages that a driver built from it.
fn secrets(url: &str) -> Vec<String> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(p) = parsed.password() {
        found.push(p.to_owned());
        if let Ok(decoded) = percent_encoding::percent_decode_str(p).decode_utf8() {
            found.push(decoded.into_owned());
        }
    }
    for (k, v) in parsed.query_pairs() {
        if k.eq_ignore_ascii_case("password") || k.eq_ignore_ascii_case("pass") {
            found.push(v.into_owned());
        }
    }
    found.retain(|s| !s.is_empty());
    found
}

/// `message` with every secret of `url` replaced by `***`.
pub fn scrub(message: &str, url: &str) -> String {
    let mut out = message.to_owned();
    for s in secrets(url) {
        out = out.replace(&s, HIDDEN);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_survive() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            redact_url("postgres://u@h:5432/db"),
            "postgres://u@h:5432/db"
        );
        assert_eq!(redact_url("sqlite://kakehashi.db"), "sqlite://kakehashi.db");
        assert_eq!(redact_url("sqlite::memory:"), "sqlite::memory:");
        let r = redact_url("postgres://u:p%40ss%2Fw0rd@h/db?sslmode=require&password=other");
        assert!(!r.contains("p%40ss") && !r.contains("other"), "{r}");
        assert!(r.contains("sslmode=require"), "{r}");
        // A password with characters a URL parser refuses still does not leak.
        let r = redact_url("postgres://u:se cr@t@h:notaport/db");
        assert!(!r.contains("se cr"), "{r}");
        assert_eq!(
            scrub(
                "could not connect with p@ss/w0rd",
                "postgres://u:p%40ss%2Fw0rd@h/db"
            ),
            "could not connect with ***"
        );
    }
}
