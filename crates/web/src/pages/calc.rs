//! The public take-home-pay calculator page: a form sent by GET (nothing changes, nothing is
//! stored, so no CSRF token), and when it is filled, every deduction, where the gross goes,
//! the notes and the lines that explain each figure.

use crate::context::Ctx;
use crate::error::PageResult;
use crate::extract::parse_query;
use crate::page::{FormState, Page};
use crate::render::{field_message, html};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use jiff::civil::Date;
use kakehashi_core::{CoreError, FieldError, Lang};
use kakehashi_rules::payroll::{
    self, MAX_AGE, MAX_DEPENDENTS, MAX_MONTHLY_WAGE_JPY, MIN_AGE, NetPay, NetPayInput, PayrollRules,
};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/calculator", get(calculator))
}

/// The form's fields, named as in the API so the rules' errors land beside them.
const FIELDS: [&str; 5] = [
    "prefecture",
    "monthly_wage_jpy",
    "age",
    "dependents",
    "date",
];

/// The deductions, in the order of a Japanese pay slip (the levy shown on its own line; the
/// API counts it in `health_insurance_jpy`).
const DEDUCTIONS: [&str; 7] = [
    "health_insurance",
    "child_support_levy",
    "long_term_care",
    "pension",
    "employment_insurance",
    "income_tax",
    "resident_tax",
];

#[derive(Deserialize, Default)]
#[serde(default)]
struct CalcQuery {
    prefecture: Option<String>,
    monthly_wage_jpy: Option<String>,
    age: Option<String>,
    dependents: Option<String>,
    date: Option<String>,
}

impl CalcQuery {
    fn submitted(&self) -> bool {
        [
            &self.prefecture,
            &self.monthly_wage_jpy,
            &self.age,
            &self.dependents,
            &self.date,
        ]
        .iter()
        .any(|v| v.is_some())
    }
}

#[derive(Template)]
#[template(path = "calculator.html")]
struct CalculatorPage {
    p: Page,
    f: FormState,
    prefectures: Vec<(String, String)>,
    hints: Hints,
    result: Option<Outcome>,
}

/// What each field accepts, beside it.
struct Hints {
    wage: String,
    age: String,
    dependents: String,
}

/// The answer, prepared for the page.
struct Outcome {
    pay: NetPay<'static>,
    wage: i64,
    prefecture: String,
    date: String,
    date_is_today: bool,
    /// Take-home pay from the second year, then each deduction (the table and the chart).
    chart: Vec<Share>,
    notes: Vec<NoteGroup>,
    lines: Vec<LineView>,
}

/// An amount and its share of the gross: the bar's width in whole percent and the share as
/// text.
struct Share {
    id: &'static str,
    amount: i64,
    bar: i64,
    percent: String,
}

/// The notes of one kind: the message in the reader's language and the details (English,
/// from the rules).
struct NoteGroup {
    message: String,
    details: Vec<String>,
}

struct LineView {
    id: &'static str,
    base: i64,
    rate: Option<String>,
    amount: i64,
    rule: String,
    rule_id: &'static str,
    effective_from: Option<String>,
    source_title: String,
    source_url: Option<String>,
}

/// A whole number typed by a person: spaces, digit grouping (`220.000`, `220,000`), a yen
/// sign and full-width digits are accepted.
fn whole_number(field: &str, text: &str, grouped: bool) -> Result<i64, FieldError> {
    let mut t = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '０'..='９' => t.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '－' | '−' => t.push('-'),
            ' ' | '\u{a0}' | '_' | '¥' | '￥' | '円' => {}
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

/// What could be read from the form: each field's value, or `None` when it is not a number
/// (or not a date); the date is `Some(None)` when left empty.
struct Parsed {
    prefecture: Option<i64>,
    wage: Option<i64>,
    age: Option<i64>,
    dependents: Option<i64>,
    date: Option<Option<Date>>,
}

fn parse(q: &CalcQuery, errors: &mut Vec<FieldError>) -> Parsed {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut take = |r: Result<i64, FieldError>| r.map_err(|e| errors.push(e)).ok();
    let prefecture = take(whole_number("prefecture", &text(&q.prefecture), false));
    let wage = take(whole_number(
        "monthly_wage_jpy",
        &text(&q.monthly_wage_jpy),
        true,
    ));
    let age = take(whole_number("age", &text(&q.age), false));
    let dependents = match text(&q.dependents).trim() {
        "" => Some(0),
        d => take(whole_number("dependents", d, false)),
    };
    let date = match kakehashi_core::text::optional_date("date", q.date.as_deref()) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    Parsed {
        prefecture,
        wage,
        age,
        dependents,
        date,
    }
}

/// The rules' objection to each field that could be read, each tried alone in an otherwise
/// ordinary situation, so that the form shows every mistake at once (the computation itself
/// stops at the first).
fn rule_errors(rules: &PayrollRules, v: &Parsed, today: Date) -> Vec<FieldError> {
    let ordinary = NetPayInput {
        prefecture: 13,
        monthly_wage_jpy: 220_000,
        age: 30,
        dependents: 0,
        date: today,
    };
    let tries = [
        v.prefecture.map(|prefecture| NetPayInput {
            prefecture,
            ..ordinary.clone()
        }),
        v.wage.map(|monthly_wage_jpy| NetPayInput {
            monthly_wage_jpy,
            ..ordinary.clone()
        }),
        v.age.map(|age| NetPayInput {
            age,
            ..ordinary.clone()
        }),
        v.dependents.map(|dependents| NetPayInput {
            dependents,
            ..ordinary.clone()
        }),
        v.date.flatten().map(|date| NetPayInput {
            date,
            ..ordinary.clone()
        }),
    ];
    let mut out: Vec<FieldError> = Vec::new();
    for input in tries.into_iter().flatten() {
        if let Err(e) = payroll::net_pay(rules, &input)
            && let CoreError::Invalid(errors) = CoreError::from(e)
        {
            for e in errors {
                if !out.iter().any(|o| o.field == e.field) {
                    out.push(e);
                }
            }
        }
    }
    out
}

/// The input, or every field that is wrong.
fn read(
    rules: &'static PayrollRules,
    q: &CalcQuery,
    today: Date,
) -> Result<(NetPay<'static>, NetPayInput, bool), CoreError> {
    let mut errors = Vec::new();
    let v = parse(q, &mut errors);
    if let (Some(prefecture), Some(wage), Some(age), Some(dependents), Some(date)) =
        (v.prefecture, v.wage, v.age, v.dependents, v.date)
    {
        let input = NetPayInput {
            prefecture,
            monthly_wage_jpy: wage,
            age,
            dependents,
            date: date.unwrap_or(today),
        };
        match payroll::net_pay(rules, &input) {
            Ok(pay) => return Ok((pay, input, date.is_none())),
            Err(e) => {
                let first = CoreError::from(e);
                let all = rule_errors(rules, &v, today);
                return Err(if all.is_empty() {
                    first
                } else {
                    CoreError::Invalid(all)
                });
            }
        }
    }
    errors.extend(rule_errors(rules, &v, today));
    Err(CoreError::Invalid(errors))
}

/// Each amount's share of `total` (or of the amounts' sum when it is larger, so no bar passes
/// 100 %): the bar's width in whole percent, at least 1 for any amount above zero so that it
/// is seen, and the share to one decimal for the text. Negative amounts count as zero.
fn shares(lang: Lang, amounts: &[i64], total: i64) -> Vec<(i64, String)> {
    let amounts: Vec<i128> = amounts.iter().map(|a| i128::from((*a).max(0))).collect();
    let whole = amounts.iter().sum::<i128>().max(i128::from(total)).max(1);
    amounts
        .iter()
        .map(|a| {
            let bar = ((a * 100 + whole / 2) / whole) as i64;
            let bar = if *a > 0 { bar.max(1) } else { bar };
            let share = kakehashi_i18n::format_share(lang, *a as i64, whole as i64, 1);
            (bar, share)
        })
        .collect()
}

/// A rate as the reader writes percentages: 4,955 % in Vietnamese.
pub(crate) fn rate_text(lang: Lang, rate: &payroll::Rate) -> String {
    kakehashi_i18n::format_percent(lang, &rate.to_string())
}

/// A message for `key`, or `fallback` when this language has none (a test makes sure every
/// id the rules produce has one).
fn message_or(lang: Lang, key: &str, fallback: &str) -> String {
    if lang.has(key) {
        lang.t(key)
    } else {
        fallback.to_owned()
    }
}

fn outcome(ctx: &Ctx, pay: NetPay<'static>, input: &NetPayInput, today: bool) -> Outcome {
    let lang = ctx.lang;
    let amount = |id: &str| {
        pay.lines
            .iter()
            .find(|l| l.id == id)
            .map_or(0, |l| l.amount_jpy)
    };
    let wage = input.monthly_wage_jpy;
    let amounts: Vec<i64> = DEDUCTIONS.iter().map(|id| amount(id)).collect();
    // Where the gross goes, from the second year: take-home pay, then each deduction.
    let mut chart_amounts = vec![pay.net_pay_jpy];
    chart_amounts.extend(&amounts);
    let chart_ids = std::iter::once("net_pay").chain(DEDUCTIONS);
    let chart: Vec<Share> = chart_ids
        .zip(&chart_amounts)
        .zip(shares(lang, &chart_amounts, wage))
        .map(|((id, a), (bar, percent))| Share {
            id,
            amount: *a,
            bar,
            percent,
        })
        .collect();
    let mut notes: Vec<(&str, NoteGroup)> = Vec::new();
    for n in &pay.notes {
        let detail = n.detail.clone();
        match notes.iter_mut().find(|(code, _)| *code == n.code) {
            Some((_, g)) => g.details.push(detail),
            None => notes.push((
                n.code,
                NoteGroup {
                    message: message_or(lang, &format!("note-{}", n.code), n.code),
                    details: vec![detail],
                },
            )),
        }
    }
    let lines = pay
        .lines
        .iter()
        .map(|l| LineView {
            id: l.id,
            base: l.base_jpy,
            rate: l.rate.as_ref().map(|r| rate_text(lang, r)),
            amount: l.amount_jpy,
            rule: message_or(lang, &format!("rule-{}", l.rule), l.rule),
            rule_id: l.rule,
            effective_from: l
                .effective_from
                .map(|d| kakehashi_i18n::format_date(lang, d)),
            source_title: l.source.title.clone(),
            source_url: l.source.url.clone(),
        })
        .collect();
    let prefecture = ctx
        .rules
        .geo
        .prefecture(input.prefecture, "prefecture")
        .map(|p| prefecture_name(lang, p))
        .unwrap_or_default();
    Outcome {
        wage,
        prefecture,
        date: kakehashi_i18n::format_date(lang, input.date),
        date_is_today: today,
        chart,
        notes: notes.into_iter().map(|(_, g)| g).collect(),
        lines,
        pay,
    }
}

fn prefecture_name(lang: Lang, p: &kakehashi_rules::geo::Prefecture) -> String {
    match lang {
        Lang::Ja => p.name_ja.clone(),
        Lang::Vi | Lang::En => p.name_en.clone(),
    }
}

async fn calculator(State(state): State<AppState>, ctx: Ctx) -> PageResult<Response> {
    let lang = ctx.lang;
    // Our own parser, so a malformed address is an error page in the reader's language.
    let q: CalcQuery = parse_query(ctx.query.as_deref().unwrap_or(""))?;
    let mut f = FormState::with_values(
        [
            ("prefecture", &q.prefecture),
            ("monthly_wage_jpy", &q.monthly_wage_jpy),
            ("age", &q.age),
            ("dependents", &q.dependents),
            ("date", &q.date),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone().unwrap_or_default())),
    );
    let mut result = None;
    if q.submitted() {
        match read(state.core.rules().payroll, &q, state.core.today()) {
            Ok((pay, input, today)) => result = Some(outcome(&ctx, pay, &input, today)),
            // Nothing was computed or stored: the form again, each message beside its field.
            Err(CoreError::Invalid(errors)) => {
                for e in errors {
                    let target = if FIELDS.contains(&e.field.as_str()) {
                        e.field.as_str()
                    } else {
                        "_form"
                    };
                    f.add_error(target, field_message(lang, &e.code, &e.params));
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    let status = if f.has_errors() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let p = Page::new(&ctx, &lang.t("calc-title"));
    let int = |n: i64| kakehashi_i18n::format_int(lang, n);
    let params = |pairs: &[(&str, String)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<BTreeMap<String, String>>()
    };
    let hints = Hints {
        wage: p.tm(
            "calc-monthly-wage-hint",
            &params(&[("max", int(MAX_MONTHLY_WAGE_JPY))]),
        ),
        age: p.tm(
            "calc-age-hint",
            &params(&[("min", int(MIN_AGE)), ("max", int(MAX_AGE))]),
        ),
        dependents: p.tm(
            "calc-dependents-hint",
            &params(&[("max", int(MAX_DEPENDENTS))]),
        ),
    };
    Ok(html(
        status,
        &CalculatorPage {
            p,
            f,
            prefectures: ctx
                .rules
                .geo
                .prefectures()
                .iter()
                .map(|p| (p.code.to_string(), prefecture_name(lang, p)))
                .collect(),
            hints,
            result,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_type_them() {
        let n = |t: &str| whole_number("w", t, true);
        assert_eq!(n("220000").unwrap(), 220_000);
        assert_eq!(n(" 220.000 ").unwrap(), 220_000);
        assert_eq!(n("220,000円").unwrap(), 220_000);
        assert_eq!(n("¥220,000").unwrap(), 220_000);
        assert_eq!(n("２２００００").unwrap(), 220_000);
        assert_eq!(n("-5").unwrap(), -5);
        assert_eq!(n("").unwrap_err().code, "required");
        assert_eq!(n("abc").unwrap_err().code, "not_a_whole_number");
        assert_eq!(n("99999999999999999999").unwrap_err().code, "too_large");
        assert_eq!(
            whole_number("age", "2.5", false).unwrap_err().code,
            "not_a_whole_number"
        );
    }

    #[test]
    fn shares_of_the_gross() {
        let s = shares(
            Lang::En,
            &[175_682, 10_835, 253, 0, 20_130, 1_100, 3_900, 8_100],
            220_000,
        );
        assert_eq!(s[0], (80, "79.9%".to_owned()));
        assert_eq!(
            s[2],
            (1, "0.1%".to_owned()),
            "a small deduction is still drawn"
        );
        assert_eq!(s[3], (0, "0.0%".to_owned()));
        assert_eq!(shares(Lang::Vi, &[1_100], 220_000)[0].1, "0,5 %");
        // Deductions above the wage: the bars share the sum, never more than 100 %.
        let s = shares(Lang::En, &[-5_000, 20_000, 5_000], 20_000);
        assert_eq!(
            s.iter().map(|(b, _)| *b).collect::<Vec<_>>(),
            vec![0, 80, 20]
        );
    }
}
