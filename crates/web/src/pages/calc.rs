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
use kakehashi_core::calculator::{
    self, Calculated, FIELDS, MAX_AGE, MAX_DEPENDENTS, MAX_MONTHLY_WAGE_JPY, MIN_AGE, NetPay,
    NetPayForm, Rate,
};
use kakehashi_core::{CoreError, Lang};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new().route("/calculator", get(calculator))
}

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

    fn form(&self) -> NetPayForm {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        NetPayForm {
            prefecture: text(&self.prefecture),
            monthly_wage_jpy: text(&self.monthly_wage_jpy),
            age: text(&self.age),
            dependents: text(&self.dependents),
            date: text(&self.date),
        }
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
pub(crate) fn rate_text(lang: Lang, rate: &Rate) -> String {
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

fn outcome(ctx: &Ctx, calc: Calculated) -> Outcome {
    let lang = ctx.lang;
    let Calculated {
        pay,
        input,
        date_is_today: today,
    } = calc;
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
        match calculator::net_pay_form(state.core.rules(), state.core.today(), &q.form()) {
            Ok(calc) => result = Some(outcome(&ctx, calc)),
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
