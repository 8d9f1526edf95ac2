//! The take-home-pay calculator as a service: the API, the page and the CLI all call
//! [`net_pay`] (JSON numbers) or [`net_pay_form`] (numbers as people type them), which check
//! every field at once, say what each field accepts, and compute with the rules in force on
//! the pay date. Public and stateless: nothing is stored.

use crate::Rules;
use crate::error::{CoreError, CoreResult, FieldError};
use crate::text;
use jiff::civil::Date;
use kakehashi_rules::RuleError;
use kakehashi_rules::payroll::{self, BusinessType, HealthInsurer};
use serde::Deserialize;

pub use kakehashi_rules::payroll::{
    Line, MAX_AGE, MAX_COMMUTING_ALLOWANCE_JPY, MAX_DECLARED_EMPLOYEE_PERCENT, MAX_DEPENDENTS,
    MAX_MONTHLY_WAGE_JPY, MIN_AGE, NetPay, NetPayInput, Note, Rate,
};

/// The ids of the health insurers and of the employment-insurance business types.
pub const HEALTH_INSURERS: [&str; 3] = HealthInsurer::IDS;
pub fn business_types() -> impl Iterator<Item = &'static str> {
    BusinessType::ALL.into_iter().map(BusinessType::id)
}

/// Every input field, named as in the API (the page's form fields and the CLI's messages use
/// the same names).
pub const FIELDS: [&str; 10] = [
    "prefecture",
    "monthly_wage_jpy",
    "commuting_allowance_jpy",
    "age",
    "dependents",
    "date",
    "health_insurer",
    "society_health_employee_percent",
    "society_care_employee_percent",
    "employment_insurance_business_type",
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
    /// Commuting allowance paid with the wage each month, in yen (0–1,000,000; 0 when absent).
    /// It is remuneration for health insurance, pension and employment insurance, so it
    /// enters the standard monthly remuneration; for income tax it is not income up to the
    /// public-transport limit (150,000 yen a month).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1_000_000))]
    pub commuting_allowance_jpy: Option<i64>,
    /// Who insures the worker's health: `kyokai_kenpo` (the default: Japan Health Insurance
    /// Association, at the prefecture's rate), `health_insurance_society` (the employer's
    /// society, at the rates it declares below) or `national_health_insurance` (the workplace
    /// is not covered by employees' insurance, e.g. many individual farms and fisheries: the
    /// worker pays National Health Insurance, not computed, and National Pension himself).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>,
        example = "kyokai_kenpo", pattern = "^(kyokai_kenpo|health_insurance_society|national_health_insurance)$"))]
    pub health_insurer: Option<String>,
    /// With `health_insurance_society`: the employee's health-insurance rate, in percent, as
    /// the employer declares it (e.g. `"4.6"`; above 0, at most 10). Required then.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "4.6"))]
    pub society_health_employee_percent: Option<String>,
    /// With `health_insurance_society`: the employee's long-term-care rate (ages 40–64), in
    /// percent, as the employer declares it; not counted when absent.
    #[serde(default)]
    pub society_care_employee_percent: Option<String>,
    /// The employer's business type for employment insurance: `general` (the default),
    /// `agriculture_forestry_fisheries_sake` or `construction`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>,
        example = "general", pattern = "^(general|agriculture_forestry_fisheries_sake|construction)$"))]
    pub employment_insurance_business_type: Option<String>,
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
    pub commuting_allowance_jpy: String,
    pub health_insurer: String,
    pub society_health_employee_percent: String,
    pub society_care_employee_percent: String,
    pub employment_insurance_business_type: String,
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
    commuting_allowance_jpy: Option<i64>,
}

/// The texts that name a scheme or a rate, as given (`None` or empty = the default).
struct Schemes<'a> {
    health_insurer: Option<&'a str>,
    society_health: Option<&'a str>,
    society_care: Option<&'a str>,
    business_type: Option<&'a str>,
}

fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|t| !t.is_empty())
}

/// The insurer and the business type a posting or a form names (empty = the defaults), or
/// the fields that are wrong, each named with `prefix` (`insurance.` for a posting).
pub fn insurance_schemes(
    prefix: &str,
    health_insurer: &str,
    society_health: &str,
    society_care: &str,
    business_type: &str,
) -> Result<(HealthInsurer, BusinessType), Vec<FieldError>> {
    let mut errors = Vec::new();
    let given = Schemes {
        health_insurer: Some(health_insurer),
        society_health: Some(society_health),
        society_care: Some(society_care),
        business_type: Some(business_type),
    };
    match schemes(&given, &mut errors) {
        Some(s) if errors.is_empty() => Ok(s),
        _ => Err(errors
            .into_iter()
            .map(|mut e| {
                e.field = format!("{prefix}{}", e.field);
                e
            })
            .collect()),
    }
}

/// The insurer and the business type, or the fields that are wrong.
fn schemes(s: &Schemes<'_>, errors: &mut Vec<FieldError>) -> Option<(HealthInsurer, BusinessType)> {
    let start = errors.len();
    let mut rule = |r: Result<Rate, RuleError>| r.map_err(|e| errors.push(with_limits(e))).ok();
    let health = given(s.society_health)
        .and_then(|t| rule(payroll::declared_rate("society_health_employee_percent", t)));
    let care = given(s.society_care)
        .and_then(|t| rule(payroll::declared_rate("society_care_employee_percent", t)));
    let insurer = match given(s.health_insurer).unwrap_or("kyokai_kenpo") {
        "kyokai_kenpo" => Some(HealthInsurer::KyokaiKenpo),
        "national_health_insurance" => Some(HealthInsurer::NationalHealthInsurance),
        "health_insurance_society" => match health {
            Some(health_employee) => Some(HealthInsurer::Society {
                health_employee,
                care_employee: care,
            }),
            None => {
                if given(s.society_health).is_none() {
                    errors.push(FieldError::new(
                        "society_health_employee_percent",
                        "required",
                    ));
                }
                None
            }
        },
        _ => {
            errors.push(
                FieldError::new("health_insurer", "unknown_health_insurer")
                    .with("accepted", HEALTH_INSURERS.join(", ")),
            );
            None
        }
    };
    if !matches!(insurer, Some(HealthInsurer::Society { .. }) | None) {
        for (field, v) in [
            ("society_health_employee_percent", s.society_health),
            ("society_care_employee_percent", s.society_care),
        ] {
            if given(v).is_some() {
                errors.push(FieldError::new(field, "only_for_health_insurance_society"));
            }
        }
    }
    let business = match BusinessType::from_id(
        given(s.business_type).unwrap_or("general"),
        "employment_insurance_business_type",
    ) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(
                with_limits(e).with("accepted", business_types().collect::<Vec<_>>().join(", ")),
            );
            None
        }
    };
    (errors.len() == start).then_some(())?;
    Some((insurer?, business?))
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
        commuting_allowance_jpy: Some(req.commuting_allowance_jpy.unwrap_or(0)),
    };
    let schemes = Schemes {
        health_insurer: req.health_insurer.as_deref(),
        society_health: req.society_health_employee_percent.as_deref(),
        society_care: req.society_care_employee_percent.as_deref(),
        business_type: req.employment_insurance_business_type.as_deref(),
    };
    compute(rules, today, read, &schemes, errors)
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
    let commuting_allowance_jpy = take(
        text::optional_whole_number(
            "commuting_allowance_jpy",
            &form.commuting_allowance_jpy,
            true,
        )
        .map(|d| d.unwrap_or(0)),
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
        commuting_allowance_jpy,
    };
    let schemes = Schemes {
        health_insurer: Some(&form.health_insurer),
        society_health: Some(&form.society_health_employee_percent),
        society_care: Some(&form.society_care_employee_percent),
        business_type: Some(&form.employment_insurance_business_type),
    };
    compute(rules, today, read, &schemes, errors)
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
        ("commuting_allowance_jpy", "must_not_be_negative" | "too_large") => {
            fe.with("min", 0).with("max", MAX_COMMUTING_ALLOWANCE_JPY)
        }
        ("society_health_employee_percent" | "society_care_employee_percent", "out_of_range") => {
            fe.with("min", 0).with("max", MAX_DECLARED_EMPLOYEE_PERCENT)
        }
        _ => fe,
    }
}

/// Checks every field that could be read, then computes; every wrong field is reported at
/// once, each with what it accepts.
fn compute(
    rules: Rules,
    today: Date,
    read: Read,
    schemes_given: &Schemes<'_>,
    mut errors: Vec<FieldError>,
) -> CoreResult<Calculated> {
    let schemes = schemes(schemes_given, &mut errors);
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
    check(
        read.commuting_allowance_jpy,
        payroll::check_commuting_allowance,
    );
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
    let (
        Some(prefecture),
        Some(monthly_wage_jpy),
        Some(age),
        Some(dependents),
        Some(date),
        Some(commuting_allowance_jpy),
        Some((health_insurer, business_type)),
    ) = (
        read.prefecture,
        read.monthly_wage_jpy,
        read.age,
        read.dependents,
        read.date,
        read.commuting_allowance_jpy,
        schemes,
    )
    else {
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
        commuting_allowance_jpy,
        health_insurer,
        business_type,
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
                "commuting_allowance_jpy" => f.commuting_allowance_jpy = v,
                "health_insurer" => f.health_insurer = v,
                "society_health_employee_percent" => f.society_health_employee_percent = v,
                "society_care_employee_percent" => f.society_care_employee_percent = v,
                "employment_insurance_business_type" => f.employment_insurance_business_type = v,
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
                date: Some("2026-04-01".into()),
                ..NetPayRequest::default()
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

    #[test]
    fn schemes_and_their_errors() {
        let today = date(2026, 4, 1);
        let e = net_pay_form(
            Rules::embedded(),
            today,
            &form(&[
                ("health_insurer", "mutual"),
                ("employment_insurance_business_type", "fishing"),
                ("commuting_allowance_jpy", "-1"),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                ("health_insurer".into(), "unknown_health_insurer".into()),
                (
                    "employment_insurance_business_type".into(),
                    "unknown_business_type".into()
                ),
                (
                    "commuting_allowance_jpy".into(),
                    "must_not_be_negative".into()
                ),
            ]
        );
        let e = net_pay_form(
            Rules::embedded(),
            today,
            &form(&[("health_insurer", "health_insurance_society")]),
        )
        .unwrap_err();
        assert_eq!(
            fields(e),
            vec![("society_health_employee_percent".into(), "required".into())]
        );
        let e = net_pay_form(
            Rules::embedded(),
            today,
            &form(&[
                ("health_insurer", "health_insurance_society"),
                ("society_health_employee_percent", "12"),
                ("society_care_employee_percent", "x"),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                (
                    "society_health_employee_percent".into(),
                    "out_of_range".into()
                ),
                (
                    "society_care_employee_percent".into(),
                    "not_a_percentage".into()
                ),
            ]
        );
        let e = net_pay_form(
            Rules::embedded(),
            today,
            &form(&[("society_health_employee_percent", "4.5")]),
        )
        .unwrap_err();
        assert_eq!(
            fields(e),
            vec![(
                "society_health_employee_percent".into(),
                "only_for_health_insurance_society".into()
            )]
        );
    }
}
