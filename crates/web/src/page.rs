//! What every page template gets: the language and its messages, who is signed in, the CSRF
//! token for forms, and links for the language switcher.

use crate::context::Ctx;
use jiff::civil::Date;
use kakehashi_core::Role;
use kakehashi_i18n::Lang;
use std::collections::BTreeMap;

pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub csrf: String,
    pub user_name: Option<String>,
    pub role: Option<Role>,
    pub path: String,
    query: Option<String>,
    /// Names of programmes, fields and places come from the server's rule tables.
    rules: kakehashi_core::Rules,
}

impl Page {
    pub fn new(ctx: &Ctx, title: &str) -> Page {
        Page {
            lang: ctx.lang,
            title: title.to_owned(),
            csrf: ctx.csrf.clone(),
            user_name: ctx.actor().map(|a| a.display_name.clone()),
            role: ctx.actor().map(|a| a.role),
            path: ctx.path.clone(),
            query: ctx.query.clone(),
            rules: ctx.rules,
        }
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// The message `prefix` + `id` (e.g. `role-` + `employer`).
    pub fn tp(&self, prefix: &str, id: &str) -> String {
        self.lang.t(&format!("{prefix}{id}"))
    }

    /// A message with one parameter.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.t1(key, name, value)
    }

    /// A message with parameters given as a map.
    pub fn tm(&self, key: &str, params: &BTreeMap<String, String>) -> String {
        crate::render::message(self.lang, key, params)
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn signed_in(&self) -> bool {
        self.role.is_some()
    }

    pub fn role_id(&self) -> &'static str {
        self.role.map_or("", Role::id)
    }

    pub fn is_role(&self, role: &str) -> bool {
        self.role_id() == role
    }

    /// This page in another language (other query parameters kept).
    pub fn lang_href(&self, code: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if let Some(query) = &self.query {
            for (k, v) in form_urlencoded::parse(query.as_bytes()) {
                if k != "lang" {
                    q.append_pair(&k, &v);
                }
            }
        }
        q.append_pair("lang", code);
        format!("{}?{}", self.path, q.finish())
    }

    pub fn langs(&self) -> [(&'static str, &'static str, bool); 3] {
        Lang::ALL.map(|l| (l.code(), l.native_name(), l == self.lang))
    }

    pub fn jpy(&self, n: &i64) -> String {
        kakehashi_i18n::format_jpy(self.lang, *n)
    }

    pub fn vnd(&self, n: &i64) -> String {
        kakehashi_i18n::format_vnd(self.lang, *n)
    }

    pub fn int(&self, n: &i64) -> String {
        kakehashi_i18n::format_int(self.lang, *n)
    }

    /// A decimal (`1220.23`) in the page's convention.
    pub fn dec(&self, s: &str) -> String {
        kakehashi_i18n::format_decimal(self.lang, s)
    }

    /// A percentage (`81.66` or `81.66%`) in the page's convention.
    pub fn pct(&self, s: &str) -> String {
        kakehashi_i18n::format_percent(self.lang, s)
    }

    /// A message that counts: `name` shows `n` grouped, `$count` selects the plural form.
    pub fn tn(&self, key: &str, name: &str, n: &i64) -> String {
        use kakehashi_i18n::Arg;
        self.lang.t_args(
            key,
            &[
                (name, Arg::Str(kakehashi_i18n::format_int(self.lang, *n))),
                ("count", Arg::Num(*n)),
            ],
        )
    }

    pub fn date(&self, d: &Date) -> String {
        kakehashi_i18n::format_date(self.lang, *d)
    }

    /// A `YYYY-MM-DD` text as a date in the page's format (as given if it is not one).
    pub fn date_text(&self, d: &str) -> String {
        d.parse::<Date>()
            .map_or_else(|_| d.to_owned(), |d| self.date(&d))
    }

    /// A programme's name in the page language (from the rule data).
    pub fn programme(&self, id: &str) -> String {
        let rules = self.rules.recruitment;
        match kakehashi_rules::recruitment::Programme::from_id(id) {
            Some(p) => {
                let r = rules.programme(p);
                match self.lang {
                    Lang::Vi => r.name_vi.clone(),
                    Lang::Ja => r.name_ja.clone(),
                    Lang::En => r.name_en.clone(),
                }
            }
            None => id.to_owned(),
        }
    }

    /// An industrial field's name in the page language (from the rule data).
    pub fn field_name(&self, id: &str) -> String {
        match self.rules.recruitment.field(id) {
            Some(f) => match self.lang {
                Lang::Vi => f.name_vi.clone(),
                Lang::Ja => f.name_ja.clone(),
                Lang::En => f.name_en.clone(),
            },
            None => id.to_owned(),
        }
    }

    /// A prefecture's name: Japanese script on Japanese pages, romanised otherwise.
    pub fn prefecture(&self, code: &i64) -> String {
        match self.rules.geo.prefecture(*code, "prefecture") {
            Ok(p) if self.lang == Lang::Ja => p.name_ja.clone(),
            Ok(p) => p.name_en.clone(),
            Err(_) => code.to_string(),
        }
    }

    /// A Japanese-language level as people write it: JLPT N4, JFT-Basic A2, or "none".
    pub fn level(&self, id: &str) -> String {
        if let Some(n) = id.strip_prefix("jlpt_") {
            format!("JLPT {}", n.to_uppercase())
        } else if let Some(a) = id.strip_prefix("jft_") {
            format!("JFT-Basic {}", a.to_uppercase())
        } else {
            self.t("level-none")
        }
    }

    /// A translated text of the three a record carries.
    pub fn pick<'a>(&self, vi: &'a str, ja: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// An RFC 3339 instant as a date and time in the corridor's time zone (as given if it is
    /// not one).
    pub fn instant(&self, at: &str) -> String {
        match at.parse::<jiff::Timestamp>() {
            Ok(t) => kakehashi_i18n::format_datetime(
                self.lang,
                t.to_zoned(kakehashi_core::clock::corridor_time_zone())
                    .datetime(),
            ),
            Err(_) => at.to_owned(),
        }
    }

    /// A stored instant as a date in the corridor's time zone.
    pub fn day_of(&self, micros: &i64) -> String {
        let d = kakehashi_core::clock::from_micros(*micros)
            .to_zoned(kakehashi_core::clock::corridor_time_zone())
            .date();
        self.date(&d)
    }
}

/// Values and messages of a form shown again after a mistake.
#[derive(Default, Debug, Clone)]
pub struct FormState {
    values: BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
}

impl FormState {
    pub fn with_values(values: impl IntoIterator<Item = (String, String)>) -> Self {
        FormState {
            values: values.into_iter().collect(),
            errors: BTreeMap::new(),
        }
    }

    pub fn set(&mut self, field: &str, value: &str) {
        self.values.insert(field.to_owned(), value.to_owned());
    }

    /// The value typed into `field` (empty if none).
    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// The message about `field`, if any.
    pub fn e(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Messages not tied to a field shown on the form.
    pub fn general(&self) -> Option<&str> {
        self.e("_form")
    }

    pub fn add_error(&mut self, field: &str, message: String) {
        self.errors.entry(field.to_owned()).or_insert(message);
    }

    /// Puts a core error's messages beside the fields it names; anything else goes on top.
    pub fn absorb(&mut self, lang: Lang, e: &kakehashi_core::CoreError, fields: &[&str]) {
        let f = crate::error::Failure::from(e.clone());
        for fe in &f.errors {
            let target = if fields.contains(&fe.field.as_str()) {
                fe.field.as_str()
            } else {
                "_form"
            };
            self.add_error(
                target,
                crate::render::field_message(lang, &fe.code, &fe.params),
            );
        }
        if f.errors.is_empty() {
            let msg = crate::render::failure_detail(lang, &f)
                .unwrap_or_else(|| lang.t(&format!("problem-{}", f.code)));
            self.add_error("_form", msg);
        }
    }
}
