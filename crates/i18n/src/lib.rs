//! Kakehashi speaks Vietnamese, Japanese and English. Every user-visible string is a Fluent
//! message in `locales/{vi,ja,en}/*.ftl`; numbers, money and dates are formatted here in Rust
//! because Fluent's `NUMBER()` and `DATETIME()` are not locale-aware.

mod format;
mod negotiate;

pub use format::{
    decimal_mark, format_date, format_datetime, format_decimal, format_hours, format_int,
    format_jpy, format_percent, format_share, format_vnd,
};
pub use negotiate::negotiate;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Our three languages are left-to-right: isolation marks would only leak into
        // attributes and comparisons.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese, the default: most of the platform's users are Vietnamese workers.
    #[default]
    Vi,
    Ja,
    En,
}

static VI: LanguageIdentifier = langid!("vi");
static JA: LanguageIdentifier = langid!("ja");
static EN: LanguageIdentifier = langid!("en");

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Vi, Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Vi => &VI,
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    /// The message `key`; the key itself when missing (a test keeps that from happening).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Owned((*k).to_owned()), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with one text argument.
    pub fn t1(self, key: &str, name: &str, value: &str) -> String {
        self.t_args(key, &[(name, Arg::Str(value.to_owned()))])
    }

    /// True when `key` exists in this language's messages (without fallback).
    pub fn has(self, key: &str) -> bool {
        // A message with variables formats with errors when none are given: it exists all the
        // same. (fluent-templates does not export its error type, hence its Debug name.)
        match LOCALES.lookup_single_language::<&str>(self.id(), key, None) {
            Ok(_) => true,
            Err(e) => format!("{e:?}").starts_with("FluentError"),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A message argument: text (already formatted numbers included) or a number for plural
/// selection.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

/// The `.ftl` sources of one language, for tests that compare languages.
pub fn sources(lang: Lang) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang.code());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.file_name()?.to_string_lossy().into_owned(), text))
        })
        .collect()
}

/// Every message id defined for `lang` (from the `.ftl` sources on disk; for tests and tools).
pub fn keys(lang: Lang) -> std::collections::BTreeSet<String> {
    sources(lang)
        .iter()
        .filter_map(|(_, text)| fluent_syntax::parser::parse(text.as_str()).ok())
        .flat_map(|r| {
            r.body
                .into_iter()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
