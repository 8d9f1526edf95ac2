//! The calculators over HTTP: take-home pay for any worker, public, computed on the spot and
//! never stored.

use crate::error::ApiResult;
use crate::extract::ApiBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use kakehashi_core::calculator::{self, NetPay, NetPayRequest};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(net_pay))
}

/// Take-home pay for a month and how it was reached (all amounts in whole yen).
#[derive(ToSchema)]
#[allow(dead_code)] // documents the JSON of `kakehashi_rules::payroll::NetPay`
struct NetPayResult {
    /// Health-insurance standard monthly remuneration (its grade).
    standard_monthly_remuneration_jpy: i64,
    /// Pension standard monthly remuneration (its grade).
    pension_standard_monthly_remuneration_jpy: i64,
    /// Employee share of health insurance (Kyokai Kenpo), the child and child-rearing support
    /// levy included (from April 2026).
    health_insurance_jpy: i64,
    /// Long-term care insurance, ages 40–64 only.
    long_term_care_jpy: i64,
    /// Employees' pension insurance, employee share.
    pension_jpy: i64,
    /// Employment insurance, worker's share, on the wage paid.
    employment_insurance_jpy: i64,
    /// Monthly income-tax withholding, column 甲, by the NTA computation method.
    income_tax_jpy: i64,
    /// Monthly resident tax from the second year (an estimate; none in the first year).
    resident_tax_jpy: i64,
    /// Gross less all six deductions: take-home pay from the second year.
    net_pay_jpy: i64,
    /// Gross less the deductions without resident tax: take-home pay in the first year.
    net_pay_first_year_jpy: i64,
    /// The explanation, step by step, each with its rule and source.
    lines: Vec<NetPayLine>,
    /// What the reader must know about the figures (data beyond its period, estimates).
    notes: Vec<NetPayNote>,
}

/// One step of the explanation.
#[derive(ToSchema)]
#[allow(dead_code)]
struct NetPayLine {
    /// `standard_remuneration`, `pension_standard_remuneration`, `health_insurance`,
    /// `long_term_care`, `child_support_levy`, `pension`, `employment_insurance`,
    /// `taxable_pay`, `income_tax_deductions`, `income_tax`, `resident_tax_taxable_income`,
    /// `resident_tax_income_levy`, `resident_tax_per_capita`, `resident_tax`,
    /// `net_pay_first_year`, `net_pay`.
    id: String,
    /// The amount the rule was applied to.
    base_jpy: i64,
    /// The rate applied, as an exact percentage string such as `"4.955%"`.
    rate: Option<String>,
    amount_jpy: i64,
    /// Machine id of the rule applied, e.g. `kyokai_kenpo_employee_half`.
    rule: String,
    /// The day the version of the rule used came into force (`YYYY-MM-DD`).
    effective_from: Option<String>,
    source: NetPaySource,
}

/// Where a rule comes from.
#[derive(ToSchema)]
#[allow(dead_code)]
struct NetPaySource {
    title: String,
    url: Option<String>,
}

/// Something the reader must know about a figure.
#[derive(ToSchema)]
#[allow(dead_code)]
struct NetPayNote {
    /// `beyond_data`, `unverified`, `not_computed` or `deductions_exceed_wage`.
    code: String,
    /// The input the note is about, e.g. `date`.
    field: String,
    /// The explanation (English).
    detail: String,
}

/// Take-home pay for a monthly wage in Japan: standard monthly remuneration, health
/// insurance, long-term care, pension, employment insurance, income tax and resident tax,
/// with every line of the computation, its rule and its source. Public; nothing is stored.
#[utoipa::path(post, path = "/api/v1/calc/net-pay", tag = "calculators", security(()), request_body = NetPayRequest,
    responses(
        (status = 200, description = "The figures and how they were reached", body = NetPayResult),
        (status = 400, description = "Malformed JSON"),
        (status = 415, description = "Not JSON"),
        (status = 422, description = "An input the rules refuse (problem details naming the field: \
            `prefecture`, `monthly_wage_jpy`, `age`, `dependents`, `date`), or an unknown field"),
    ))]
async fn net_pay(State(state): State<AppState>, body: ApiBody) -> ApiResult<Json<NetPay<'static>>> {
    let body: NetPayRequest = body.json()?;
    let calc = calculator::net_pay(state.core.rules(), state.core.today(), &body)?;
    Ok(Json(calc.pay))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kakehashi_core::Rules;
    use std::collections::BTreeSet;

    fn keys(v: &serde_json::Value) -> BTreeSet<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The documented schema names every field the answer has, and no other.
    #[test]
    fn the_schema_documents_the_answer() {
        let (_, api) = router().split_for_parts();
        let doc = serde_json::to_value(&api).unwrap();
        let schemas = &doc["components"]["schemas"];
        let pay = calculator::net_pay(
            Rules::embedded(),
            jiff::civil::date(2031, 4, 1),
            &NetPayRequest {
                prefecture: 13,
                monthly_wage_jpy: 220_000,
                age: 45,
                ..NetPayRequest::default()
            },
        )
        .unwrap()
        .pay;
        assert!(!pay.notes.is_empty(), "a date beyond the data gives notes");
        let json = serde_json::to_value(&pay).unwrap();
        for (schema, value) in [
            ("NetPayResult", &json),
            ("NetPayLine", &json["lines"][0]),
            ("NetPaySource", &json["lines"][0]["source"]),
            ("NetPayNote", &json["notes"][0]),
        ] {
            assert_eq!(
                keys(&schemas[schema]["properties"]),
                keys(value),
                "{schema}"
            );
        }
        assert!(
            doc["paths"]["/api/v1/calc/net-pay"]["post"]["tags"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!("calculators"))
        );
    }
}
