//! Job postings: written by an employer's staff, checked against the law before they can be
//! published, and shown with their full disclosure. A posting is public only while it is
//! published and every organisation it names is in good standing.

mod applications;
pub mod disclosure;
mod hiring;
mod input;

pub use applications::{Applicant, ApplicationView, applicants, apply, my_applications, withdraw};
pub use disclosure::Disclosure;
pub use hiring::{
    ApplicationDetail, ApplicationState, ContractView, Event, Flag, OfferTerms, OfferView,
    Substitution, TermLine, TransitionInput, accepted_snapshot, application, authorize_view,
    contract_substitutions, expire_offers, transition as move_application,
};
pub use input::{Allowance, Bonus, FeeLine, Housing, Meals, PostingInput, PostingInsurance, Texts};

use crate::audit::{self, By, Change};
use crate::error::{BrokenRule, CoreError, CoreResult, FieldError};
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use crate::registry::{Record, records, require_all_in_good_standing};
use crate::roles::{Actor, OrgKind, id_enum};
use crate::{Core, Rules};
use disclosure::{Basis, Deductions, disclose};
use input::{Valid, validate};
use jiff::civil::Date;
use kakehashi_rules::recruitment::{
    Check, CheckStatus, ExchangeRates, Hours, NumberOrText, PostingFacts,
    PostingInput as RuleInput, check_posting_at, may_publish, parse_percent,
};
use kakehashi_store::Conn;
use kakehashi_store::organisations as org_store;
use kakehashi_store::postings::{self as store, PostingRow};
use serde::{Deserialize, Serialize};

id_enum! {
    PostingStatus {
        Draft = "draft",
        Published = "published",
        Closed = "closed",
    }
}

/// The checks about fees: the share of an organisation's postings that pass them is its
/// fee compliance on the public record.
const FEE_CHECKS: &[&str] = &[
    "service_fee_cap",
    "no_brokerage",
    "deposit",
    "esd_fee_share",
    "epa_no_fees",
];

/// An organisation a posting names, with its standing today.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OrgRef {
    pub id: String,
    pub name: String,
    pub name_romanised: String,
    pub kind: String,
    pub status: String,
    pub in_good_standing: bool,
}

/// A posting as shown on its page and in the API.
#[derive(Debug, Clone, Serialize)]
pub struct PostingView {
    pub id: String,
    pub status: String,
    pub employer: OrgRef,
    pub sending_enterprise: Option<OrgRef>,
    pub supervising_org: Option<OrgRef>,
    pub programme: String,
    pub field: String,
    pub title: Texts,
    pub description: Texts,
    pub prefecture: i64,
    pub municipality: String,
    pub contract_months: i64,
    pub scheduled_hours_per_month: String,
    pub monthly_wage_jpy: i64,
    pub allowances: Vec<Allowance>,
    pub overtime_premium_percent: i64,
    pub bonus: Bonus,
    pub housing: Housing,
    pub meals: Meals,
    pub commuting_allowance_jpy: i64,
    pub insurance: PostingInsurance,
    pub japanese_level: String,
    pub skills_test: String,
    pub start_date: String,
    pub openings: i64,
    pub fees: Vec<FeeLine>,
    /// The law's checks, each with its value, limit and source.
    pub checks: Vec<Check>,
    pub may_publish: bool,
    pub disclosure: Disclosure,
    /// Whether the public sees it now.
    pub visible: bool,
    /// Why it is hidden, when an organisation it names is not in good standing.
    pub hidden_because: Option<Refusal>,
    pub created_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Refusal {
    pub code: String,
    pub params: std::collections::BTreeMap<String, String>,
}

/// A posting in a list.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostingSummary {
    pub id: String,
    pub status: String,
    pub title: Texts,
    pub program: String,
    pub field: String,
    pub prefecture: i64,
    pub municipality: String,
    pub start_date: String,
    /// First-year take-home pay per month after every deduction, in yen.
    pub net_pay_jpy: i64,
    /// Everything the worker pays up front, in dong, at the newest rate on or before today
    /// (fees in yen at the selling rate).
    pub upfront_cost_vnd: i64,
    /// The date of that rate (`None` when the posting has no fee to convert or no rate
    /// covers today).
    pub rate_date: Option<String>,
    pub employer: String,
    pub employer_id: String,
    pub in_good_standing: bool,
}

fn broken(c: &Check) -> BrokenRule {
    BrokenRule {
        id: c.id.to_owned(),
        code: c.code.to_owned(),
        value: c.value.clone(),
        limit: c.limit.clone(),
        source: c.source.title.clone(),
        source_url: c.source.url.clone(),
        verification: serde_json::to_value(c.verification)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        detail: c.detail.clone(),
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn parse_json<T: for<'de> Deserialize<'de> + Default>(s: &str) -> T {
    serde_json::from_str(s).unwrap_or_default()
}

fn gross(facts: &PostingFacts, allowances: &[Allowance]) -> i64 {
    facts.monthly_wage_jpy + allowances.iter().map(|a| a.amount_jpy).sum::<i64>()
}

/// What the reader asks of a posting's figures: the yearly interest rate of their loan.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct DisclosureOptions {
    /// Yearly interest on the money borrowed for the upfront cost, in percent (0–100, at most
    /// two decimals, e.g. `12` or `6.6`); none when absent (no sourced default exists).
    pub loan_interest_percent_per_year: Option<String>,
}

impl DisclosureOptions {
    /// The rate in basis points; a bad value is an error naming
    /// `loan_interest_percent_per_year`.
    pub fn interest_basis_points(&self) -> CoreResult<Option<u32>> {
        match self
            .loan_interest_percent_per_year
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            None => Ok(None),
            Some(t) => Ok(Some(parse_percent(t, "loan_interest_percent_per_year")?)),
        }
    }
}

/// The facts of a stored posting, for its checks and disclosure.
fn facts_of(rules: Rules, row: &PostingRow) -> CoreResult<PostingFacts> {
    let fees: Vec<FeeLine> = parse_json(&row.fees_json);
    let input = RuleInput {
        programme: row.programme.clone(),
        field: row.field.clone(),
        prefecture: row.prefecture,
        start_date: row.start_date.clone(),
        contract_months: row.contract_months,
        scheduled_hours_per_month: NumberOrText::Text(
            Hours::from_hundredths(u32::try_from(row.scheduled_hours_x100).unwrap_or(0))
                .to_string(),
        ),
        monthly_wage_jpy: row.monthly_wage_jpy,
        fees: fees
            .into_iter()
            .map(|f| kakehashi_rules::recruitment::FeeInput {
                kind: f.kind,
                amount: f.amount,
                currency: f.currency,
                payer: f.payer,
            })
            .collect(),
        japanese_level: row.japanese_level.clone(),
    };
    Ok(input.parse(rules.recruitment)?)
}

/// Checks that named organisations exist and are of a kind that may play their part.
async fn check_partners(
    conn: &mut Conn,
    input: &PostingInput,
) -> CoreResult<(Option<String>, Option<String>)> {
    let mut problems = crate::error::Problems::new();
    let mut pick =
        async |field: &str, id: &Option<String>, kinds: &[OrgKind]| -> CoreResult<Option<String>> {
            let Some(id) = id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                return Ok(None);
            };
            match org_store::by_id(conn, id).await? {
                Some(o) if OrgKind::parse(&o.kind).is_some_and(|k| kinds.contains(&k)) => {
                    Ok(Some(o.id))
                }
                Some(_) => {
                    problems.add(FieldError::new(field, "wrong_organisation_kind"));
                    Ok(None)
                }
                None => {
                    problems.add(FieldError::new(field, "unknown_organisation"));
                    Ok(None)
                }
            }
        };
    let sending = pick(
        "sending_enterprise_id",
        &input.sending_enterprise_id,
        &[OrgKind::SendingEnterprise],
    )
    .await?;
    let supervising = pick(
        "supervising_org_id",
        &input.supervising_org_id,
        &[OrgKind::SupervisingOrg, OrgKind::RegisteredSupportOrg],
    )
    .await?;
    problems.into_result()?;
    Ok((sending, supervising))
}

/// The stored row for validated input: checks and the disclosure's key figures recomputed.
fn row_from(
    core: &Core,
    rates: &ExchangeRates,
    base: PostingRow,
    v: &Valid,
    input: &PostingInput,
) -> CoreResult<PostingRow> {
    let rules = core.rules();
    let checks = check_posting_at(rules.recruitment, rates, &v.facts);
    let d = disclose(
        &basis(core, rates, None),
        &v.facts,
        gross(&v.facts, &v.allowances),
        &deductions(input),
    )?;
    let fee_ok = !checks
        .iter()
        .any(|c| FEE_CHECKS.contains(&c.id) && c.status == CheckStatus::Failed);
    Ok(PostingRow {
        programme: v.facts.programme.id().to_owned(),
        field: v.facts.field.clone(),
        title_vi: v.title.vi.clone(),
        title_ja: v.title.ja.clone(),
        title_en: v.title.en.clone(),
        description_vi: v.description.vi.clone(),
        description_ja: v.description.ja.clone(),
        description_en: v.description.en.clone(),
        prefecture: i64::from(v.facts.prefecture),
        municipality: v.municipality.clone(),
        contract_months: i64::from(v.facts.contract_months),
        scheduled_hours_x100: i64::from(v.facts.scheduled_hours_per_month.hundredths()),
        monthly_wage_jpy: v.facts.monthly_wage_jpy,
        allowances_json: json(&v.allowances),
        overtime_premium_percent: input.overtime_premium_percent,
        bonus_json: json(&input.bonus),
        housing_provided: i64::from(input.housing.provided),
        rent_jpy: input.housing.rent_jpy,
        utilities_jpy: input.housing.utilities_jpy,
        meals_json: json(&input.meals),
        commuting_allowance_jpy: input.commuting_allowance_jpy,
        insurance_json: json(&input.insurance),
        japanese_level: v.facts.japanese_level.id().to_owned(),
        skills_test: v.skills_test.clone(),
        start_date: v.facts.start_date.to_string(),
        openings: input.openings,
        fees_json: json(
            &input
                .fees
                .iter()
                .map(|f| FeeLine {
                    kind: f.kind.trim().to_owned(),
                    amount: f.amount,
                    currency: f.currency.trim().to_owned(),
                    payer: f.payer.trim().to_owned(),
                })
                .collect::<Vec<_>>(),
        ),
        checks_passed: i64::from(may_publish(&checks)),
        fee_rules_passed: i64::from(fee_ok),
        net_pay_jpy: d.take_home_jpy,
        upfront_cost_vnd: d.upfront_cost_vnd,
        ..base
    })
}

fn basis<'a>(core: &Core, rates: &'a ExchangeRates, interest: Option<u32>) -> Basis<'a> {
    Basis {
        rules: core.rules(),
        rates,
        today: core.today(),
        interest_basis_points: interest,
    }
}

fn deductions(input: &PostingInput) -> Deductions {
    Deductions {
        housing_provided: input.housing.provided,
        rent_jpy: if input.housing.provided {
            input.housing.rent_jpy
        } else {
            0
        },
        utilities_jpy: if input.housing.provided {
            input.housing.utilities_jpy
        } else {
            0
        },
        meals_jpy: input.meals.deduction_jpy,
        commuting_allowance_jpy: input.commuting_allowance_jpy,
        // Validated with the rest of the input.
        schemes: input.insurance.schemes().unwrap_or_default(),
    }
}

/// What the employer typed, from the stored row (the base an offer changes).
pub(crate) fn input_of(row: &PostingRow) -> PostingInput {
    PostingInput {
        sending_enterprise_id: row.sending_enterprise_id.clone(),
        supervising_org_id: row.supervising_org_id.clone(),
        programme: row.programme.clone(),
        field: row.field.clone(),
        title: Texts {
            vi: row.title_vi.clone(),
            ja: row.title_ja.clone(),
            en: row.title_en.clone(),
        },
        description: Texts {
            vi: row.description_vi.clone(),
            ja: row.description_ja.clone(),
            en: row.description_en.clone(),
        },
        prefecture: row.prefecture,
        municipality: row.municipality.clone(),
        contract_months: row.contract_months,
        scheduled_hours_per_month: Some(NumberOrText::Text(
            Hours::from_hundredths(u32::try_from(row.scheduled_hours_x100).unwrap_or(0))
                .to_string(),
        )),
        monthly_wage_jpy: row.monthly_wage_jpy,
        allowances: parse_json(&row.allowances_json),
        overtime_premium_percent: row.overtime_premium_percent,
        bonus: parse_json(&row.bonus_json),
        housing: Housing {
            provided: row.housing_provided != 0,
            rent_jpy: row.rent_jpy,
            utilities_jpy: row.utilities_jpy,
        },
        meals: parse_json(&row.meals_json),
        commuting_allowance_jpy: row.commuting_allowance_jpy,
        insurance: parse_json(&row.insurance_json),
        japanese_level: row.japanese_level.clone(),
        skills_test: row.skills_test.clone(),
        start_date: row.start_date.clone(),
        openings: row.openings,
        fees: parse_json(&row.fees_json),
    }
}

fn snapshot(row: &PostingRow) -> Option<serde_json::Value> {
    audit::snapshot(row)
}

async fn commit(tx: kakehashi_store::Tx) -> CoreResult<()> {
    tx.commit()
        .await
        .map_err(kakehashi_store::StoreError::from)?;
    Ok(())
}

/// Refuses an actor who may not create postings, before any input is read.
pub fn authorize_create(actor: &Actor) -> CoreResult<String> {
    let employer_id = actor.organisation_id.clone().ok_or(CoreError::Forbidden)?;
    authorize(
        Some(actor),
        Action::CreatePosting {
            organisation_id: &employer_id,
        },
    )?;
    Ok(employer_id)
}

/// Refuses an actor who may not rewrite posting `id` (404 when it is not theirs), before any
/// input is read.
pub async fn authorize_update(core: &Core, actor: &Actor, id: &str) -> CoreResult<()> {
    let mut conn = core.db().conn().await?;
    owned(&mut conn, actor, id).await.map(|_| ())
}

/// Creates a draft posting for the actor's organisation.
pub async fn create(core: &Core, actor: &Actor, input: &PostingInput) -> CoreResult<PostingView> {
    let employer_id = authorize_create(actor)?;
    let v = validate(core, input)?;
    let rates = crate::rates::current(core).await?;
    let mut tx = core.db().begin().await?;
    let (sending, supervising) = check_partners(&mut tx, input).await?;
    let now = core.now();
    let base = PostingRow {
        id: new_id(),
        employer_id,
        sending_enterprise_id: sending,
        supervising_org_id: supervising,
        status: PostingStatus::Draft.id().to_owned(),
        created_by: actor.user_id.clone(),
        created_at: now,
        updated_at: now,
        ..empty_row()
    };
    let row = row_from(core, &rates, base, &v, input)?;
    store::save(&mut tx, &row, true).await?;
    audit::record(
        &mut tx,
        By::User(actor),
        now,
        Change {
            action: "posting.created",
            entity_type: "posting",
            entity_id: &row.id,
            before: None,
            after: snapshot(&row),
        },
    )
    .await?;
    commit(tx).await?;
    crate::search::after_change(core).await;
    view_row(core, &row).await
}

fn empty_row() -> PostingRow {
    PostingRow {
        id: String::new(),
        employer_id: String::new(),
        sending_enterprise_id: None,
        supervising_org_id: None,
        status: String::new(),
        programme: String::new(),
        field: String::new(),
        title_vi: String::new(),
        title_ja: String::new(),
        title_en: String::new(),
        description_vi: String::new(),
        description_ja: String::new(),
        description_en: String::new(),
        prefecture: 0,
        municipality: String::new(),
        contract_months: 0,
        scheduled_hours_x100: 0,
        monthly_wage_jpy: 0,
        allowances_json: "[]".into(),
        overtime_premium_percent: 0,
        bonus_json: "{}".into(),
        housing_provided: 0,
        rent_jpy: 0,
        utilities_jpy: 0,
        meals_json: "{}".into(),
        commuting_allowance_jpy: 0,
        insurance_json: "{}".into(),
        japanese_level: String::new(),
        skills_test: String::new(),
        start_date: String::new(),
        openings: 0,
        fees_json: "[]".into(),
        checks_passed: 0,
        fee_rules_passed: 0,
        net_pay_jpy: 0,
        upfront_cost_vnd: 0,
        created_by: String::new(),
        created_at: 0,
        updated_at: 0,
        published_at: None,
        closed_at: None,
    }
}

/// Loads a posting the actor may manage (another organisation's answers 404).
async fn owned(conn: &mut Conn, actor: &Actor, id: &str) -> CoreResult<PostingRow> {
    if !crate::ids::is_id(id) {
        return Err(CoreError::NotFound);
    }
    let row = store::by_id(conn, id).await?.ok_or(CoreError::NotFound)?;
    authorize(
        Some(actor),
        Action::ManagePosting {
            owner_id: &row.employer_id,
        },
    )?;
    Ok(row)
}

/// Rewrites a draft or a published posting. A published posting must still pass every check
/// and its organisations must still be in good standing.
pub async fn update(
    core: &Core,
    actor: &Actor,
    id: &str,
    input: &PostingInput,
) -> CoreResult<PostingView> {
    let v = validate(core, input)?;
    let rates = crate::rates::current(core).await?;
    let mut tx = core.db().begin().await?;
    let before = owned(&mut tx, actor, id).await?;
    if before.status == PostingStatus::Closed.id() {
        return Err(CoreError::refused("posting_closed", []));
    }
    let (sending, supervising) = check_partners(&mut tx, input).await?;
    let now = core.now();
    let base = PostingRow {
        sending_enterprise_id: sending,
        supervising_org_id: supervising,
        updated_at: now,
        ..before.clone()
    };
    let row = row_from(core, &rates, base, &v, input)?;
    if row.status == PostingStatus::Published.id() {
        ensure_publishable(core, &rates, &mut tx, &row).await?;
    }
    store::save(&mut tx, &row, false).await?;
    audit::record(
        &mut tx,
        By::User(actor),
        now,
        Change {
            action: "posting.updated",
            entity_type: "posting",
            entity_id: id,
            before: snapshot(&before),
            after: snapshot(&row),
        },
    )
    .await?;
    commit(tx).await?;
    crate::search::after_change(core).await;
    view_row(core, &row).await
}

/// Refuses publication when a check fails (listing every broken rule) or an organisation the
/// posting names is not in good standing today (saying which sanction, since when).
async fn ensure_publishable(
    core: &Core,
    rates: &ExchangeRates,
    conn: &mut Conn,
    row: &PostingRow,
) -> CoreResult<()> {
    let facts = facts_of(core.rules(), row)?;
    let checks = check_posting_at(core.rules().recruitment, rates, &facts);
    let broken: Vec<BrokenRule> = checks
        .iter()
        .filter(|c| c.blocks_publication())
        .map(broken)
        .collect();
    if !broken.is_empty() {
        return Err(CoreError::RulesBroken(broken));
    }
    require_all_in_good_standing(conn, &named(row), core.today()).await
}

/// The organisations a posting names: its employer, then its sending enterprise and
/// supervising organisation when it has them.
pub(crate) fn named(row: &PostingRow) -> Vec<&str> {
    [
        Some(row.employer_id.as_str()),
        row.sending_enterprise_id.as_deref(),
        row.supervising_org_id.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub async fn publish(core: &Core, actor: &Actor, id: &str) -> CoreResult<PostingView> {
    transition(core, actor, id, PostingStatus::Published).await
}

pub async fn close(core: &Core, actor: &Actor, id: &str) -> CoreResult<PostingView> {
    transition(core, actor, id, PostingStatus::Closed).await
}

async fn transition(
    core: &Core,
    actor: &Actor,
    id: &str,
    to: PostingStatus,
) -> CoreResult<PostingView> {
    let rates = crate::rates::current(core).await?;
    let mut tx = core.db().begin().await?;
    let before = owned(&mut tx, actor, id).await?;
    let from = PostingStatus::parse(&before.status)
        .ok_or_else(|| CoreError::Internal("posting status".into()))?;
    let allowed = matches!(
        (from, to),
        (PostingStatus::Draft, PostingStatus::Published)
            | (PostingStatus::Published, PostingStatus::Closed)
            | (PostingStatus::Draft, PostingStatus::Closed)
    );
    if !allowed {
        return Err(CoreError::refused(
            "posting_transition",
            [("from", from.id().to_owned()), ("to", to.id().to_owned())],
        ));
    }
    let now = core.now();
    let mut row = before.clone();
    row.status = to.id().to_owned();
    row.updated_at = now;
    match to {
        PostingStatus::Published => {
            ensure_publishable(core, &rates, &mut tx, &row).await?;
            row.published_at = Some(now);
        }
        PostingStatus::Closed => row.closed_at = Some(now),
        PostingStatus::Draft => {}
    }
    store::save(&mut tx, &row, false).await?;
    audit::record(
        &mut tx,
        By::User(actor),
        now,
        Change {
            action: if to == PostingStatus::Published {
                "posting.published"
            } else {
                "posting.closed"
            },
            entity_type: "posting",
            entity_id: id,
            before: Some(serde_json::json!({ "status": before.status })),
            after: Some(serde_json::json!({ "status": row.status })),
        },
    )
    .await?;
    commit(tx).await?;
    crate::search::after_change(core).await;
    view_row(core, &row).await
}

/// The checks and disclosure of input not yet saved (the form's preview).
pub async fn preview(
    core: &Core,
    input: &PostingInput,
    options: &DisclosureOptions,
) -> CoreResult<(Vec<Check>, Disclosure)> {
    let interest = options.interest_basis_points()?;
    let v = validate(core, input)?;
    let rates = crate::rates::current(core).await?;
    let checks = check_posting_at(core.rules().recruitment, &rates, &v.facts);
    let d = disclose(
        &basis(core, &rates, interest),
        &v.facts,
        gross(&v.facts, &v.allowances),
        &deductions(input),
    )?;
    Ok((checks, d))
}

fn org_ref(r: &Record, today: Date) -> OrgRef {
    let standing = r.standing(today);
    OrgRef {
        in_good_standing: standing.in_good_standing,
        id: r.org.id.clone(),
        name: r.org.name.clone(),
        name_romanised: r.org.name_romanised.clone(),
        kind: r.org.kind.clone(),
        status: standing.status,
    }
}

/// A posting with its checks and disclosure, and the standing of the organisations it names:
/// three statements (organisations, licences, sanctions) besides the posting's own row.
async fn view_row(core: &Core, row: &PostingRow) -> CoreResult<PostingView> {
    view_row_with(core, row, None).await
}

async fn view_row_with(
    core: &Core,
    row: &PostingRow,
    interest: Option<u32>,
) -> CoreResult<PostingView> {
    let rules = core.rules();
    let rates = crate::rates::current(core).await?;
    let today = core.today();
    let mut conn = core.db().conn().await?;
    let recs = records(&mut conn, &named(row)).await?;
    drop(conn);
    let find = |id: &str| {
        recs.iter()
            .find(|r| r.org.id == id)
            .ok_or(CoreError::NotFound)
    };
    let employer = org_ref(find(&row.employer_id)?, today);
    let sending = match &row.sending_enterprise_id {
        Some(id) => Some(org_ref(find(id)?, today)),
        None => None,
    };
    let supervising = match &row.supervising_org_id {
        Some(id) => Some(org_ref(find(id)?, today)),
        None => None,
    };
    let hidden_because = recs.iter().find_map(|r| match r.refusal(today) {
        Some(CoreError::Refused { code, params }) => Some(Refusal { code, params }),
        _ => None,
    });
    let facts = facts_of(rules, row)?;
    let checks = check_posting_at(rules.recruitment, &rates, &facts);
    let allowances: Vec<Allowance> = parse_json(&row.allowances_json);
    let meals: Meals = parse_json(&row.meals_json);
    let housing = Housing {
        provided: row.housing_provided != 0,
        rent_jpy: row.rent_jpy,
        utilities_jpy: row.utilities_jpy,
    };
    let insurance: PostingInsurance = parse_json(&row.insurance_json);
    let deductions = Deductions {
        housing_provided: housing.provided,
        rent_jpy: if housing.provided { row.rent_jpy } else { 0 },
        utilities_jpy: if housing.provided {
            row.utilities_jpy
        } else {
            0
        },
        meals_jpy: meals.deduction_jpy,
        commuting_allowance_jpy: row.commuting_allowance_jpy,
        // Stored only after validation.
        schemes: insurance.schemes().unwrap_or_default(),
    };
    let disclosure = disclose(
        &basis(core, &rates, interest),
        &facts,
        gross(&facts, &allowances),
        &deductions,
    )?;
    Ok(PostingView {
        id: row.id.clone(),
        status: row.status.clone(),
        visible: row.status == PostingStatus::Published.id() && hidden_because.is_none(),
        hidden_because,
        employer,
        sending_enterprise: sending,
        supervising_org: supervising,
        programme: row.programme.clone(),
        field: row.field.clone(),
        title: Texts {
            vi: row.title_vi.clone(),
            ja: row.title_ja.clone(),
            en: row.title_en.clone(),
        },
        description: Texts {
            vi: row.description_vi.clone(),
            ja: row.description_ja.clone(),
            en: row.description_en.clone(),
        },
        prefecture: row.prefecture,
        municipality: row.municipality.clone(),
        contract_months: row.contract_months,
        scheduled_hours_per_month: facts.scheduled_hours_per_month.to_string(),
        monthly_wage_jpy: row.monthly_wage_jpy,
        allowances,
        overtime_premium_percent: row.overtime_premium_percent,
        bonus: parse_json(&row.bonus_json),
        housing,
        meals,
        commuting_allowance_jpy: row.commuting_allowance_jpy,
        insurance,
        japanese_level: row.japanese_level.clone(),
        skills_test: row.skills_test.clone(),
        start_date: row.start_date.clone(),
        openings: row.openings,
        fees: parse_json(&row.fees_json),
        may_publish: may_publish(&checks),
        checks,
        disclosure,
        created_at: row.created_at,
        published_at: row.published_at,
        closed_at: row.closed_at,
    })
}

/// A posting for whoever asks: the public sees it only while it is published and every
/// organisation it names is in good standing; its own staff, regulators and admins always.
pub async fn view(core: &Core, actor: Option<&Actor>, id: &str) -> CoreResult<PostingView> {
    view_with(core, actor, id, &DisclosureOptions::default()).await
}

/// [`view`] with the reader's loan rate for the realistic months to repay.
pub async fn view_with(
    core: &Core,
    actor: Option<&Actor>,
    id: &str,
    options: &DisclosureOptions,
) -> CoreResult<PostingView> {
    let interest = options.interest_basis_points()?;
    if !crate::ids::is_id(id) {
        return Err(CoreError::NotFound);
    }
    let mut conn = core.db().conn().await?;
    let row = store::by_id(&mut conn, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    drop(conn);
    let insider = crate::policy::may(
        actor,
        Action::SeeUnpublishedPosting {
            owner_id: &row.employer_id,
        },
    );
    // Whether the public may see it is decided with the standing the view computes anyway
    // (the same definition as the public list's SQL, see `registry::standing`).
    let v = view_row_with(core, &row, interest).await?;
    if !v.visible && !insider {
        return Err(CoreError::NotFound);
    }
    Ok(v)
}

/// The worker's upfront cost in dong at today's rate, and the rate's date; the stored figure
/// (computed when the posting was saved) if the fees cannot be converted.
fn upfront_now(core: &Core, rates: &ExchangeRates, row: &PostingRow) -> (i64, Option<String>) {
    let lines: Vec<FeeLine> = parse_json(&row.fees_json);
    let fees: Result<Vec<_>, _> = lines
        .iter()
        .enumerate()
        .map(|(i, f)| {
            kakehashi_rules::recruitment::FeeInput {
                kind: f.kind.clone(),
                amount: f.amount,
                currency: f.currency.clone(),
                payer: f.payer.clone(),
            }
            .parse(i)
        })
        .collect();
    match fees.and_then(|fees| {
        core.rules()
            .recruitment
            .cost_summary_at(rates, &fees, core.today())
    }) {
        Ok(c) => (c.worker_upfront_vnd, c.rate.map(|r| r.date.to_string())),
        Err(_) => (row.upfront_cost_vnd, None),
    }
}

fn summary(
    row: PostingRow,
    employer: String,
    good: bool,
    upfront: (i64, Option<String>),
) -> PostingSummary {
    PostingSummary {
        id: row.id,
        status: row.status,
        title: Texts {
            vi: row.title_vi,
            ja: row.title_ja,
            en: row.title_en,
        },
        program: row.programme,
        field: row.field,
        prefecture: row.prefecture,
        municipality: row.municipality,
        start_date: row.start_date,
        net_pay_jpy: row.net_pay_jpy,
        upfront_cost_vnd: upfront.0,
        rate_date: upfront.1,
        employer,
        employer_id: row.employer_id,
        in_good_standing: good,
    }
}

/// The actor's organisation's postings, every status.
pub async fn mine(core: &Core, actor: &Actor) -> CoreResult<Vec<PostingSummary>> {
    let org = actor.organisation_id.clone().ok_or(CoreError::Forbidden)?;
    authorize(
        Some(actor),
        Action::CreatePosting {
            organisation_id: &org,
        },
    )?;
    let mut conn = core.db().conn().await?;
    let me = org_ref(
        &crate::registry::record_of(&mut conn, &org).await?,
        core.today(),
    );
    drop(conn);
    let rates = crate::rates::current(core).await?;
    let mut conn = core.db().conn().await?;
    Ok(store::of_employer(&mut conn, &org)
        .await?
        .into_iter()
        .map(|r| {
            let upfront = upfront_now(core, &rates, &r);
            summary(r, me.name.clone(), me.in_good_standing, upfront)
        })
        .collect())
}

/// A partner a posting names: its sending enterprise, or its supervising (or registered
/// support) organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partner {
    Sending,
    Supervising,
}

impl Partner {
    pub fn kinds(self) -> &'static [OrgKind] {
        match self {
            Partner::Sending => &[OrgKind::SendingEnterprise],
            Partner::Supervising => &[OrgKind::SupervisingOrg, OrgKind::RegisteredSupportOrg],
        }
    }
}

/// What an employer's words for a partner name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerPick {
    Found(String),
    /// Several match: (id, label) of the first few, to choose from.
    Several(Vec<(String, String)>),
    NotFound,
}

/// How many matches are offered to choose from.
const PARTNER_CHOICES: i64 = 10;

/// Finds the partner an employer means by an id, a licence number, an enterprise code or a
/// name, through the registry look-up (the registry is far too large for a pick list).
pub async fn find_partner(
    core: &Core,
    actor: &Actor,
    partner: Partner,
    text: &str,
) -> CoreResult<PartnerPick> {
    let org = actor.organisation_id.clone().ok_or(CoreError::Forbidden)?;
    authorize(
        Some(actor),
        Action::CreatePosting {
            organisation_id: &org,
        },
    )?;
    let text = text.trim();
    let of_kind = |kind: &str| OrgKind::parse(kind).is_some_and(|k| partner.kinds().contains(&k));
    if crate::ids::is_id(text) {
        let mut conn = core.db().conn().await?;
        if let Some(o) = org_store::by_id(&mut conn, text).await?
            && of_kind(&o.kind)
        {
            return Ok(PartnerPick::Found(o.id));
        }
    }
    let mut found = Vec::new();
    for kind in partner.kinds() {
        let q = crate::registry::LookupQuery {
            q: Some(text.to_owned()),
            kind: Some(kind.id().to_owned()),
            per_page: Some(PARTNER_CHOICES),
            ..Default::default()
        };
        match crate::registry::lookup(core, &q).await {
            Ok(page) => found.extend(page.items),
            Err(CoreError::Invalid(_)) => return Ok(PartnerPick::NotFound),
            Err(e) => return Err(e),
        }
    }
    // A licence number or enterprise code typed in full names one organisation.
    let folded = crate::text::fold(text).replace(' ', "");
    let exact: Vec<_> = found
        .iter()
        .filter(|i| {
            [i.licence_number.as_deref(), i.enterprise_code.as_deref()]
                .into_iter()
                .flatten()
                .any(|c| crate::text::fold(c).replace(' ', "") == folded)
        })
        .collect();
    Ok(match (exact.as_slice(), found.len()) {
        ([one], _) => PartnerPick::Found(one.id.clone()),
        (_, 0) => PartnerPick::NotFound,
        (_, 1) => PartnerPick::Found(found[0].id.clone()),
        _ => PartnerPick::Several(
            found
                .into_iter()
                .take(PARTNER_CHOICES as usize)
                .map(|i| (i.id, format!("{} ({})", i.name, i.name_romanised)))
                .collect(),
        ),
    })
}
