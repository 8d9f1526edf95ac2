//! Job pages: the public list and each posting with its full disclosure; an employer's
//! postings and the form that writes one.

use crate::context::Ctx;
use crate::error::PageResult;
use crate::extract::{PageForm, PageQuery};
use crate::page::{FormState, Page};
use crate::pages::see_other;
use crate::render::{check_message, html};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kakehashi_core::policy::{self, Action};
use kakehashi_core::postings::{
    self, Allowance, Bonus, DisclosureOptions, FeeLine, Housing, Meals, Partner, PartnerPick,
    PostingInput, PostingInsurance, PostingSummary, PostingView, Texts,
};
use kakehashi_core::search::{self, SearchPage, SearchQuery};
use kakehashi_core::{CoreError, FieldError};
use kakehashi_rules::recruitment::{
    CheckStatus, NumberOrText, Programme, Repayment, RepaymentOutcome, format_rate,
};
use serde::Deserialize;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/jobs", get(list))
        .route("/jobs/{id}", get(detail))
        .route("/jobs/{id}/apply", post(apply))
        .route("/jobs/{id}/publish", post(publish))
        .route("/jobs/{id}/close", post(close))
        .route("/postings", get(mine))
        .route("/postings/new", get(new_form).post(create))
}

#[derive(Template)]
#[template(path = "jobs.html")]
struct ListPage {
    p: Page,
    page: SearchPage,
    f: FormState,
    sort: String,
    programmes: Vec<(String, String)>,
    fields: Vec<(String, String)>,
    prefectures: Vec<(i64, String)>,
    regions: Vec<(String, String)>,
    levels: Vec<(String, String)>,
    facets: Vec<FacetView>,
    pages: Vec<(i64, String, bool)>,
    prev: Option<String>,
    next: Option<String>,
    /// On an empty result: the filter whose removal finds the most, and the link without it.
    suggestion: Option<(String, String)>,
}

/// A facet as links: each value with its count, and a link that clears the facet.
pub struct FacetView {
    pub label: String,
    pub values: Vec<FacetValue>,
    pub clear: Option<String>,
}

pub struct FacetValue {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub selected: bool,
}

fn prefecture_options(ctx: &Ctx, p: &Page) -> Vec<(i64, String)> {
    ctx.rules
        .geo
        .prefectures()
        .iter()
        .map(|x| (i64::from(x.code), p.prefecture(&i64::from(x.code))))
        .collect()
}

/// The search form's parameters, all as text: a bad value is shown beside its field.
const PARAMS: [&str; 12] = [
    "q",
    "program",
    "field",
    "prefecture",
    "region",
    "japanese_level",
    "housing",
    "min_net_pay",
    "max_upfront_cost",
    "max_months_to_repay",
    "sort",
    "page",
];

/// The page's URL with `params` (empty ones left out).
fn jobs_href(params: &[(String, String)]) -> String {
    let kept: Vec<&(String, String)> = params.iter().filter(|(_, v)| !v.is_empty()).collect();
    if kept.is_empty() {
        return "/jobs".into();
    }
    format!(
        "/jobs?{}",
        serde_urlencoded::to_string(kept).unwrap_or_default()
    )
}

/// The current parameters with `key` set to `value` (or removed) and the page reset.
fn with_param(current: &[(String, String)], key: &str, value: Option<&str>) -> String {
    let mut out: Vec<(String, String)> = current
        .iter()
        .filter(|(k, _)| k != key && k != "page")
        .cloned()
        .collect();
    if let Some(v) = value {
        out.push((key.to_owned(), v.to_owned()));
    }
    out.sort_by_key(|(k, _)| PARAMS.iter().position(|p| p == k));
    jobs_href(&out)
}

fn number(problems: &mut Vec<FieldError>, field: &str, v: &str) -> Option<i64> {
    let v = v.trim().replace([',', '.', ' '], "");
    if v.is_empty() {
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(FieldError::new(field, "invalid_number"));
            None
        }
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    PageQuery(raw): PageQuery<Vec<(String, String)>>,
) -> PageResult<Response> {
    let current: Vec<(String, String)> = PARAMS
        .iter()
        .filter_map(|k| {
            raw.iter()
                .rev()
                .find(|(rk, _)| rk == k)
                .map(|(_, v)| ((*k).to_owned(), v.trim().to_owned()))
        })
        .collect();
    let get = |k: &str| {
        current
            .iter()
            .find(|(ck, _)| ck == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let opt = |k: &str| Some(get(k).to_owned()).filter(|v| !v.is_empty());
    let mut problems = Vec::new();
    let prefecture = number(&mut problems, "prefecture", get("prefecture"));
    let min_net_pay = number(&mut problems, "min_net_pay", get("min_net_pay"));
    let max_upfront_cost = number(&mut problems, "max_upfront_cost", get("max_upfront_cost"));
    let page_no = number(&mut problems, "page", get("page"));
    let housing = match get("housing") {
        "true" => Some(true),
        "false" => Some(false),
        "" => None,
        _ => {
            problems.push(FieldError::new("housing", "unknown_value"));
            None
        }
    };
    let q = SearchQuery {
        q: opt("q"),
        program: opt("program"),
        field: opt("field"),
        prefecture,
        region: opt("region"),
        min_net_pay,
        max_upfront_cost,
        max_months_to_repay: opt("max_months_to_repay"),
        japanese_level: opt("japanese_level"),
        housing,
        sort: opt("sort"),
        page: page_no,
        per_page: Some(20),
        lang: None,
    };
    let mut f = FormState::with_values(current.clone());
    let result = if problems.is_empty() {
        search::search(&state.core, &q).await
    } else {
        Err(CoreError::Invalid(problems))
    };
    let page = match result {
        Ok(page) => page,
        Err(e @ CoreError::Invalid(_)) => {
            f.absorb(ctx.lang, &e, &PARAMS);
            SearchPage {
                items: vec![],
                total: 0,
                page: 1,
                per_page: 20,
                facets: Default::default(),
            }
        }
        Err(e) => return Err(e.into()),
    };
    let p = Page::new(&ctx, &ctx.lang.t("jobs-title"));
    let rules = ctx.rules;
    let programmes: Vec<(String, String)> = Programme::ALL
        .iter()
        .map(|x| (x.id().to_owned(), p.programme(x.id())))
        .collect();
    let fields: Vec<(String, String)> = rules
        .recruitment
        .all_fields()
        .iter()
        .map(|x| (x.id.clone(), p.field_name(&x.id)))
        .collect();
    let prefectures = prefecture_options(&ctx, &p);
    let mut regions: Vec<String> = rules
        .geo
        .prefectures()
        .iter()
        .map(|x| x.region.clone())
        .collect();
    regions.dedup();
    let regions: Vec<(String, String)> = regions
        .into_iter()
        .map(|r| {
            let label = p.tp("region", &r);
            (r, label)
        })
        .collect();
    let levels: Vec<(String, String)> = kakehashi_rules::recruitment::JapaneseLevel::ALL
        .iter()
        .map(|l| (l.id().to_owned(), p.level(l.id())))
        .collect();
    let facet =
        |key: &str, label: &str, counts: &BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| {
            let chosen = get(key);
            let mut values: Vec<FacetValue> = counts
                .iter()
                .map(|(v, n)| FacetValue {
                    label: name(v),
                    count: *n,
                    href: with_param(&current, key, Some(v)),
                    selected: v == chosen,
                })
                .collect();
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
            FacetView {
                label: p.t(label),
                values,
                clear: (!chosen.is_empty()).then(|| with_param(&current, key, None)),
            }
        };
    let facets = vec![
        facet("program", "field-programme", &page.facets.program, &|v| {
            p.programme(v)
        }),
        facet("field", "field-industry", &page.facets.field, &|v| {
            p.field_name(v)
        }),
        facet(
            "prefecture",
            "field-prefecture",
            &page.facets.prefecture,
            &|v| p.prefecture(&v.parse().unwrap_or(0)),
        ),
        facet(
            "japanese_level",
            "jobs-level",
            &page.facets.japanese_level,
            &|v| p.level(v),
        ),
    ];
    // Pages: the first, the last, and two either side of the current one.
    let last = (page.total as i64 + page.per_page - 1) / page.per_page.max(1);
    let href_page = |n: i64| {
        let mut params: Vec<(String, String)> = current
            .iter()
            .filter(|(k, _)| k != "page")
            .cloned()
            .collect();
        if n > 1 {
            params.push(("page".into(), n.to_string()));
        }
        jobs_href(&params)
    };
    let pages: Vec<(i64, String, bool)> = (1..=last)
        .filter(|n| *n == 1 || *n == last || (n - page.page).abs() <= 2)
        .map(|n| (n, href_page(n), n == page.page))
        .collect();
    let prev = (page.page > 1 && page.page <= last.max(1) + 1).then(|| href_page(page.page - 1));
    let next = (page.page < last).then(|| href_page(page.page + 1));
    // The narrowest filter: the facet whose removal finds the most; else the last other one.
    let suggestion = if page.total == 0 && !f.has_errors() {
        let by_facet = [
            ("program", &page.facets.program),
            ("field", &page.facets.field),
            ("prefecture", &page.facets.prefecture),
            ("japanese_level", &page.facets.japanese_level),
        ]
        .into_iter()
        .filter(|(k, _)| !get(k).is_empty())
        .map(|(k, c)| (k, c.values().sum::<u64>()))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(k, _)| k);
        let other = [
            "max_months_to_repay",
            "max_upfront_cost",
            "min_net_pay",
            "housing",
            "region",
            "q",
        ]
        .into_iter()
        .find(|k| !get(k).is_empty());
        by_facet.or(other).map(|k| {
            (
                p.t1(
                    "jobs-remove-filter",
                    "filter",
                    &p.t(&format!("jobs-param-{k}")),
                ),
                with_param(&current, k, None),
            )
        })
    } else {
        None
    };
    Ok(html(
        StatusCode::OK,
        &ListPage {
            p,
            sort: get("sort").to_owned(),
            page,
            f,
            programmes,
            fields,
            prefectures,
            regions,
            levels,
            facets,
            pages,
            prev,
            next,
            suggestion,
        },
    ))
}

/// A note of the disclosure, once per kind: its message, and for the payroll's notes the
/// rules' own English details (shown as such, folded).
pub struct NoteView {
    pub message: String,
    pub details: Vec<String>,
}

/// The disclosure lines whose figures the employer gave.
const POSTING_LINES: [&str; 4] = ["gross_pay", "rent", "utilities", "meals"];

/// A disclosure line's amount as the reader reads it: dong, months, a percentage or yen.
fn line_amount(lang: kakehashi_i18n::Lang, id: &str, amount: &str) -> String {
    match (id, amount.parse::<i64>()) {
        ("take_home_vnd" | "upfront_cost_vnd", Ok(n)) => kakehashi_i18n::format_vnd(lang, n),
        ("employer_cost_share", _) => kakehashi_i18n::format_percent(lang, amount),
        ("months_to_repay" | "months_to_repay_realistic", _) => {
            kakehashi_i18n::format_decimal(lang, amount)
        }
        (_, Ok(n)) => kakehashi_i18n::format_jpy(lang, n),
        _ => kakehashi_i18n::format_decimal(lang, amount),
    }
}

/// A disclosure line's parameters as the reader reads them, by their names.
fn line_params(
    lang: kakehashi_i18n::Lang,
    params: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    use kakehashi_i18n as f;
    params
        .iter()
        .map(|(k, v)| {
            let shown = match (k.as_str(), v.parse::<i64>()) {
                (
                    "jpy" | "upfront" | "take_home" | "living" | "net" | "own" | "others" | "all",
                    Ok(n),
                ) => f::format_jpy(lang, n),
                ("debt", Ok(n)) => f::format_vnd(lang, n),
                ("rate" | "interest", _) => f::format_decimal(lang, v),
                ("date", _) => v
                    .parse()
                    .map_or_else(|_| v.clone(), |d| f::format_date(lang, d)),
                _ => v.clone(),
            };
            (k.clone(), shown)
        })
        .collect()
}

/// One payroll or disclosure line as shown.
pub struct LineRow {
    pub label: String,
    pub base: Option<i64>,
    pub rate: String,
    pub amount: String,
    pub rule: String,
    pub source: String,
    pub url: Option<String>,
}

/// One check as shown.
pub struct CheckRow {
    pub label: String,
    pub status: &'static str,
    /// `ok`, `bad`, `warn` or `neutral`: the badge's colour.
    pub tone: &'static str,
    pub message: String,
    pub value: String,
    pub limit: String,
    pub source: String,
    pub url: Option<String>,
    pub verification: String,
}

#[derive(Template)]
#[template(path = "job.html")]
struct DetailPage {
    p: Page,
    v: PostingView,
    owner: bool,
    worker: bool,
    hidden: Option<String>,
    checks: Vec<CheckRow>,
    payroll: Vec<LineRow>,
    lines: Vec<LineRow>,
    notes: Vec<NoteView>,
    /// Share of the gross pay (percent, rounded to 5) taken by each part, for the chart.
    chart: Vec<(String, i64, i64)>,
    /// The exchange rate's line: date and rates, and whether it is older than 30 days.
    rate: Option<RateLine>,
    /// The realistic repayment, prepared for the page.
    repay: Option<RepayView>,
    flash: Option<String>,
    f: FormState,
}

pub struct RateLine {
    /// "Dong at the bank's rate of …: buying …, selling …".
    pub used: String,
    pub stale: Option<String>,
    pub source: String,
    pub url: Option<String>,
}

/// The realistic months to repay with the chart of the debt.
pub struct RepayView {
    /// The headline: "repaid in N months", or why not.
    pub headline: String,
    pub months: Option<u32>,
    /// How it was computed, one sentence each, in the reader's language.
    pub steps: Vec<String>,
    pub living_lines: Vec<(String, String)>,
    pub living_total: String,
    pub living_source: String,
    pub living_url: Option<String>,
    pub chart: Option<DebtChart>,
}

/// A line chart of the debt month by month, drawn on the server (inline SVG, no script).
pub struct DebtChart {
    pub points: String,
    pub label: String,
    pub max_label: String,
    pub last_month: u32,
    /// x of the month the first wage arrives, for a marker.
    pub first_wage_x: String,
}

const CHART_W: i64 = 300;
const CHART_H: i64 = 140;

fn debt_chart(lang: kakehashi_i18n::Lang, r: &Repayment, debt_vnd: i64) -> Option<DebtChart> {
    let last = r.schedule.last()?.month;
    let max = r
        .schedule
        .iter()
        .map(|m| m.balance_vnd)
        .chain([debt_vnd])
        .max()
        .filter(|m| *m > 0)?;
    let x = |month: u32| i64::from(month) * CHART_W / i64::from(last.max(1));
    let y = |v: i64| CHART_H - i128_div(i128::from(v) * i128::from(CHART_H), i128::from(max));
    let mut points = vec![format!("0,{}", y(debt_vnd))];
    points.extend(
        r.schedule
            .iter()
            .map(|m| format!("{},{}", x(m.month), y(m.balance_vnd))),
    );
    let mut label = BTreeMap::new();
    label.insert(
        "debt".to_owned(),
        kakehashi_i18n::format_vnd(lang, debt_vnd),
    );
    label.insert("months".to_owned(), last.to_string());
    Some(DebtChart {
        points: points.join(" "),
        label: crate::render::message(lang, "repay-chart-label", &label),
        max_label: kakehashi_i18n::format_vnd(lang, max),
        last_month: last,
        first_wage_x: x(r.months_without_wage).to_string(),
    })
}

fn i128_div(n: i128, d: i128) -> i64 {
    i64::try_from(n / d.max(1)).unwrap_or(0)
}

fn repay_view(lang: kakehashi_i18n::Lang, v: &PostingView) -> Option<RepayView> {
    let d = &v.disclosure;
    let r = d.repayment.as_ref()?;
    let jpy = |n: i64| kakehashi_i18n::format_jpy(lang, n);
    let vnd = |n: i64| kakehashi_i18n::format_vnd(lang, n);
    let msg = |key: &str, pairs: &[(&str, String)]| {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        crate::render::message(lang, key, &map)
    };
    let headline = match (r.outcome, r.months) {
        (RepaymentOutcome::NoDebt, _) => lang.t("repay-no-debt"),
        (RepaymentOutcome::Repaid, Some(m)) => msg("repay-headline", &[("months", m.to_string())]),
        (RepaymentOutcome::LivingCostsExceedPay, _) => lang.t("repay-living-exceeds-pay"),
        _ => msg(
            "repay-not-within-contract",
            &[
                ("months", v.contract_months.to_string()),
                ("left", vnd(r.schedule.last().map_or(0, |m| m.balance_vnd))),
            ],
        ),
    };
    let living = &r.living_costs;
    let mut steps = vec![
        msg(
            "repay-step-debt",
            &[
                ("debt", vnd(d.upfront_cost_vnd)),
                (
                    "selling",
                    format_rate(
                        d.exchange_rate
                            .as_ref()
                            .map_or(0, |x| x.sell_vnd_per_100_jpy),
                    ),
                ),
            ],
        ),
        msg(
            if v.programme == Programme::Titp.id() {
                "repay-step-no-wage-titp"
            } else {
                "repay-step-no-wage"
            },
            &[("months", r.months_without_wage.to_string())],
        ),
        msg(
            "repay-step-saving",
            &[
                ("take_home", jpy(d.take_home_jpy)),
                ("living", jpy(living.monthly_jpy)),
                ("saving", jpy(r.monthly_saving_jpy.max(0))),
                (
                    "rate",
                    kakehashi_i18n::format_decimal(lang, &format_rate(r.vnd_per_100_jpy)),
                ),
            ],
        ),
    ];
    if r.monthly_saving_later_jpy != r.monthly_saving_jpy && r.months.is_none_or(|m| m > 12) {
        steps.push(msg(
            "repay-step-later",
            &[("saving", jpy(r.monthly_saving_later_jpy.max(0)))],
        ));
    }
    let interest = &d.loan_interest_percent_per_year;
    steps.push(if r.interest_is_default {
        lang.t("repay-step-no-interest")
    } else {
        msg(
            "repay-step-interest",
            &[
                ("percent", interest.clone()),
                ("total", vnd(r.total_interest_vnd)),
            ],
        )
    });
    if let Some(m) = &d.months_to_repay {
        steps.push(msg("repay-step-lower-bound", &[("months", m.clone())]));
    }
    Some(RepayView {
        headline,
        months: r.months,
        steps,
        living_lines: living
            .lines
            .iter()
            .map(|l| {
                (
                    lang.t(&format!("living-{}", l.category)),
                    jpy(l.monthly_jpy),
                )
            })
            .collect(),
        living_total: msg(
            if living.includes_housing {
                "repay-living-total-with-housing"
            } else {
                "repay-living-total"
            },
            &[
                ("amount", jpy(living.monthly_jpy)),
                ("year", living.survey_year.to_string()),
            ],
        ),
        living_source: living
            .sources
            .first()
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        living_url: living.sources.first().and_then(|s| s.url.clone()),
        chart: debt_chart(lang, r, d.upfront_cost_vnd),
    })
}

#[derive(Deserialize, Default)]
struct Flash {
    done: Option<String>,
    loan_interest_percent_per_year: Option<String>,
}

fn round5(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    ((part * 100 / whole + 2) / 5 * 5).clamp(0, 100)
}

async fn render_detail(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    status: StatusCode,
    flash: Option<String>,
    mut f: FormState,
    options: DisclosureOptions,
) -> PageResult<Response> {
    let lang = ctx.lang;
    let typed = options.loan_interest_percent_per_year.clone();
    let v = match postings::view_with(&state.core, ctx.actor(), id, &options).await {
        Ok(v) => v,
        Err(CoreError::Invalid(errors)) => {
            // A bad rate: the figures without it, and the message beside the field.
            for e in &errors {
                f.add_error(
                    &e.field,
                    crate::render::field_message(lang, &e.code, &e.params),
                );
            }
            postings::view(&state.core, ctx.actor(), id).await?
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(t) = typed {
        f.set("loan_interest_percent_per_year", &t);
    }
    let owner = policy::may(
        ctx.actor(),
        Action::ManagePosting {
            owner_id: &v.employer.id,
        },
    );
    let worker = policy::may(ctx.actor(), Action::Apply);
    let hidden = v
        .hidden_because
        .as_ref()
        .map(|r| crate::render::message(lang, &format!("refusal-{}", r.code), &r.params));
    let checks = v
        .checks
        .iter()
        .map(|c| CheckRow {
            label: lang.t(&format!("check-{}", c.id)),
            status: match c.status {
                CheckStatus::Passed => "passed",
                CheckStatus::Failed => "failed",
                CheckStatus::Unverified => "unverified",
            },
            tone: c.tone(),
            message: check_message(lang, c.code, &c.detail, &shown_params(lang, &c.params)),
            value: c.value.clone(),
            limit: c.limit.clone(),
            source: c.source.title.clone(),
            url: c.source.url.clone(),
            verification: lang.t(&format!(
                "verification-{}",
                serde_json::to_value(c.verification)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            )),
        })
        .collect();
    let d = &v.disclosure;
    let payroll = d
        .payroll
        .lines
        .iter()
        .map(|l| LineRow {
            label: lang.t(&format!("line-{}", l.id)),
            base: Some(l.base_jpy),
            rate: l
                .rate
                .as_ref()
                .map(|r| super::calc::rate_text(lang, r))
                .unwrap_or_default(),
            amount: kakehashi_i18n::format_jpy(lang, l.amount_jpy),
            // The sentence the calculator shows for the same rule.
            rule: {
                let key = format!("rule-{}", l.rule);
                if lang.has(&key) {
                    lang.t(&key)
                } else {
                    l.rule.to_owned()
                }
            },
            source: l.source.title.clone(),
            url: l.source.url.clone(),
        })
        .collect();
    let lines = d
        .lines
        .iter()
        .map(|l| LineRow {
            label: lang.t(&format!("disclosure-{}", l.id)),
            base: None,
            rate: String::new(),
            amount: line_amount(lang, l.id, &l.amount),
            rule: {
                let key = format!("disclosure-explain-{}", l.id);
                if lang.has(&key) {
                    crate::render::message(lang, &key, &line_params(lang, &l.params))
                } else {
                    l.explanation.clone()
                }
            },
            source: if POSTING_LINES.contains(&l.id) {
                lang.t("disclosure-source-posting")
            } else {
                l.source
                    .as_ref()
                    .map(|s| s.title.clone())
                    .unwrap_or_default()
            },
            url: l.source.as_ref().and_then(|s| s.url.clone()),
        })
        .collect();
    let mut notes: Vec<NoteView> = d
        .notes
        .iter()
        .map(|n| NoteView {
            message: lang.t(&format!("disclosure-note-{n}")),
            details: Vec::new(),
        })
        .collect();
    // The payroll's notes once per kind (a date beyond the data touches every rate table).
    let mut codes: Vec<&str> = Vec::new();
    for n in &d.payroll.notes {
        match codes.iter().position(|c| *c == n.code) {
            Some(i) => notes[d.notes.len() + i].details.push(n.detail.clone()),
            None => {
                codes.push(n.code);
                notes.push(NoteView {
                    message: lang.t(&format!("note-{}", n.code)),
                    details: vec![n.detail.clone()],
                });
            }
        }
    }
    let gross = d.gross_monthly_jpy;
    let social = d.payroll.health_insurance_jpy
        + d.payroll.long_term_care_jpy
        + d.payroll.pension_jpy
        + d.payroll.employment_insurance_jpy;
    let chart = vec![
        (
            lang.t("chart-take-home"),
            d.take_home_jpy,
            round5(d.take_home_jpy, gross),
        ),
        (
            lang.t("chart-social-insurance"),
            social,
            round5(social, gross),
        ),
        (
            lang.t("chart-income-tax"),
            d.payroll.income_tax_jpy,
            round5(d.payroll.income_tax_jpy, gross),
        ),
        (
            lang.t("chart-housing-meals"),
            d.rent_jpy + d.utilities_jpy + d.meals_jpy,
            round5(d.rent_jpy + d.utilities_jpy + d.meals_jpy, gross),
        ),
    ];
    let rate = d.exchange_rate.as_ref().map(|r| RateLine {
        used: {
            let mut m = BTreeMap::new();
            m.insert("date".to_owned(), kakehashi_i18n::format_date(lang, r.date));
            m.insert(
                "buying".to_owned(),
                kakehashi_i18n::format_decimal(lang, &format_rate(r.vnd_per_100_jpy)),
            );
            m.insert(
                "selling".to_owned(),
                kakehashi_i18n::format_decimal(lang, &format_rate(r.sell_vnd_per_100_jpy)),
            );
            crate::render::message(lang, "rate-used", &m)
        },
        stale: r.stale.then(|| {
            let mut m = BTreeMap::new();
            m.insert("date".to_owned(), kakehashi_i18n::format_date(lang, r.date));
            m.insert("days".to_owned(), r.age_days.to_string());
            crate::render::message(lang, "rate-stale", &m)
        }),
        source: r.source.title.clone(),
        url: r.source.url.clone(),
    });
    let repay = repay_view(lang, &v);
    let title = v.title.clone();
    let p = Page::new(ctx, p_title(lang, &title));
    Ok(html(
        status,
        &DetailPage {
            p,
            v,
            owner,
            worker,
            hidden,
            checks,
            payroll,
            lines,
            notes,
            chart,
            rate,
            repay,
            flash,
            f,
        },
    ))
}

/// A check's parameters as the reader reads them: amounts in yen, dates in their format.
fn shown_params(
    lang: kakehashi_i18n::Lang,
    params: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    params
        .iter()
        .map(|(k, v)| {
            let shown = match k.as_str() {
                "hourly" => v
                    .parse()
                    .map_or_else(|_| v.clone(), |n| kakehashi_i18n::format_jpy(lang, n)),
                "since" => v
                    .parse()
                    .map_or_else(|_| v.clone(), |d| kakehashi_i18n::format_date(lang, d)),
                _ => v.clone(),
            };
            (k.clone(), shown)
        })
        .collect()
}

fn p_title(lang: kakehashi_i18n::Lang, t: &Texts) -> &str {
    match lang {
        kakehashi_i18n::Lang::Vi => &t.vi,
        kakehashi_i18n::Lang::Ja => &t.ja,
        kakehashi_i18n::Lang::En => &t.en,
    }
}

async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageQuery(q): PageQuery<Flash>,
) -> PageResult<Response> {
    let options = DisclosureOptions {
        loan_interest_percent_per_year: q.loan_interest_percent_per_year.clone(),
    };
    let flash = q.done.map(|d| {
        ctx.lang.t(&format!(
            "job-done-{}",
            if d == "applied" { "applied" } else { "saved" }
        ))
    });
    render_detail(
        &state,
        &ctx,
        &id,
        StatusCode::OK,
        flash,
        FormState::default(),
        options,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApplyForm {
    via: String,
}

async fn apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ApplyForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    match postings::apply(&state.core, actor, &id, Some(f.via.as_str())).await {
        Ok(_) => Ok(see_other(&format!("/jobs/{id}?done=applied"))),
        Err(
            e @ (CoreError::Refused { .. } | CoreError::Conflict { .. } | CoreError::Invalid(_)),
        ) => {
            let mut fs = FormState::default();
            fs.absorb(ctx.lang, &e, &[]);
            render_detail(
                &state,
                &ctx,
                &id,
                StatusCode::CONFLICT,
                None,
                fs,
                DisclosureOptions::default(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct Empty {}

async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(_): PageForm<Empty>,
) -> PageResult<Response> {
    transition(&state, &ctx, &id, true).await
}

async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(_): PageForm<Empty>,
) -> PageResult<Response> {
    transition(&state, &ctx, &id, false).await
}

async fn transition(state: &AppState, ctx: &Ctx, id: &str, publish: bool) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let result = if publish {
        postings::publish(&state.core, actor, id).await
    } else {
        postings::close(&state.core, actor, id).await
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/jobs/{id}?done=saved"))),
        Err(e @ (CoreError::RulesBroken(_) | CoreError::Refused { .. })) => {
            let mut fs = FormState::default();
            if let CoreError::RulesBroken(rules) = &e {
                let listed: Vec<String> = rules
                    .iter()
                    .map(|r| {
                        format!(
                            "{}: {} ({} / {})",
                            ctx.lang.t(&format!("check-{}", r.id)),
                            check_message(ctx.lang, &r.code, &r.detail, &BTreeMap::new()),
                            r.value,
                            r.limit
                        )
                    })
                    .collect();
                fs.add_error(
                    "_form",
                    format!(
                        "{} {}",
                        ctx.lang.t("problem-rules_broken"),
                        listed.join(" · ")
                    ),
                );
            } else {
                fs.absorb(ctx.lang, &e, &[]);
            }
            render_detail(
                state,
                ctx,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                fs,
                DisclosureOptions::default(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "my_postings.html")]
struct MinePage {
    p: Page,
    items: Vec<PostingSummary>,
}

async fn mine(State(state): State<AppState>, ctx: Ctx) -> PageResult<Response> {
    let items = postings::mine(&state.core, ctx.signed_in()?).await?;
    let p = Page::new(&ctx, &ctx.lang.t("postings-title"));
    Ok(html(StatusCode::OK, &MinePage { p, items }))
}

#[derive(Template)]
#[template(path = "posting_form.html")]
struct FormPage {
    p: Page,
    f: FormState,
    programmes: Vec<&'static str>,
    fields: Vec<(String, String)>,
    prefectures: Vec<(i64, String)>,
    levels: Vec<&'static str>,
    fee_kinds: Vec<&'static str>,
    payers: Vec<&'static str>,
    /// When the words typed for a partner match several organisations, those to choose from.
    sending: Vec<(String, String)>,
    supervising: Vec<(String, String)>,
    fee_rows: Vec<usize>,
    insurers: Vec<(&'static str, String)>,
    business_types: Vec<(&'static str, String)>,
}

const FEE_ROWS: usize = 8;

async fn render_form(
    ctx: &Ctx,
    status: StatusCode,
    f: FormState,
    (sending, supervising): Choices,
) -> PageResult<Response> {
    ctx.signed_in()?;
    let p = Page::new(ctx, &ctx.lang.t("posting-new-title"));
    let rules = ctx.rules.recruitment;
    let fields = rules
        .all_fields()
        .iter()
        .map(|x| (x.id.clone(), p.field_name(&x.id)))
        .collect();
    let prefectures = prefecture_options(ctx, &p);
    let insurers = kakehashi_core::calculator::HEALTH_INSURERS
        .iter()
        .map(|id| (*id, p.tp("calc-insurer-", id)))
        .collect();
    let business_types = kakehashi_core::calculator::business_types()
        .map(|id| (id, p.tp("calc-business-", id)))
        .collect();
    Ok(html(
        status,
        &FormPage {
            p,
            f,
            insurers,
            business_types,
            programmes: Programme::ALL.iter().map(|x| x.id()).collect(),
            fields,
            prefectures,
            levels: vec![
                "none", "jlpt_n1", "jlpt_n2", "jlpt_n3", "jlpt_n4", "jlpt_n5", "jft_a1", "jft_a2",
            ],
            fee_kinds: vec![
                "service_fee",
                "brokerage",
                "training",
                "japanese_course",
                "dormitory",
                "medical_check",
                "passport_visa",
                "flight",
                "deposit",
                "other",
            ],
            payers: vec![
                "worker",
                "employer",
                "sending_enterprise",
                "supervising_org",
                "support_org",
            ],
            sending,
            supervising,
            fee_rows: (0..FEE_ROWS).collect(),
        },
    ))
}

type Choices = (Vec<(String, String)>, Vec<(String, String)>);

async fn new_form(ctx: Ctx) -> PageResult<Response> {
    let mut f = FormState::default();
    f.set("housing_provided", "1");
    f.set("overtime_premium_percent", "25");
    f.set("openings", "1");
    render_form(&ctx, StatusCode::OK, f, Choices::default()).await
}

/// Replaces the words typed for each partner (an id, a licence number, an enterprise code or a
/// name) by the organisation they name, or reports the field: nothing matches, or several do
/// (then offered to choose from).
async fn resolve_partners(
    state: &AppState,
    actor: &kakehashi_core::Actor,
    input: &mut PostingInput,
    problems: &mut Vec<FieldError>,
) -> PageResult<Choices> {
    let mut choices = Choices::default();
    for (partner, field) in [
        (Partner::Sending, "sending_enterprise_id"),
        (Partner::Supervising, "supervising_org_id"),
    ] {
        let (slot, offered) = match partner {
            Partner::Sending => (&mut input.sending_enterprise_id, &mut choices.0),
            Partner::Supervising => (&mut input.supervising_org_id, &mut choices.1),
        };
        let Some(text) = slot.clone() else { continue };
        match postings::find_partner(&state.core, actor, partner, &text).await? {
            PartnerPick::Found(id) => *slot = Some(id),
            PartnerPick::NotFound => problems.push(FieldError::new(field, "unknown_organisation")),
            PartnerPick::Several(list) => {
                problems.push(FieldError::new(field, "several_organisations_match"));
                *offered = list;
            }
        }
    }
    Ok(choices)
}

/// Reads the form's pairs into a posting; numbers that do not parse are reported by field.
fn from_pairs(pairs: &[(String, String)], problems: &mut Vec<FieldError>) -> PostingInput {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
            .trim()
            .to_owned()
    };
    let mut num = |field: &str, json_field: &str| -> i64 {
        kakehashi_core::text::optional_whole_number(json_field, &get(field), true)
            .unwrap_or_else(|e| {
                problems.push(e);
                None
            })
            .unwrap_or(0)
    };
    let mut fees = Vec::new();
    for i in 0..FEE_ROWS {
        if get(&format!("fee{i}_amount")).is_empty() {
            continue;
        }
        let amount = num(
            &format!("fee{i}_amount"),
            &format!("fees[{}].amount", fees.len()),
        );
        fees.push(FeeLine {
            kind: get(&format!("fee{i}_kind")),
            amount,
            currency: get(&format!("fee{i}_currency")),
            payer: get(&format!("fee{i}_payer")),
        });
    }
    let allowance = get("allowance_name");
    let allowance_amount = num("allowance_amount", "allowances[0].amount_jpy");
    let housing = get("housing_provided") == "1";
    PostingInput {
        sending_enterprise_id: Some(get("sending_enterprise_id")).filter(|s| !s.is_empty()),
        supervising_org_id: Some(get("supervising_org_id")).filter(|s| !s.is_empty()),
        programme: get("programme"),
        field: get("field"),
        title: Texts {
            vi: get("title_vi"),
            ja: get("title_ja"),
            en: get("title_en"),
        },
        description: Texts {
            vi: get("description_vi"),
            ja: get("description_ja"),
            en: get("description_en"),
        },
        prefecture: num("prefecture", "prefecture"),
        municipality: get("municipality"),
        contract_months: num("contract_months", "contract_months"),
        scheduled_hours_per_month: Some(NumberOrText::Text(get("scheduled_hours_per_month")))
            .filter(|_| !get("scheduled_hours_per_month").is_empty()),
        monthly_wage_jpy: num("monthly_wage_jpy", "monthly_wage_jpy"),
        allowances: if allowance.is_empty() {
            vec![]
        } else {
            vec![Allowance {
                name: allowance,
                amount_jpy: allowance_amount,
            }]
        },
        overtime_premium_percent: num("overtime_premium_percent", "overtime_premium_percent"),
        bonus: Bonus {
            times_per_year: num("bonus_times", "bonus.times_per_year"),
            jpy_per_year: num("bonus_jpy", "bonus.jpy_per_year"),
        },
        housing: Housing {
            provided: housing,
            rent_jpy: num("rent_jpy", "housing.rent_jpy"),
            utilities_jpy: num("utilities_jpy", "housing.utilities_jpy"),
        },
        meals: Meals {
            provided: get("meals_deduction_jpy") != "0" && !get("meals_deduction_jpy").is_empty(),
            deduction_jpy: num("meals_deduction_jpy", "meals.deduction_jpy"),
        },
        commuting_allowance_jpy: num("commuting_allowance_jpy", "commuting_allowance_jpy"),
        insurance: PostingInsurance {
            health_insurer: get("health_insurer"),
            society_health_employee_percent: get("society_health_employee_percent"),
            society_care_employee_percent: get("society_care_employee_percent"),
            employment_insurance_business_type: get("employment_insurance_business_type"),
        },
        japanese_level: get("japanese_level"),
        skills_test: get("skills_test"),
        start_date: get("start_date"),
        openings: num("openings", "openings"),
        fees,
    }
}

/// The form field an error about a JSON field belongs beside.
fn form_field(json_field: &str) -> String {
    let direct = [
        ("title.vi", "title_vi"),
        ("title.ja", "title_ja"),
        ("title.en", "title_en"),
        ("description.vi", "description_vi"),
        ("description.ja", "description_ja"),
        ("description.en", "description_en"),
        ("housing.rent_jpy", "rent_jpy"),
        ("housing.utilities_jpy", "utilities_jpy"),
        ("meals.deduction_jpy", "meals_deduction_jpy"),
        ("bonus.times_per_year", "bonus_times"),
        ("bonus.jpy_per_year", "bonus_jpy"),
        ("allowances[0].name", "allowance_name"),
        ("allowances[0].amount_jpy", "allowance_amount"),
    ];
    if let Some((_, f)) = direct.iter().find(|(j, _)| *j == json_field) {
        return (*f).to_owned();
    }
    if let Some(field) = json_field.strip_prefix("insurance.") {
        return field.to_owned();
    }
    if let Some(rest) = json_field.strip_prefix("fees[")
        && let Some((i, part)) = rest.split_once("].")
    {
        return format!("fee{i}_{part}");
    }
    json_field.to_owned()
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let mut problems = Vec::new();
    let mut input = from_pairs(&pairs, &mut problems);
    let choices = resolve_partners(&state, actor, &mut input, &mut problems).await?;
    let result = if problems.is_empty() {
        postings::create(&state.core, actor, &input).await
    } else {
        Err(CoreError::Invalid(problems))
    };
    match result {
        Ok(v) => Ok(see_other(&format!("/jobs/{}?done=saved", v.id))),
        Err(CoreError::Invalid(errors)) => {
            let mut f = FormState::with_values(pairs.into_iter().filter(|(k, _)| k != "_csrf"));
            for e in &errors {
                f.add_error(
                    &form_field(&e.field),
                    crate::render::field_message(ctx.lang, &e.code, &e.params),
                );
            }
            f.add_error("_form", ctx.lang.t("problem-invalid_input"));
            render_form(&ctx, StatusCode::UNPROCESSABLE_ENTITY, f, choices).await
        }
        Err(e) => Err(e.into()),
    }
}
