//! `kakehashi calc …`: the calculators on the command line, with the same rules, figures and
//! explanation lines as the API and the page.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use kakehashi_core::calculator::{
    self, MAX_AGE, MAX_DEPENDENTS, MAX_MONTHLY_WAGE_JPY, MIN_AGE, NetPay, NetPayInput,
    NetPayRequest,
};
use kakehashi_core::clock::{Clock, SystemClock};
use kakehashi_core::{CoreError, FieldError};
use kakehashi_rules::geo::Geo;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum CalcCommand {
    /// Take-home pay for a monthly wage in Japan: every deduction (health insurance, long-term
    /// care, pension, employment insurance, income tax, resident tax) with the rule and source
    /// behind it.
    NetPay(NetPayArgs),
}

#[derive(Args)]
pub struct NetPayArgs {
    /// Prefecture of the workplace: JIS code 1–47 (13 = Tokyo) or its name (Tokyo, 東京都).
    #[arg(long, allow_hyphen_values = true)]
    prefecture: String,
    /// Gross monthly wage in yen, every taxable allowance included.
    #[arg(long, value_name = "JPY", allow_negative_numbers = true)]
    monthly_wage: i64,
    /// Age in whole years.
    #[arg(long, allow_negative_numbers = true)]
    age: i64,
    /// Dependants declared for withholding (扶養親族等の数).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    dependents: i64,
    /// Apply the rules in force on this date (YYYY-MM-DD) [default: today, Viet Nam time].
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    date: Option<String>,
    /// Print the answer as JSON (the object the API returns), nothing else.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    rules: crate::setup::RulesArgs,
}

pub async fn run(cmd: CalcCommand) -> Result<ExitCode> {
    match cmd {
        CalcCommand::NetPay(args) => net_pay_command(&args),
    }
}

/// The flag that sets each input field, for messages.
fn flag(field: &str) -> &str {
    match field {
        "prefecture" => "--prefecture",
        "monthly_wage_jpy" => "--monthly-wage",
        "age" => "--age",
        "dependents" => "--dependents",
        "date" => "--date",
        other => other,
    }
}

/// What a field accepts, added to a range error so the message says the rule.
fn accepted(field: &str) -> Option<String> {
    match field {
        "monthly_wage_jpy" => Some(format!("1 to {MAX_MONTHLY_WAGE_JPY} yen")),
        "age" => Some(format!("{MIN_AGE} to {MAX_AGE}")),
        "dependents" => Some(format!("0 to {MAX_DEPENDENTS}")),
        "prefecture" => Some("a JIS code 1 to 47 or a prefecture's name".to_owned()),
        "date" => Some("YYYY-MM-DD, on or after the oldest rule".to_owned()),
        _ => None,
    }
}

/// Fails naming the flag at fault, its error code, the parameters and what is accepted
/// (exit code 1), like `setup::bail_on` but with this command's flag names.
fn bail_on<T>(r: Result<T, CoreError>) -> Result<T> {
    match r {
        Ok(v) => Ok(v),
        Err(CoreError::Invalid(errors)) => {
            let lines: Vec<String> = errors.iter().map(describe).collect();
            bail!("invalid input:\n  {}", lines.join("\n  "))
        }
        Err(e) => bail!("{e}"),
    }
}

fn describe(e: &FieldError) -> String {
    let mut out = format!("{}: {}", flag(&e.field), e.code);
    for (k, v) in &e.params {
        out.push_str(&format!(" {k}={v}"));
    }
    if let Some(ok) = accepted(&e.field) {
        out.push_str(&format!(" (accepted: {ok})"));
    }
    out
}

/// A JIS code, or a prefecture's English or Japanese name (any case; "Tokyo", "東京", "東京都").
fn prefecture_code(geo: &Geo, text: &str) -> Result<i64, CoreError> {
    let t = text.trim();
    if let Ok(code) = t.parse::<i64>() {
        return Ok(code);
    }
    let folded = t.to_lowercase();
    let english = folded.strip_suffix(" prefecture").unwrap_or(&folded);
    geo.prefectures()
        .iter()
        .find(|p| {
            p.name_ja == t
                || p.name_ja.strip_suffix(['都', '道', '府', '県']) == Some(t)
                || p.name_en.to_lowercase() == english
        })
        .map(|p| i64::from(p.code))
        .ok_or_else(|| CoreError::field("prefecture", "unknown_prefecture"))
}

fn net_pay_command(args: &NetPayArgs) -> Result<ExitCode> {
    let rules = args.rules.load()?;
    let mut errors = Vec::new();
    let prefecture = prefecture_code(rules.geo, &args.prefecture).unwrap_or_else(|e| {
        if let CoreError::Invalid(es) = e {
            errors.extend(es);
        }
        0
    });
    bail_on(if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    })?;
    let request = NetPayRequest {
        prefecture,
        monthly_wage_jpy: args.monthly_wage,
        age: args.age,
        dependents: Some(args.dependents),
        date: args.date.clone(),
    };
    let calc = bail_on(calculator::net_pay(rules, SystemClock.today(), &request))?;
    let (pay, input, date_given) = (calc.pay, calc.input, !calc.date_is_today);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&pay)?);
    } else {
        print!("{}", table(rules.geo, &input, date_given, &pay));
    }
    Ok(ExitCode::SUCCESS)
}

/// 220000 → "220,000".
fn yen(n: i64) -> String {
    kakehashi_i18n::format_int(kakehashi_i18n::Lang::En, n)
}

/// The readable answer: the figures, then every line with its rule and source, then the notes.
fn table(geo: &Geo, input: &NetPayInput, date_given: bool, pay: &NetPay<'_>) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let place = geo
        .prefecture(input.prefecture, "prefecture")
        .map(|p| format!("{} ({})", p.name_en, p.name_ja))
        .unwrap_or_default();
    line(format!(
        "Take-home pay: {place}, age {}, {} dependant(s), rules in force on {}{}",
        input.age,
        input.dependents,
        input.date,
        if date_given { "" } else { " (today)" }
    ));
    line(String::new());
    let levy = pay
        .lines
        .iter()
        .find(|l| l.id == "child_support_levy")
        .map_or(0, |l| l.amount_jpy);
    let rows: [(&str, i64); 12] = [
        ("monthly wage", input.monthly_wage_jpy),
        (
            "standard monthly remuneration",
            pay.standard_monthly_remuneration_jpy,
        ),
        ("  (pension)", pay.pension_standard_monthly_remuneration_jpy),
        ("health insurance", pay.health_insurance_jpy),
        ("  of which child support levy", levy),
        ("long-term care", pay.long_term_care_jpy),
        ("pension", pay.pension_jpy),
        ("employment insurance", pay.employment_insurance_jpy),
        ("income tax", pay.income_tax_jpy),
        ("resident tax (from the 2nd year)", pay.resident_tax_jpy),
        ("net pay, first year", pay.net_pay_first_year_jpy),
        ("net pay, from the 2nd year", pay.net_pay_jpy),
    ];
    for (label, amount) in rows {
        line(format!("{label:<34} {:>12} JPY", yen(amount)));
    }
    line(String::new());
    line("How it was reached:".to_owned());
    line(format!(
        "{:<30} {:>12} {:>9} {:>12}  {:<44} {:<10}  source",
        "line", "base", "rate", "amount", "rule", "from"
    ));
    for l in &pay.lines {
        let rate = l.rate.map(|r| r.to_string()).unwrap_or_default();
        let from = l.effective_from.map(|d| d.to_string()).unwrap_or_default();
        let source = match &l.source.url {
            Some(url) => format!("{} <{url}>", l.source.title),
            None => l.source.title.clone(),
        };
        line(format!(
            "{:<30} {:>12} {:>9} {:>12}  {:<44} {:<10}  {source}",
            l.id,
            yen(l.base_jpy),
            rate,
            yen(l.amount_jpy),
            l.rule,
            from
        ));
    }
    if !pay.notes.is_empty() {
        line(String::new());
        line("Notes:".to_owned());
        for n in &pay.notes {
            line(format!("  ! {} ({}): {}", n.code, flag(n.field), n.detail));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefectures_by_code_or_name() {
        assert_eq!(prefecture_code(Geo::embedded(), "13").unwrap(), 13);
        assert_eq!(prefecture_code(Geo::embedded(), "Tokyo").unwrap(), 13);
        assert_eq!(prefecture_code(Geo::embedded(), "tokyo").unwrap(), 13);
        assert_eq!(prefecture_code(Geo::embedded(), "東京都").unwrap(), 13);
        assert_eq!(prefecture_code(Geo::embedded(), "東京").unwrap(), 13);
        assert_eq!(prefecture_code(Geo::embedded(), "大阪府").unwrap(), 27);
        assert!(prefecture_code(Geo::embedded(), "Atlantis").is_err());
        // A number is passed on; the rules say whether it is a prefecture.
        assert_eq!(prefecture_code(Geo::embedded(), "48").unwrap(), 48);
    }

    #[test]
    fn errors_name_the_flag_and_the_rule() {
        let e = FieldError::new("monthly_wage_jpy", "must_be_positive");
        let text = describe(&e);
        assert!(
            text.starts_with("--monthly-wage: must_be_positive"),
            "{text}"
        );
        assert!(text.contains("10000000"), "{text}");
    }
}
