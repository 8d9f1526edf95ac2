//! The hiring process, from `submitted` to `departed`: who may move an application to which
//! state (decided in the policy module), the dated timeline, the offer with its disclosure
//! compared line by line with the posting, the snapshot the worker accepted with its SHA-256,
//! and the signed contract compared with that offer (a worse term is a possible contract
//! substitution, flagged to the worker and listed for regulators).

use super::{
    Allowance, Bonus, Disclosure, FeeLine, Housing, Meals, PostingInput, Texts, basis, broken,
    deductions, disclose, gross, input_of, validate,
};
use crate::audit::{self, By, Change};
use crate::clock::start_of_day_micros;
use crate::crypto::sha256_hex;
use crate::error::{BrokenRule, CoreError, CoreResult, FieldError};
use crate::ids::new_id;
use crate::notifications::notify;
use crate::policy::{self, Action, Parties, authorize, may};
use crate::roles::id_enum;
use crate::{Actor, Core};
use kakehashi_rules::recruitment::{ExchangeRates, Hours, NumberOrText, check_posting_at};
use kakehashi_store::hiring::{self as store, EventRow, FlagRow, OfferRow};
use kakehashi_store::postings::{self as posting_store, ApplicationRow, PostingRow};
use kakehashi_store::{Conn, users};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

id_enum! {
    /// Where an application stands.
    ApplicationState {
        Submitted = "submitted",
        Screening = "screening",
        Interview = "interview",
        Offered = "offered",
        Accepted = "accepted",
        ContractSigned = "contract_signed",
        CoeIssued = "coe_issued",
        VisaIssued = "visa_issued",
        Departed = "departed",
        Withdrawn = "withdrawn",
        Rejected = "rejected",
        Expired = "expired",
    }
}

impl ApplicationState {
    /// The states an application may move to from this one. Screening and the interview may
    /// be skipped; the worker may withdraw at any time before departure; the organisation may
    /// reject until the offer is accepted; only an offer expires.
    pub fn next(self) -> &'static [ApplicationState] {
        use ApplicationState::*;
        match self {
            Submitted => &[Screening, Interview, Offered, Rejected, Withdrawn],
            Screening => &[Interview, Offered, Rejected, Withdrawn],
            Interview => &[Offered, Rejected, Withdrawn],
            Offered => &[Accepted, Rejected, Withdrawn, Expired],
            Accepted => &[ContractSigned, Withdrawn],
            ContractSigned => &[CoeIssued, Withdrawn],
            CoeIssued => &[VisaIssued, Withdrawn],
            VisaIssued => &[Departed, Withdrawn],
            Departed | Withdrawn | Rejected | Expired => &[],
        }
    }

    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }
}

/// The terms an offer (or the signed contract) may change from the posting; an absent field
/// keeps the posting's (or the accepted offer's) value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct OfferTerms {
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 120))]
    pub contract_months: Option<i64>,
    /// e.g. `160` or `"173.33"`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub scheduled_hours_per_month: Option<NumberOrText>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10_000_000))]
    pub monthly_wage_jpy: Option<i64>,
    pub allowances: Option<Vec<Allowance>>,
    pub overtime_premium_percent: Option<i64>,
    pub bonus: Option<Bonus>,
    pub housing: Option<Housing>,
    pub meals: Option<Meals>,
    pub commuting_allowance_jpy: Option<i64>,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub start_date: Option<String>,
    /// Every fee, with who pays it (replaces the list).
    pub fees: Option<Vec<FeeLine>>,
    /// Offers only: the last day (Viet Nam time) to accept; the offer expires after it.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub respond_by: Option<String>,
}

impl OfferTerms {
    fn over(&self, base: &PostingInput) -> PostingInput {
        let mut t = base.clone();
        let s = self.clone();
        macro_rules! take {
            ($($f:ident),*) => { $(if let Some(v) = s.$f { t.$f = v; })* };
        }
        take!(
            contract_months,
            monthly_wage_jpy,
            allowances,
            overtime_premium_percent,
            bonus,
            housing,
            meals,
            commuting_allowance_jpy,
            start_date,
            fees
        );
        if let Some(h) = s.scheduled_hours_per_month {
            t.scheduled_hours_per_month = Some(h);
        }
        t
    }
}

/// What a worker compares: the figures of a posting, an offer or a contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct Figures {
    monthly_wage_jpy: i64,
    allowances_jpy: i64,
    hours_x100: i64,
    overtime_premium_percent: i64,
    bonus_jpy_per_year: i64,
    rent_jpy: i64,
    utilities_jpy: i64,
    meals_jpy: i64,
    commuting_allowance_jpy: i64,
    contract_months: i64,
    start_date: String,
    take_home_jpy: i64,
    /// The worker's share of each fee, by `kind/currency`.
    worker_fees: BTreeMap<String, i64>,
}

/// One line of a comparison: a term before (posting or accepted offer) and after (offer or
/// signed contract); `worse` when the change hurts the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermLine {
    /// `monthly_wage_jpy`, `allowances_jpy`, `scheduled_hours_per_month`,
    /// `overtime_premium_percent`, `bonus_jpy_per_year`, `rent_jpy`, `utilities_jpy`,
    /// `meals_jpy`, `commuting_allowance_jpy`, `contract_months`, `start_date`,
    /// `take_home_jpy`, or `fee:<kind>:<currency>` (paid by the worker).
    pub term: String,
    /// `JPY`, `VND`, `hours`, `percent`, `months` or `date`.
    pub unit: String,
    pub before: String,
    pub after: String,
    pub changed: bool,
    pub worse: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Better {
    Higher,
    Lower,
    Neither,
}

fn compare(a: &Figures, b: &Figures) -> Vec<TermLine> {
    use Better::*;
    let mut out = Vec::new();
    let mut num = |term: &str, unit: &str, x: i64, y: i64, better: Better| {
        let shown = |v: i64| {
            if unit == "hours" {
                Hours::from_hundredths(u32::try_from(v).unwrap_or(0)).to_string()
            } else {
                v.to_string()
            }
        };
        out.push(TermLine {
            term: term.to_owned(),
            unit: unit.to_owned(),
            before: shown(x),
            after: shown(y),
            changed: x != y,
            worse: match better {
                Higher => y < x,
                Lower => y > x,
                Neither => false,
            },
        });
    };
    num(
        "monthly_wage_jpy",
        "JPY",
        a.monthly_wage_jpy,
        b.monthly_wage_jpy,
        Higher,
    );
    num(
        "allowances_jpy",
        "JPY",
        a.allowances_jpy,
        b.allowances_jpy,
        Higher,
    );
    num(
        "scheduled_hours_per_month",
        "hours",
        a.hours_x100,
        b.hours_x100,
        Lower,
    );
    num(
        "overtime_premium_percent",
        "percent",
        a.overtime_premium_percent,
        b.overtime_premium_percent,
        Higher,
    );
    num(
        "bonus_jpy_per_year",
        "JPY",
        a.bonus_jpy_per_year,
        b.bonus_jpy_per_year,
        Higher,
    );
    num("rent_jpy", "JPY", a.rent_jpy, b.rent_jpy, Lower);
    num(
        "utilities_jpy",
        "JPY",
        a.utilities_jpy,
        b.utilities_jpy,
        Lower,
    );
    num("meals_jpy", "JPY", a.meals_jpy, b.meals_jpy, Lower);
    num(
        "commuting_allowance_jpy",
        "JPY",
        a.commuting_allowance_jpy,
        b.commuting_allowance_jpy,
        Higher,
    );
    num(
        "contract_months",
        "months",
        a.contract_months,
        b.contract_months,
        Neither,
    );
    num(
        "take_home_jpy",
        "JPY",
        a.take_home_jpy,
        b.take_home_jpy,
        Higher,
    );
    let kinds: std::collections::BTreeSet<&String> =
        a.worker_fees.keys().chain(b.worker_fees.keys()).collect();
    for k in kinds {
        let currency = k.rsplit('/').next().unwrap_or_default();
        let kind = k.split('/').next().unwrap_or_default();
        num(
            &format!("fee:{kind}:{currency}"),
            currency,
            a.worker_fees.get(k).copied().unwrap_or(0),
            b.worker_fees.get(k).copied().unwrap_or(0),
            Lower,
        );
    }
    out.push(TermLine {
        term: "start_date".into(),
        unit: "date".into(),
        before: a.start_date.clone(),
        after: b.start_date.clone(),
        changed: a.start_date != b.start_date,
        worse: false,
    });
    out
}

struct Computed {
    input: PostingInput,
    disclosure: Disclosure,
    figures: Figures,
}

/// Validates terms and computes their disclosure. With `enforce`, terms that break the law are
/// refused with every broken rule, as for a posting; field errors are named under `prefix`.
fn compute(
    core: &Core,
    rates: &ExchangeRates,
    input: PostingInput,
    prefix: &str,
    enforce: bool,
) -> CoreResult<Computed> {
    let v = validate(core, &input).map_err(|e| match e {
        CoreError::Invalid(fields) => CoreError::Invalid(
            fields
                .into_iter()
                .map(|f| FieldError {
                    field: format!("{prefix}{}", f.field),
                    ..f
                })
                .collect(),
        ),
        other => other,
    })?;
    if enforce {
        let checks = check_posting_at(core.rules().recruitment, rates, &v.facts);
        let broken: Vec<BrokenRule> = checks
            .iter()
            .filter(|c| c.blocks_publication())
            .map(broken)
            .collect();
        if !broken.is_empty() {
            return Err(CoreError::RulesBroken(broken));
        }
    }
    let d = deductions(&input);
    let disclosure = disclose(
        &basis(core, rates, None),
        &v.facts,
        gross(&v.facts, &v.allowances),
        &d,
    )?;
    let mut worker_fees = BTreeMap::new();
    for f in input.fees.iter().filter(|f| f.payer.trim() == "worker") {
        *worker_fees
            .entry(format!("{}/{}", f.kind.trim(), f.currency.trim()))
            .or_insert(0) += f.amount;
    }
    let figures = Figures {
        monthly_wage_jpy: input.monthly_wage_jpy,
        allowances_jpy: v.allowances.iter().map(|a| a.amount_jpy).sum(),
        hours_x100: i64::from(v.facts.scheduled_hours_per_month.hundredths()),
        overtime_premium_percent: input.overtime_premium_percent,
        bonus_jpy_per_year: input.bonus.jpy_per_year,
        rent_jpy: d.rent_jpy,
        utilities_jpy: d.utilities_jpy,
        meals_jpy: d.meals_jpy,
        commuting_allowance_jpy: input.commuting_allowance_jpy,
        contract_months: input.contract_months,
        start_date: v.facts.start_date.to_string(),
        take_home_jpy: disclosure.take_home_jpy,
        worker_fees,
    };
    Ok(Computed {
        input,
        disclosure,
        figures,
    })
}

/// The stored terms of an offer: what was offered, its figures, and how it compares with the
/// posting at the time of the offer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredTerms {
    terms: PostingInput,
    figures: Figures,
    comparison: Vec<TermLine>,
    respond_by: Option<String>,
}

/// The signed contract's terms compared with the accepted offer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredContract {
    terms: PostingInput,
    figures: Figures,
    comparison: Vec<TermLine>,
}

/// One step on an application's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub state: ApplicationState,
    /// Microseconds since the Unix epoch.
    pub at: i64,
    /// `worker`, `employer`, `sending_enterprise` or `platform`.
    pub by: String,
    /// The reason code of a rejection (message `rejection-reason-<code>`).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferView {
    /// Every term of the offer (the posting's, with what the offer changed).
    pub terms: PostingInput,
    /// The full disclosure of the offer, exactly as the worker acknowledges it.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub disclosure: serde_json::Value,
    /// SHA-256 (hex) of that disclosure's JSON text: what accepting acknowledges.
    pub disclosure_sha256: String,
    /// The offer compared line by line with the posting.
    pub comparison: Vec<TermLine>,
    /// The last day to accept (`YYYY-MM-DD`, Viet Nam time), if any.
    pub respond_by: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractView {
    pub terms: PostingInput,
    /// The contract compared line by line with the accepted offer.
    pub comparison: Vec<TermLine>,
    pub signed_at: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flag {
    /// `contract_substitution`.
    pub kind: String,
    /// For `contract_substitution`: `{term, unit, offered, signed}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationDetail {
    pub id: String,
    pub posting_id: String,
    pub posting_title: Texts,
    pub employer_id: String,
    pub via_organisation_id: Option<String>,
    pub supervising_org_id: Option<String>,
    pub state: ApplicationState,
    /// The worker's name (shown to the organisations involved).
    pub worker_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub timeline: Vec<Event>,
    pub offer: Option<OfferView>,
    /// SHA-256 of the disclosure the worker accepted (equal to the offer's), once accepted.
    pub accepted_disclosure_sha256: Option<String>,
    /// SHA-256 of the stored acceptance snapshot (terms, disclosure, time).
    pub accepted_snapshot_sha256: Option<String>,
    pub accepted_at: Option<i64>,
    pub contract: Option<ContractView>,
    pub flags: Vec<Flag>,
    /// The states the reader may move the application to now.
    pub next_states: Vec<ApplicationState>,
}

/// A transition as the API and the pages send it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct TransitionInput {
    /// The state to move to.
    pub to: String,
    /// With `offered`: the terms that differ from the posting (none: the posting's terms).
    pub offer: Option<OfferTerms>,
    /// With `accepted`: the `offer.disclosure_sha256` the worker read and acknowledged.
    pub acknowledged_disclosure_sha256: Option<String>,
    /// With `contract_signed`: the signed contract's terms that differ from the offer.
    pub contract: Option<OfferTerms>,
    /// With `rejected`: a reason code from the list (`GET /api/v1/rejection-reasons`).
    pub reason: Option<String>,
}

fn parties<'a>(a: &'a ApplicationRow, p: &'a PostingRow) -> Parties<'a> {
    Parties {
        worker_id: &a.worker_id,
        employer_id: &p.employer_id,
        via_id: a.via_organisation_id.as_deref(),
        supervising_id: p.supervising_org_id.as_deref(),
    }
}

async fn load(conn: &mut Conn, id: &str) -> CoreResult<(ApplicationRow, PostingRow)> {
    if !crate::ids::is_id(id) {
        return Err(CoreError::NotFound);
    }
    let a = posting_store::application(conn, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let p = posting_store::by_id(conn, &a.posting_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok((a, p))
}

fn state_of(a: &ApplicationRow) -> CoreResult<ApplicationState> {
    ApplicationState::parse(&a.status)
        .ok_or_else(|| CoreError::Internal(format!("application state {}", a.status)))
}

/// Refuses, before the body is read, anyone who may not see application `id`.
pub async fn authorize_view(core: &Core, actor: &Actor, id: &str) -> CoreResult<()> {
    let mut conn = core.db().conn().await?;
    let (a, p) = load(&mut conn, id).await?;
    authorize(
        Some(actor),
        Action::ViewApplication {
            parties: parties(&a, &p),
        },
    )
}

/// An application with its timeline, offer, acceptance, contract and flags.
pub async fn application(core: &Core, actor: &Actor, id: &str) -> CoreResult<ApplicationDetail> {
    let mut conn = core.db().conn().await?;
    let (a, p) = load(&mut conn, id).await?;
    let parties = parties(&a, &p);
    authorize(Some(actor), Action::ViewApplication { parties })?;
    detail(&mut conn, Some(actor), &a, &p).await
}

async fn detail(
    conn: &mut Conn,
    actor: Option<&Actor>,
    a: &ApplicationRow,
    p: &PostingRow,
) -> CoreResult<ApplicationDetail> {
    let state = state_of(a)?;
    let parties = parties(a, p);
    let timeline = store::events(conn, &a.id)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(Event {
                state: ApplicationState::parse(&e.state)?,
                at: e.at,
                by: e.by_party,
                reason: e.reason,
            })
        })
        .collect();
    let o = store::offer(conn, &a.id).await?;
    let offer = o.as_ref().map(|o| {
        let t: StoredTerms = serde_json::from_str(&o.terms_json).unwrap_or_default();
        OfferView {
            terms: t.terms,
            disclosure: serde_json::from_str(&o.disclosure_json).unwrap_or_default(),
            disclosure_sha256: o.disclosure_sha256.clone(),
            comparison: t.comparison,
            respond_by: t.respond_by,
            created_at: o.created_at,
        }
    });
    let contract = o.as_ref().and_then(|o| {
        let c: StoredContract = serde_json::from_str(o.contract_json.as_deref()?).ok()?;
        Some(ContractView {
            terms: c.terms,
            comparison: c.comparison,
            signed_at: o.contract_at.unwrap_or_default(),
        })
    });
    let flags = store::flags(conn, &a.id)
        .await?
        .into_iter()
        .map(|f| Flag {
            kind: f.kind,
            detail: serde_json::from_str(&f.detail_json).unwrap_or_default(),
            created_at: f.created_at,
        })
        .collect();
    let worker_name = users::by_id(conn, &a.worker_id)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    Ok(ApplicationDetail {
        id: a.id.clone(),
        posting_id: a.posting_id.clone(),
        posting_title: Texts {
            vi: p.title_vi.clone(),
            ja: p.title_ja.clone(),
            en: p.title_en.clone(),
        },
        employer_id: p.employer_id.clone(),
        via_organisation_id: a.via_organisation_id.clone(),
        supervising_org_id: p.supervising_org_id.clone(),
        state,
        worker_name,
        created_at: a.created_at,
        updated_at: a.updated_at,
        timeline,
        accepted_disclosure_sha256: o
            .as_ref()
            .and_then(|o| o.accepted_disclosure_sha256.clone()),
        accepted_snapshot_sha256: o.as_ref().and_then(|o| o.accepted_snapshot_sha256.clone()),
        accepted_at: o.as_ref().and_then(|o| o.accepted_at),
        offer,
        contract,
        flags,
        next_states: state
            .next()
            .iter()
            .copied()
            .filter(|s| {
                may(
                    actor,
                    Action::MoveApplication {
                        to: s.id(),
                        parties,
                    },
                )
            })
            .collect(),
    })
}

/// The snapshot a worker accepted, exactly as stored (its SHA-256 is
/// `accepted_snapshot_sha256`): for the printable page.
pub async fn accepted_snapshot(core: &Core, actor: &Actor, id: &str) -> CoreResult<String> {
    let mut conn = core.db().conn().await?;
    let (a, p) = load(&mut conn, id).await?;
    authorize(
        Some(actor),
        Action::ViewApplication {
            parties: parties(&a, &p),
        },
    )?;
    store::offer(&mut conn, id)
        .await?
        .and_then(|o| o.accepted_snapshot_json)
        .ok_or(CoreError::NotFound)
}

fn unexpected(problems: &mut Vec<FieldError>, field: &str, present: bool) {
    if present {
        problems.push(FieldError::new(field, "not_expected"));
    }
}

/// Moves an application to `input.to`: authorised in the policy module, refused with 409
/// naming the current state when the move is not allowed from it, audited, on the timeline
/// and in the worker's inbox.
pub async fn transition(
    core: &Core,
    actor: &Actor,
    id: &str,
    input: &TransitionInput,
) -> CoreResult<ApplicationDetail> {
    let to = ApplicationState::parse(input.to.trim())
        .ok_or_else(|| CoreError::field("to", "unknown_state"))?;
    let mut tx = core.db().begin().await?;
    let (a, p) = load(&mut tx, id).await?;
    let parties = parties(&a, &p);
    authorize(
        Some(actor),
        Action::MoveApplication {
            to: to.id(),
            parties,
        },
    )?;
    let from = state_of(&a)?;
    if !from.next().contains(&to) {
        return Err(CoreError::refused(
            "invalid_transition",
            [("state", from.id().to_owned()), ("to", to.id().to_owned())],
        ));
    }
    let mut problems = Vec::new();
    unexpected(
        &mut problems,
        "offer",
        input.offer.is_some() && to != ApplicationState::Offered,
    );
    unexpected(
        &mut problems,
        "contract",
        input.contract.is_some() && to != ApplicationState::ContractSigned,
    );
    unexpected(
        &mut problems,
        "acknowledged_disclosure_sha256",
        input.acknowledged_disclosure_sha256.is_some() && to != ApplicationState::Accepted,
    );
    unexpected(
        &mut problems,
        "reason",
        input.reason.is_some() && to != ApplicationState::Rejected,
    );
    if !problems.is_empty() {
        return Err(CoreError::Invalid(problems));
    }
    let now = core.now();
    let by = policy::party(actor, &parties).unwrap_or("platform");
    let mut reason = None;
    let mut audit_extra = serde_json::Value::Null;
    match to {
        ApplicationState::Offered => {
            let terms = input.offer.clone().unwrap_or_default();
            let respond_by = match terms.respond_by.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(t) => {
                    let d: jiff::civil::Date = t
                        .parse()
                        .map_err(|_| CoreError::field("offer.respond_by", "not_a_date"))?;
                    if d < core.today() {
                        return Err(CoreError::field("offer.respond_by", "in_the_past"));
                    }
                    Some(d)
                }
            };
            let rates = crate::rates::current(core).await?;
            let base = input_of(&p);
            let posting = compute(core, &rates, base.clone(), "", false)?;
            let offered = compute(core, &rates, terms.over(&base), "offer.", true)?;
            let disclosure_json = serde_json::to_string(&offered.disclosure)
                .map_err(|e| CoreError::Internal(e.to_string()))?;
            let stored = StoredTerms {
                comparison: compare(&posting.figures, &offered.figures),
                terms: offered.input,
                figures: offered.figures,
                respond_by: respond_by.map(|d| d.to_string()),
            };
            let row = OfferRow {
                application_id: a.id.clone(),
                terms_json: serde_json::to_string(&stored)
                    .map_err(|e| CoreError::Internal(e.to_string()))?,
                disclosure_sha256: sha256_hex(disclosure_json.as_bytes()),
                disclosure_json,
                respond_by: match respond_by {
                    Some(d) => Some(start_of_day_micros(
                        d.tomorrow()
                            .map_err(|e| CoreError::Internal(e.to_string()))?,
                    )),
                    None => None,
                },
                made_by: actor.user_id.clone(),
                created_at: now,
                accepted_snapshot_json: None,
                accepted_snapshot_sha256: None,
                accepted_disclosure_sha256: None,
                accepted_at: None,
                contract_json: None,
                contract_at: None,
            };
            audit_extra = serde_json::json!({
                "offer": stored, "disclosure_sha256": row.disclosure_sha256
            });
            store::insert_offer(&mut tx, &row).await?;
        }
        ApplicationState::Accepted => {
            let ack = input
                .acknowledged_disclosure_sha256
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| CoreError::field("acknowledged_disclosure_sha256", "required"))?;
            let o = store::offer(&mut tx, &a.id)
                .await?
                .ok_or_else(|| CoreError::Internal("offered without an offer".into()))?;
            if o.respond_by.is_some_and(|d| d <= now) {
                return Err(CoreError::refused("offer_expired", []));
            }
            if !ack.eq_ignore_ascii_case(&o.disclosure_sha256) {
                return Err(CoreError::field(
                    "acknowledged_disclosure_sha256",
                    "does_not_match_offer",
                ));
            }
            let terms: StoredTerms = serde_json::from_str(&o.terms_json).unwrap_or_default();
            let disclosure: serde_json::Value =
                serde_json::from_str(&o.disclosure_json).unwrap_or_default();
            let snapshot = serde_json::to_string(&serde_json::json!({
                "application_id": a.id,
                "posting_id": a.posting_id,
                "posting_title": {"vi": p.title_vi, "ja": p.title_ja, "en": p.title_en},
                "employer_id": p.employer_id,
                "via_organisation_id": a.via_organisation_id,
                "worker_id": a.worker_id,
                "terms": terms.terms,
                "comparison_with_posting": terms.comparison,
                "disclosure": disclosure,
                "disclosure_sha256": o.disclosure_sha256,
                "accepted_at": jiff::Timestamp::from_microsecond(now)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            }))
            .map_err(|e| CoreError::Internal(e.to_string()))?;
            let snapshot_sha = sha256_hex(snapshot.as_bytes());
            if !store::accept_offer(
                &mut tx,
                &a.id,
                &snapshot,
                &snapshot_sha,
                &o.disclosure_sha256,
                now,
            )
            .await?
            {
                return Err(CoreError::refused(
                    "invalid_transition",
                    [("state", from.id().to_owned()), ("to", to.id().to_owned())],
                ));
            }
            audit_extra = serde_json::json!({
                "accepted_disclosure_sha256": o.disclosure_sha256,
                "accepted_snapshot_sha256": snapshot_sha,
            });
        }
        ApplicationState::ContractSigned => {
            let terms = input
                .contract
                .clone()
                .ok_or_else(|| CoreError::field("contract", "required"))?;
            if terms.respond_by.is_some() {
                return Err(CoreError::field("contract.respond_by", "not_expected"));
            }
            let o = store::offer(&mut tx, &a.id)
                .await?
                .ok_or_else(|| CoreError::Internal("accepted without an offer".into()))?;
            let offered: StoredTerms = serde_json::from_str(&o.terms_json).unwrap_or_default();
            let rates = crate::rates::current(core).await?;
            // What was signed is recorded even when it breaks the law: refusing it would hide
            // exactly what regulators need to see.
            let signed = compute(core, &rates, terms.over(&offered.terms), "contract.", false)?;
            let comparison = compare(&offered.figures, &signed.figures);
            for l in comparison.iter().filter(|l| l.worse) {
                store::insert_flag(
                    &mut tx,
                    &FlagRow {
                        id: new_id(),
                        application_id: a.id.clone(),
                        kind: "contract_substitution".into(),
                        detail_json: serde_json::json!({
                            "term": l.term, "unit": l.unit, "offered": l.before, "signed": l.after,
                        })
                        .to_string(),
                        created_at: now,
                    },
                )
                .await?;
            }
            let substituted = comparison.iter().any(|l| l.worse);
            let stored = StoredContract {
                terms: signed.input,
                figures: signed.figures,
                comparison,
            };
            let json =
                serde_json::to_string(&stored).map_err(|e| CoreError::Internal(e.to_string()))?;
            store::set_contract(&mut tx, &a.id, &json, now).await?;
            audit_extra = serde_json::json!({ "contract": stored });
            if substituted {
                notify_worker(&mut tx, &a, &p, "contract_substitution", now).await?;
            }
        }
        ApplicationState::Rejected => {
            let r = input
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| CoreError::field("reason", "required"))?;
            if !kakehashi_rules::hiring::is_rejection_reason(r) {
                return Err(CoreError::field("reason", "unknown_reason"));
            }
            reason = Some(r.to_owned());
        }
        _ => {}
    }
    move_to(
        &mut tx,
        MoveTo {
            a: &a,
            p: &p,
            from,
            to,
            by,
            by_user: Some(&actor.user_id),
            reason,
            now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        By::User(actor),
        now,
        Change {
            action: "application.moved",
            entity_type: "application",
            entity_id: &a.id,
            before: Some(serde_json::json!({ "state": from })),
            after: Some(serde_json::json!({
                "state": to, "by": by, "reason": input.reason, "detail": audit_extra,
            })),
        },
    )
    .await?;
    let a = ApplicationRow {
        status: to.id().to_owned(),
        updated_at: now,
        ..a
    };
    let out = detail(&mut tx, Some(actor), &a, &p).await?;
    tx.commit()
        .await
        .map_err(kakehashi_store::StoreError::from)?;
    Ok(out)
}

struct MoveTo<'a> {
    a: &'a ApplicationRow,
    p: &'a PostingRow,
    from: ApplicationState,
    to: ApplicationState,
    by: &'a str,
    by_user: Option<&'a str>,
    reason: Option<String>,
    now: i64,
}

/// The state change itself, its timeline entry and the worker's notice (unless the worker made
/// it). Refused when another request moved the application first.
async fn move_to(conn: &mut Conn, m: MoveTo<'_>) -> CoreResult<()> {
    if !store::move_application(conn, &m.a.id, m.from.id(), m.to.id(), m.now).await? {
        let now_in = posting_store::application(conn, &m.a.id)
            .await?
            .map(|a| a.status)
            .unwrap_or_default();
        return Err(CoreError::refused(
            "invalid_transition",
            [("state", now_in), ("to", m.to.id().to_owned())],
        ));
    }
    store::insert_event(
        conn,
        &EventRow {
            id: new_id(),
            application_id: m.a.id.clone(),
            state: m.to.id().to_owned(),
            at: m.now,
            by_party: m.by.to_owned(),
            by_user_id: m.by_user.map(str::to_owned),
            reason: m.reason,
        },
    )
    .await?;
    if m.by != "worker" {
        notify_worker(conn, m.a, m.p, m.to.id(), m.now).await?;
    }
    Ok(())
}

async fn notify_worker(
    conn: &mut Conn,
    a: &ApplicationRow,
    p: &PostingRow,
    what: &str,
    now: i64,
) -> CoreResult<()> {
    let params = BTreeMap::from([
        ("application_id".to_owned(), a.id.clone()),
        ("posting_vi".to_owned(), p.title_vi.clone()),
        ("posting_ja".to_owned(), p.title_ja.clone()),
        ("posting_en".to_owned(), p.title_en.clone()),
    ]);
    notify(
        conn,
        &a.worker_id,
        &format!("application_{what}"),
        &params,
        Some(format!("application:{}:{what}", a.id)),
        now,
    )
    .await?;
    Ok(())
}

/// Moves every offer whose answer was due to `expired` (the background job's work); how many.
/// Safe to run on several instances at once: a move another instance made first is skipped.
pub async fn expire_offers(core: &Core) -> CoreResult<u64> {
    let mut done = 0;
    loop {
        let now = core.now();
        let due = {
            let mut conn = core.db().conn().await?;
            store::offers_past_deadline(&mut conn, now, 100).await?
        };
        if due.is_empty() {
            return Ok(done);
        }
        let mut moved_any = false;
        for id in due {
            let mut tx = core.db().begin().await?;
            let (a, p) = load(&mut tx, &id).await?;
            let m = MoveTo {
                a: &a,
                p: &p,
                from: ApplicationState::Offered,
                to: ApplicationState::Expired,
                by: "platform",
                by_user: None,
                reason: None,
                now,
            };
            match move_to(&mut tx, m).await {
                Ok(()) => {}
                Err(CoreError::Refused { .. }) => continue,
                Err(e) => return Err(e),
            }
            audit::record(
                &mut tx,
                By::System("offer_expiry"),
                now,
                Change {
                    action: "application.moved",
                    entity_type: "application",
                    entity_id: &a.id,
                    before: Some(serde_json::json!({ "state": "offered" })),
                    after: Some(serde_json::json!({ "state": "expired", "by": "platform" })),
                },
            )
            .await?;
            tx.commit()
                .await
                .map_err(kakehashi_store::StoreError::from)?;
            done += 1;
            moved_any = true;
        }
        if !moved_any {
            return Ok(done);
        }
    }
}

/// A possible contract substitution, for regulators: the application, the employer and both
/// figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Substitution {
    pub application_id: String,
    pub posting_id: String,
    pub employer_id: String,
    pub via_organisation_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
    pub created_at: i64,
}

/// Every possible contract substitution, newest first (regulators and admins).
pub async fn contract_substitutions(core: &Core, actor: &Actor) -> CoreResult<Vec<Substitution>> {
    authorize(Some(actor), Action::ReviewFlags)?;
    let mut conn = core.db().conn().await?;
    let mut out = Vec::new();
    for f in store::flags_of_kind(&mut conn, "contract_substitution", 500).await? {
        let (a, p) = load(&mut conn, &f.application_id).await?;
        out.push(Substitution {
            application_id: a.id,
            posting_id: p.id,
            employer_id: p.employer_id,
            via_organisation_id: a.via_organisation_id,
            detail: serde_json::from_str(&f.detail_json).unwrap_or_default(),
            created_at: f.created_at,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_state_leads_back_and_the_final_ones_lead_nowhere() {
        use ApplicationState::*;
        let order = [
            Submitted,
            Screening,
            Interview,
            Offered,
            Accepted,
            ContractSigned,
            CoeIssued,
            VisaIssued,
            Departed,
        ];
        for (i, s) in order.iter().enumerate() {
            for n in s.next() {
                if let Some(j) = order.iter().position(|o| o == n) {
                    assert!(j > i, "{s} → {n}");
                }
            }
            assert_eq!(s.next().contains(&Withdrawn), *s != Departed, "{s}");
        }
        for s in [Departed, Withdrawn, Rejected, Expired] {
            assert!(s.is_final());
        }
        assert!(!Accepted.next().contains(&Rejected));
    }

    #[test]
    fn worse_terms_are_marked() {
        let a = Figures {
            monthly_wage_jpy: 230_000,
            hours_x100: 16_000,
            worker_fees: BTreeMap::from([("service_fee/VND".into(), 20_000_000)]),
            ..Figures::default()
        };
        let b = Figures {
            monthly_wage_jpy: 220_000,
            hours_x100: 17_000,
            worker_fees: BTreeMap::from([
                ("service_fee/VND".into(), 20_000_000),
                ("training/VND".into(), 5_000_000),
            ]),
            ..a.clone()
        };
        let worse: Vec<String> = compare(&a, &b)
            .into_iter()
            .filter(|l| l.worse)
            .map(|l| l.term)
            .collect();
        assert_eq!(
            worse,
            [
                "monthly_wage_jpy",
                "scheduled_hours_per_month",
                "fee:training:VND"
            ]
        );
        assert!(compare(&a, &a).iter().all(|l| !l.worse && !l.changed));
    }
}
