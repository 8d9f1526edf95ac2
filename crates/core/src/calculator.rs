//! The take-home-pay calculator as a service: the API, the page and the CLI all call
//! [`net_pay`] (JSON numbers) or [`net_pay_form`] (numbers as people type them), which check
//! every field at once, say what each field accepts, and compute with the rules in force on
//! the pay date. Public and stateless: nothing is stored.

use crate::Rules;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::text;
use jiff::civil::Date;
use kakehashi_rules::RuleError;
use kakehashi_rules::payroll;
use serde::Deserialize;

pub use kakehashi_rules::payroll::{
    Line, MAX_AGE, MAX_DEPENDENTS, MAX_MONTHLY_WAGE_JPY, MIN_AGE, NetPay, NetPayInput, Note, Rate,
};

/// Every input field, named as in the API (the page's form fields and the CLI's messages use
/// the same names).
pub const FIELDS: [&str; 5] = [
    "prefecture",
    "monthly_wage_jpy",
    "age",
    "dependents",
    "date",
];

/// A worker's situation, as the API receives it. Unknown fields are refused.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"prefecture": 13, "monthly_wage_jpy": 220000, "age": 25, "dependents": 0, "date": "2026-04-01"})))]
#[serde(deny_unknown_fields)]
pub struct NetPayRequest {
    /// JIS X 0401 code of the workplace's prefecture, 1–47 (13 = Tokyo).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 47))]
    pub prefecture: i64,
    /// Gross monthly wage in yen, every taxable allowance included (1–10,000,000).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000))]
    pub monthly_wage_jpy: i64,
    /// Age in whole years (15–100).
    #[cfg_attr(feature = "openapi", schema(minimum = 15, maximum = 100))]
    pub age: i64,
    /// Dependants declared for withholding (扶養親族等の数), 0–20; 0 when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 20))]
    pub dependents: Option<i64>,
    /// The pay date (`YYYY-MM-DD`): the rules in force on it apply; today (Viet Nam time)
    /// when absent. A date after the newest rule uses the newest and says so in `notes`; a
    /// date before the oldest is refused naming `date`.
    #[serde(default)]
    pub date: Option<String>,
}

/// The same fields as typed into a form or on a command line: digit grouping, yen signs and
/// full-width digits are read by [`text::whole_number`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NetPayForm {
    pub prefecture: String,
    pub monthly_wage_jpy: String,
    pub age: String,
    pub dependents: String,
    pub date: String,
}

/// The answer with the input it was computed for.
#[derive(Debug, Clone)]
pub struct Calculated {
    pub pay: NetPay<'static>,
    pub input: NetPayInput,
    /// No date was given: today's rules were applied.
    pub date_is_today: bool,
}

/// The fields that could be read; `None` where reading failed (the error is already noted).
struct Read {
    prefecture: Option<i64>,
    monthly_wage_jpy: Option<i64>,
    age: Option<i64>,
    dependents: Option<i64>,
    date: Option<Option<Date>>,
}

/// Take-home pay for a request from the API.
pub fn net_pay(rules: Rules, today: Date, req: &NetPayRequest) -> CoreResult<Calculated> {
    let mut errors = Vec::new();
    let date = text::optional_date("date", req.date.as_deref())
        .map_err(|e| errors.push(e))
        .ok();
    let read = Read {
        prefecture: Some(req.prefecture),
        monthly_wage_jpy: Some(req.monthly_wage_jpy),
        age: Some(req.age),
        dependents: Some(req.dependents.unwrap_or(0)),
        date,
    };
    compute(rules, today, read, errors)
}

/// Take-home pay for a form as typed: an empty `dependents` is 0, an empty `date` today.
pub fn net_pay_form(rules: Rules, today: Date, form: &NetPayForm) -> CoreResult<Calculated> {
    let mut errors = Vec::new();
    let mut take = |r: Result<i64, FieldError>| r.map_err(|e| errors.push(e)).ok();
    let prefecture = take(text::whole_number("prefecture", &form.prefecture, false));
    let monthly_wage_jpy = take(text::whole_number(
        "monthly_wage_jpy",
        &form.monthly_wage_jpy,
        true,
    ));
    let age = take(text::whole_number("age", &form.age, false));
    let dependents = take(
        text::optional_whole_number("dependents", &form.dependents, false).map(|d| d.unwrap_or(0)),
    );
    let date = text::optional_date("date", Some(&form.date))
        .map_err(|e| errors.push(e))
        .ok();
    let read = Read {
        prefecture,
        monthly_wage_jpy,
        age,
        dependents,
        date,
    };
    compute(rules, today, read, errors)
}

/// A rule's objection as a field error that also says what the field accepts.
fn with_limits(e: RuleError) -> FieldError {
    let fe = match CoreError::from(e) {
        CoreError::Invalid(mut es) if !es.is_empty() => es.swap_remove(0),
        other => FieldError::new("_form", other.to_string()),
    };
    match (fe.field.as_str(), fe.code.as_str()) {
        ("monthly_wage_jpy", "must_be_positive" | "too_large") => {
            fe.with("min", 1).with("max", MAX_MONTHLY_WAGE_JPY)
        }
        ("age", "out_of_range") => fe.with("min", MIN_AGE).with("max", MAX_AGE),
        ("dependents", "out_of_range") => fe.with("min", 0).with("max", MAX_DEPENDENTS),
        ("prefecture", "unknown_prefecture") => fe.with("min", 1).with("max", 47),
        _ => fe,
    }
}

/// Checks every field that could be read, then computes; every wrong field is reported at
/// once, each with what it accepts.
fn compute(
    rules: Rules,
    today: Date,
    read: Read,
    mut errors: Vec<FieldError>,
) -> CoreResult<Calculated> {
    let mut check = |value: Option<i64>, f: fn(i64) -> Result<(), RuleError>| {
        if let Some(v) = value
            && let Err(e) = f(v)
        {
            errors.push(with_limits(e));
        }
    };
    check(read.prefecture, payroll::check_prefecture);
    check(read.monthly_wage_jpy, payroll::check_monthly_wage);
    check(read.age, payroll::check_age);
    check(read.dependents, payroll::check_dependents);
    let oldest = rules.payroll.minimum_date();
    if let Some(Some(d)) = read.date
        && d < oldest
    {
        errors.push(
            FieldError::new("date", "before_oldest_rule")
                .with("date", d)
                .with("oldest", oldest),
        );
    }
    let (Some(prefecture), Some(monthly_wage_jpy), Some(age), Some(dependents), Some(date)) = (
        read.prefecture,
        read.monthly_wage_jpy,
        read.age,
        read.dependents,
        read.date,
    ) else {
        return Err(CoreError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let input = NetPayInput {
        prefecture,
        monthly_wage_jpy,
        age,
        dependents,
        date: date.unwrap_or(today),
    };
    let pay = payroll::net_pay(rules.payroll, &input).map_err(|e| {
        let e = with_limits(e);
        CoreError::Invalid(vec![e])
    })?;
    Ok(Calculated {
        pay,
        input,
        date_is_today: date.is_none(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn form(pairs: &[(&str, &str)]) -> NetPayForm {
        let mut f = NetPayForm {
            prefecture: "13".into(),
            monthly_wage_jpy: "220,000".into(),
            age: "25".into(),
            ..NetPayForm::default()
        };
        for (k, v) in pairs {
            let v = (*v).to_owned();
            match *k {
                "prefecture" => f.prefecture = v,
                "monthly_wage_jpy" => f.monthly_wage_jpy = v,
                "age" => f.age = v,
                "dependents" => f.dependents = v,
                "date" => f.date = v,
                _ => unreachable!(),
            }
        }
        f
    }

    fn fields(e: CoreError) -> Vec<(String, String)> {
        let CoreError::Invalid(es) = e else {
            panic!("invalid expected: {e}")
        };
        es.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn the_form_and_the_api_agree() {
        let today = date(2026, 4, 1);
        let a = net_pay_form(Rules::embedded(), today, &form(&[])).unwrap();
        let b = net_pay(
            Rules::embedded(),
            today,
            &NetPayRequest {
                prefecture: 13,
                monthly_wage_jpy: 220_000,
                age: 25,
                dependents: None,
                date: Some("2026-04-01".into()),
            },
        )
        .unwrap();
        assert_eq!(a.pay, b.pay);
        assert!(a.date_is_today);
        assert!(!b.date_is_today);
    }

    #[test]
    fn every_wrong_field_at_once_with_what_it_accepts() {
        let e = net_pay_form(
            Rules::embedded(),
            date(2026, 4, 1),
            &form(&[
                ("prefecture", "48"),
                ("monthly_wage_jpy", "0"),
                ("age", "abc"),
                ("dependents", "21"),
                ("date", "2019-01-01"),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            fields(e.clone()),
            vec![
                ("age".into(), "not_a_whole_number".into()),
                ("prefecture".into(), "unknown_prefecture".into()),
                ("monthly_wage_jpy".into(), "must_be_positive".into()),
                ("dependents".into(), "out_of_range".into()),
                ("date".into(), "before_oldest_rule".into()),
            ]
        );
        let CoreError::Invalid(es) = e else {
            unreachable!()
        };
        assert_eq!(es[2].params["max"], "10000000");
        assert_eq!(es[3].params["max"], "20");
    }
}
