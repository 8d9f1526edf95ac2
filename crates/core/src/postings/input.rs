//! What an employer types into a posting, and its validation: every field checked, every
//! problem reported with the field it concerns.

use crate::error::{CoreError, CoreResult, FieldError, Problems};
use crate::{Core, text};
use kakehashi_rules::recruitment::{
    FeeInput, NumberOrText, PostingFacts, PostingInput as RuleInput,
};
use serde::{Deserialize, Serialize};

/// A text in the three languages of the platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Texts {
    pub vi: String,
    pub ja: String,
    pub en: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Allowance {
    pub name: String,
    /// Paid every month, in yen.
    pub amount_jpy: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Bonus {
    pub times_per_year: i64,
    /// Expected total per year, in yen (0 = none).
    pub jpy_per_year: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Housing {
    pub provided: bool,
    /// Rent deducted from pay each month, in yen.
    pub rent_jpy: i64,
    /// Utilities deducted from pay each month, in yen.
    pub utilities_jpy: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Meals {
    pub provided: bool,
    /// Deducted from pay each month, in yen.
    pub deduction_jpy: i64,
}

/// One cost of recruitment: what, how much, in which currency, who pays it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct FeeLine {
    /// `service_fee`, `brokerage`, `training`, `japanese_course`, `dormitory`,
    /// `medical_check`, `passport_visa`, `flight`, `deposit` or `other`.
    pub kind: String,
    /// Whole yen or whole dong.
    pub amount: i64,
    /// `JPY` or `VND`.
    pub currency: String,
    /// `worker`, `employer`, `sending_enterprise`, `supervising_org` or `support_org`.
    pub payer: String,
}

/// The insurance schemes of the workplace (empty fields = the defaults).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct PostingInsurance {
    /// `kyokai_kenpo` (the default: Kyokai Kenpo of the prefecture), `health_insurance_society`
    /// (the employer's society, at the rates declared below, shown as declared by the
    /// employer) or `national_health_insurance` (the workplace is not covered by employees'
    /// insurance, e.g. many individual farms and fisheries: National Health Insurance and
    /// National Pension, paid by the worker).
    #[cfg_attr(feature = "openapi", schema(example = "kyokai_kenpo"))]
    pub health_insurer: String,
    /// With a society: the employee's health-insurance rate in percent (e.g. `"4.6"`).
    pub society_health_employee_percent: String,
    /// With a society: the employee's long-term-care rate in percent (ages 40–64).
    pub society_care_employee_percent: String,
    /// `general` (the default), `agriculture_forestry_fisheries_sake` or `construction`.
    #[cfg_attr(feature = "openapi", schema(example = "general"))]
    pub employment_insurance_business_type: String,
}

impl PostingInsurance {
    /// The schemes named, or errors naming `insurance.<field>`.
    pub fn schemes(
        &self,
    ) -> Result<
        (
            kakehashi_rules::payroll::HealthInsurer,
            kakehashi_rules::payroll::BusinessType,
        ),
        Vec<FieldError>,
    > {
        crate::calculator::insurance_schemes(
            "insurance.",
            &self.health_insurer,
            &self.society_health_employee_percent,
            &self.society_care_employee_percent,
            &self.employment_insurance_business_type,
        )
    }
}

/// A posting as an employer writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct PostingInput {
    /// The sending enterprise that will recruit in Viet Nam, if named.
    pub sending_enterprise_id: Option<String>,
    /// The supervising or registered support organisation, if any.
    pub supervising_org_id: Option<String>,
    /// `titp`, `esd`, `ssw1`, `ssw2`, `epa_nurse`, `epa_careworker` or `engineer_specialist`.
    pub programme: String,
    /// An industrial field id allowed for the programme.
    pub field: String,
    pub title: Texts,
    pub description: Texts,
    /// JIS X 0401 code, 1–47.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 47))]
    pub prefecture: i64,
    pub municipality: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 120))]
    pub contract_months: i64,
    /// Scheduled working hours per month, e.g. `160` or `"173.33"`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub scheduled_hours_per_month: Option<NumberOrText>,
    /// Scheduled monthly wage in yen, without overtime and allowances.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000))]
    pub monthly_wage_jpy: i64,
    pub allowances: Vec<Allowance>,
    /// Premium on overtime pay, in percent.
    pub overtime_premium_percent: i64,
    pub bonus: Bonus,
    pub housing: Housing,
    pub meals: Meals,
    /// Commuting allowance per month, in yen: in the insurance base (it raises the standard
    /// monthly remuneration), non-taxable for income tax up to the public-transport limit.
    pub commuting_allowance_jpy: i64,
    /// The workplace's health insurer and employment-insurance business type; the disclosure
    /// names the scheme it used.
    pub insurance: PostingInsurance,
    /// `none`, `jlpt_n1` … `jlpt_n5`, `jft_a1`, `jft_a2`.
    pub japanese_level: String,
    /// The skills test required, if any.
    pub skills_test: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub start_date: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub openings: i64,
    /// Every cost of recruitment, whoever pays it.
    pub fees: Vec<FeeLine>,
}

/// Input that passed validation: the rule facts plus the rest.
pub(crate) struct Valid {
    pub facts: PostingFacts,
    pub title: Texts,
    pub description: Texts,
    pub municipality: String,
    pub skills_test: String,
    pub allowances: Vec<Allowance>,
}

pub const MAX_ALLOWANCES: usize = 20;
/// Per-month amounts above this (allowances, deductions) are surely typing mistakes.
pub const MAX_MONTHLY_JPY: i64 = 1_000_000;
pub const MAX_OPENINGS: i64 = 1_000;

fn amount(p: &mut Problems, field: &str, v: i64, max: i64) {
    if v < 0 {
        p.add(FieldError::new(field, "must_not_be_negative"));
    } else if v > max {
        p.add(FieldError::new(field, "too_large").with("max", max));
    }
}

fn texts(p: &mut Problems, field: &str, t: &Texts, max: usize) -> Texts {
    let mut one = |lang: &str, v: &str| {
        text::required(&format!("{field}.{lang}"), v, max)
            .map_err(|e| p.add(e))
            .unwrap_or_default()
    };
    Texts {
        vi: one("vi", &t.vi),
        ja: one("ja", &t.ja),
        en: one("en", &t.en),
    }
}

/// Checks every field; all problems are reported together.
pub(crate) fn validate(core: &Core, input: &PostingInput) -> CoreResult<Valid> {
    let mut p = Problems::new();
    let title = texts(&mut p, "title", &input.title, 200);
    let description = texts(&mut p, "description", &input.description, 10_000);
    let municipality = text::required("municipality", &input.municipality, 100)
        .map_err(|e| p.add(e))
        .unwrap_or_default();
    let skills_test = text::optional("skills_test", &input.skills_test, 200)
        .map_err(|e| p.add(e))
        .unwrap_or_default();
    if input.allowances.len() > MAX_ALLOWANCES {
        p.add(FieldError::new("allowances", "too_many").with("max", MAX_ALLOWANCES));
    }
    let mut allowances = Vec::new();
    for (i, a) in input.allowances.iter().enumerate().take(MAX_ALLOWANCES) {
        let name = text::required(&format!("allowances[{i}].name"), &a.name, 100)
            .map_err(|e| p.add(e))
            .unwrap_or_default();
        amount(
            &mut p,
            &format!("allowances[{i}].amount_jpy"),
            a.amount_jpy,
            MAX_MONTHLY_JPY,
        );
        allowances.push(Allowance {
            name,
            amount_jpy: a.amount_jpy,
        });
    }
    amount(
        &mut p,
        "overtime_premium_percent",
        input.overtime_premium_percent,
        200,
    );
    amount(
        &mut p,
        "bonus.times_per_year",
        input.bonus.times_per_year,
        12,
    );
    amount(
        &mut p,
        "bonus.jpy_per_year",
        input.bonus.jpy_per_year,
        100_000_000,
    );
    amount(
        &mut p,
        "housing.rent_jpy",
        input.housing.rent_jpy,
        MAX_MONTHLY_JPY,
    );
    amount(
        &mut p,
        "housing.utilities_jpy",
        input.housing.utilities_jpy,
        MAX_MONTHLY_JPY,
    );
    amount(
        &mut p,
        "meals.deduction_jpy",
        input.meals.deduction_jpy,
        MAX_MONTHLY_JPY,
    );
    amount(
        &mut p,
        "commuting_allowance_jpy",
        input.commuting_allowance_jpy,
        MAX_MONTHLY_JPY,
    );
    if let Err(errors) = input.insurance.schemes() {
        errors.into_iter().for_each(|e| p.add(e));
    }
    if !input.housing.provided && (input.housing.rent_jpy > 0 || input.housing.utilities_jpy > 0) {
        p.push("housing.rent_jpy", "rent_without_housing");
    }
    if !(1..=MAX_OPENINGS).contains(&input.openings) {
        p.add(
            FieldError::new("openings", "out_of_range")
                .with("min", 1)
                .with("max", MAX_OPENINGS),
        );
    }
    if input.scheduled_hours_per_month.is_none() {
        p.push("scheduled_hours_per_month", "required");
    }
    // The facts the law's checks run on: their own validation names the field at fault.
    let rule_input = RuleInput {
        programme: input.programme.trim().to_owned(),
        field: input.field.trim().to_owned(),
        prefecture: input.prefecture,
        start_date: input.start_date.clone(),
        contract_months: input.contract_months,
        scheduled_hours_per_month: input
            .scheduled_hours_per_month
            .clone()
            .unwrap_or(NumberOrText::Integer(0)),
        monthly_wage_jpy: input.monthly_wage_jpy,
        fees: input
            .fees
            .iter()
            .map(|f| FeeInput {
                kind: f.kind.trim().to_owned(),
                amount: f.amount,
                currency: f.currency.trim().to_owned(),
                payer: f.payer.trim().to_owned(),
            })
            .collect(),
        japanese_level: input.japanese_level.trim().to_owned(),
    };
    let facts = match rule_input.parse(core.rules().recruitment) {
        Ok(f) => Some(f),
        Err(e) => {
            match CoreError::from(e) {
                // A missing number of hours was reported above with a better message.
                CoreError::Invalid(errors) => errors
                    .into_iter()
                    .filter(|e| {
                        !(e.field == "scheduled_hours_per_month"
                            && input.scheduled_hours_per_month.is_none())
                    })
                    .for_each(|e| p.add(e)),
                other => return Err(other),
            }
            None
        }
    };
    p.into_result()?;
    let facts = facts.ok_or_else(|| CoreError::field("scheduled_hours_per_month", "required"))?;
    Ok(Valid {
        facts,
        title,
        description,
        municipality,
        skills_test,
        allowances,
    })
}
