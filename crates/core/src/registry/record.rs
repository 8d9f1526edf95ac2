//! The public record of an organisation: licence status, sanction history, inspections, the
//! number of substantiated grievances, and a compliance score whose formula is published with
//! it, line by line.

use super::standing::{in_good_standing, licence_valid_on, sanction_in_force, status_in_force};
use crate::Core;
use crate::clock::start_of_day_micros;
use crate::error::{CoreError, CoreResult};
use jiff::civil::Date;
use kakehashi_store::organisations as org_store;
use kakehashi_store::registry as store;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceView {
    pub number: String,
    pub issuer: String,
    pub issued_on: String,
    pub ends_on: Option<String>,
    pub scope_programmes: Vec<String>,
    pub scope_countries: Vec<String>,
    /// As recorded.
    pub status: String,
    /// Valid on the record's date (recorded active, issued, not ended).
    pub valid_today: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViolationView {
    pub id: String,
    pub kind: String,
    pub legal_basis: String,
    pub found_on: String,
    pub description: String,
    pub inspection_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionView {
    pub id: String,
    pub inspected_on: String,
    pub authority: String,
    pub findings: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SanctionView {
    pub id: String,
    pub kind: String,
    pub fine_vnd: Option<i64>,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub decision_number: String,
    pub legal_basis: String,
    pub appeal_status: String,
    pub violation_id: Option<String>,
    /// In force on the record's date.
    pub in_force: bool,
}

/// One line of the compliance score: what was counted and the points it costs.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreLine {
    /// `not_in_good_standing`, `violations`, `warnings`, `fines`, `suspensions`,
    /// `revocations`, `substantiated_grievances`, `postings_failing_fee_rules`.
    pub item: String,
    pub count: i64,
    pub points_each: i64,
    pub points: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceScore {
    /// 0–100; 100 = nothing on the record.
    pub score: i64,
    /// Counting window of the record, in months before the record's date.
    pub window_months: i64,
    pub lines: Vec<ScoreLine>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicRecord {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_romanised: String,
    pub country: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub enterprise_code: Option<String>,
    /// The date the record's standing is judged on.
    pub on: String,
    /// Licence status in force: active, suspended, revoked, returned, expired or none.
    pub status: String,
    pub in_good_standing: bool,
    pub licences: Vec<LicenceView>,
    pub inspections: Vec<InspectionView>,
    pub violations: Vec<ViolationView>,
    pub sanctions: Vec<SanctionView>,
    pub substantiated_grievances: i64,
    pub fee_compliance: FeeCompliance,
    pub compliance_score: ComplianceScore,
}

/// How the organisation's postings fared against the fee rules (Vietnamese service-fee cap,
/// brokerage ban, deposits, the ESD fee share), counting the postings naming it that were
/// published within the score's window (closed ones too; drafts never: they are private, and
/// anyone may name anyone in one).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeCompliance {
    pub postings: i64,
    pub passed: i64,
    /// `passed / postings` in whole percent (`None` without postings).
    pub share_percent: Option<i64>,
}

/// The score's rules, published on the record page: the points each item on the record costs
/// within the window. They are Kakehashi's own weighting, not a legal scale.
pub const SCORE_WINDOW_MONTHS: i64 = 36;
pub const POINTS_NOT_IN_GOOD_STANDING: i64 = 40;
pub const POINTS_PER_VIOLATION: i64 = 10;
pub const POINTS_PER_WARNING: i64 = 5;
pub const POINTS_PER_FINE: i64 = 10;
pub const POINTS_PER_SUSPENSION: i64 = 20;
pub const POINTS_PER_REVOCATION: i64 = 40;
pub const POINTS_PER_GRIEVANCE: i64 = 10;
/// Points per posting that failed the fee rules.
pub const POINTS_PER_FEE_FAILURE: i64 = 10;

pub async fn public_record(core: &Core, id: &str, on: Option<Date>) -> CoreResult<PublicRecord> {
    if !crate::ids::is_id(id) {
        return Err(CoreError::NotFound);
    }
    let on = on.unwrap_or_else(|| core.today());
    let d = on.to_string();
    let window_start_date = on
        .checked_sub(jiff::Span::new().months(SCORE_WINDOW_MONTHS))
        .unwrap_or(Date::MIN);
    let window_start = window_start_date.to_string();
    let mut conn = core.db().conn().await?;
    let org = org_store::by_id(&mut conn, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let licences = store::licences_of(&mut conn, id).await?;
    let inspections = store::inspections_of(&mut conn, id).await?;
    let violations = store::violations_of(&mut conn, id).await?;
    let sanctions = store::sanctions_of(&mut conn, id).await?;
    let (substantiated, _) = store::grievance_counts(&mut conn, id).await?;
    // Postings published within the window, up to the end of the record's date.
    let (postings, passed) = kakehashi_store::postings::fee_compliance(
        &mut conn,
        id,
        start_of_day_micros(window_start_date),
        start_of_day_micros(on.tomorrow().unwrap_or(Date::MAX)),
    )
    .await?;
    let status = status_in_force(&licences, &sanctions, &d);
    let good = in_good_standing(&org.kind, &status);

    let recent = |date: &str| date >= window_start.as_str() && date <= d.as_str();
    let count_sanctions = |kind: &str| {
        sanctions
            .iter()
            .filter(|s| {
                s.kind == kind
                    && s.appeal_status != "overturned"
                    && (recent(&s.starts_on) || sanction_in_force(s, &d))
            })
            .count() as i64
    };
    let line = |item: &str, count: i64, each: i64| ScoreLine {
        item: item.to_owned(),
        count,
        points_each: each,
        points: count * each,
    };
    let lines = vec![
        line(
            "not_in_good_standing",
            i64::from(!good),
            POINTS_NOT_IN_GOOD_STANDING,
        ),
        line(
            "violations",
            violations.iter().filter(|v| recent(&v.found_on)).count() as i64,
            POINTS_PER_VIOLATION,
        ),
        line("warnings", count_sanctions("warning"), POINTS_PER_WARNING),
        line("fines", count_sanctions("fine"), POINTS_PER_FINE),
        line(
            "suspensions",
            count_sanctions("suspension"),
            POINTS_PER_SUSPENSION,
        ),
        line(
            "revocations",
            count_sanctions("revocation"),
            POINTS_PER_REVOCATION,
        ),
        line(
            "substantiated_grievances",
            substantiated,
            POINTS_PER_GRIEVANCE,
        ),
        line(
            "postings_failing_fee_rules",
            postings - passed,
            POINTS_PER_FEE_FAILURE,
        ),
    ];
    let penalty: i64 = lines.iter().map(|l| l.points).sum();

    Ok(PublicRecord {
        on: d.clone(),
        status,
        in_good_standing: good,
        licences: licences
            .into_iter()
            .map(|l| LicenceView {
                valid_today: licence_valid_on(&l, &d),
                number: l.number,
                issuer: l.issuer,
                issued_on: l.issued_on,
                ends_on: l.ends_on,
                scope_programmes: split(&l.scope_programmes),
                scope_countries: split(&l.scope_countries),
                status: l.status,
            })
            .collect(),
        inspections: inspections
            .into_iter()
            .map(|i| InspectionView {
                id: i.id,
                inspected_on: i.inspected_on,
                authority: i.authority,
                findings: i.findings,
            })
            .collect(),
        violations: violations
            .into_iter()
            .map(|v| ViolationView {
                legal_basis: core
                    .rules()
                    .registry
                    .violation_kind(&v.kind)
                    .map(|k| k.legal_basis.clone())
                    .unwrap_or_default(),
                id: v.id,
                kind: v.kind,
                found_on: v.found_on,
                description: v.description,
                inspection_id: v.inspection_id,
            })
            .collect(),
        sanctions: sanctions
            .iter()
            .map(|s| SanctionView {
                in_force: sanction_in_force(s, &d),
                id: s.id.clone(),
                kind: s.kind.clone(),
                fine_vnd: s.fine_vnd,
                starts_on: s.starts_on.clone(),
                ends_on: s.ends_on.clone(),
                decision_number: s.decision_number.clone(),
                legal_basis: s.legal_basis.clone(),
                appeal_status: s.appeal_status.clone(),
                violation_id: s.violation_id.clone(),
            })
            .collect(),
        substantiated_grievances: substantiated,
        fee_compliance: FeeCompliance {
            postings,
            passed,
            share_percent: (postings > 0).then(|| passed * 100 / postings),
        },
        compliance_score: ComplianceScore {
            score: (100 - penalty).max(0),
            window_months: SCORE_WINDOW_MONTHS,
            lines,
        },
        id: org.id,
        kind: org.kind,
        name: org.name,
        name_romanised: org.name_romanised,
        country: org.country,
        address: org.address,
        phone: org.phone,
        email: org.email,
        website: org.website,
        enterprise_code: org.enterprise_code,
    })
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
