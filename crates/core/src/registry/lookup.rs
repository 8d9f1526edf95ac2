//! The public look-up: by name (any script, Vietnamese with or without diacritics),
//! enterprise code or licence number, with kind and status filters.

use super::standing::{as_of, in_good_standing};
use super::terms::plan;
use crate::Core;
use crate::error::{CoreError, CoreResult, Problems};
use crate::roles::OrgKind;
use kakehashi_store::registry::{self as store, LookupFilter, TermMatch};
use serde::{Deserialize, Serialize};

pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_PER_PAGE: i64 = 100;
/// How far the selectivity probe counts; a term matching more is "broad".
const PROBE_CAP: i64 = 1_000;
/// How far a look-up counts its matches, and so how deep its pages go: a broad look-up
/// answers "more than 1,000" at the cost of a thousand rows, not of the whole register.
pub const COUNT_CAP: i64 = 1_000;
/// Terms counted to choose the driving ones (a name has a dozen at most that matter).
const MAX_PROBED: usize = 16;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// Name (own script or romanised, diacritics optional), enterprise code or licence number.
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// An organisation kind id.
    #[cfg_attr(feature = "openapi", param(value_type = Option<crate::OrgKind>))]
    pub kind: Option<String>,
    /// The licence status in force: active, suspended, revoked, returned, expired, none.
    pub status: Option<String>,
    /// 1-based page.
    #[cfg_attr(feature = "openapi", param(minimum = 1))]
    pub page: Option<i64>,
    /// At most 100; 20 by default.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub per_page: Option<i64>,
    /// The date standing is judged on (`YYYY-MM-DD`); today by default.
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub on: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupItem {
    pub id: String,
    pub name: String,
    pub name_romanised: String,
    pub kind: String,
    pub country: String,
    pub enterprise_code: Option<String>,
    pub licence_number: Option<String>,
    pub status: String,
    pub in_good_standing: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupPage {
    pub items: Vec<LookupItem>,
    /// How many organisations match, counted up to 1,000.
    pub total: i64,
    /// More than `total` organisations match (the count stops at 1,000, and pages beyond
    /// the 1,000th match are refused): narrow the query.
    pub more: bool,
    pub page: i64,
    pub per_page: i64,
}

const STATUSES: &[&str] = &[
    "active",
    "suspended",
    "revoked",
    "returned",
    "expired",
    "none",
];

pub async fn lookup(core: &Core, query: &LookupQuery) -> CoreResult<LookupPage> {
    let mut p = Problems::new();
    let q = query.q.as_deref().unwrap_or("").trim();
    if q.chars().count() > MAX_QUERY_CHARS {
        p.add(crate::FieldError::new("q", "too_long").with("max", MAX_QUERY_CHARS));
    }
    let kind = query
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    if kind.is_some_and(|k| OrgKind::parse(k).is_none()) {
        p.push("kind", "unknown_kind");
    }
    let status = query
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if status.is_some_and(|s| !STATUSES.contains(&s)) {
        p.push("status", "unknown_status");
    }
    let page = query.page.unwrap_or(1);
    if page < 1 {
        p.push("page", "must_be_positive");
    }
    let per_page = query.per_page.unwrap_or(20);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        p.add(
            crate::FieldError::new("per_page", "out_of_range")
                .with("min", 1)
                .with("max", MAX_PER_PAGE),
        );
    }
    if page >= 1
        && (1..=MAX_PER_PAGE).contains(&per_page)
        && (page - 1).saturating_mul(per_page) >= COUNT_CAP
    {
        p.add(
            crate::FieldError::new("page", "out_of_range")
                .with("min", 1)
                .with("max", COUNT_CAP / per_page),
        );
    }
    let on = as_of(core, query.on.as_deref());
    if let Err(CoreError::Invalid(e)) = &on {
        e.iter().cloned().for_each(|e| p.add(e));
    }
    p.into_result()?;
    let on = on?;

    let plan = plan(q);
    let mut conn = core.db().conn().await?;
    // The two rarest terms drive the index (one intersected with the other); a code
    // matching as one compact term is best. A term found nowhere means nothing matches; the
    // last word counts as the beginning of a term only when no term is exactly it. All the
    // counting is one query.
    let mut candidates: Vec<TermMatch> = Vec::new();
    candidates.extend(plan.compact.iter().map(|c| TermMatch {
        term: c.clone(),
        prefix: false,
    }));
    for (term, may_be_prefix) in plan.terms.iter().take(MAX_PROBED) {
        candidates.push(TermMatch {
            term: term.clone(),
            prefix: false,
        });
        if *may_be_prefix {
            candidates.push(TermMatch {
                term: term.clone(),
                prefix: true,
            });
        }
    }
    let counts = store::count_terms(&mut conn, &candidates, PROBE_CAP).await?;
    let mut probed: Vec<(i64, TermMatch)> = Vec::new();
    let mut i = 0;
    if let Some(compact) = &plan.compact {
        if counts[0] > 0 {
            probed.push((
                0,
                TermMatch {
                    term: compact.clone(),
                    prefix: false,
                },
            ));
        }
        i = 1;
    }
    for (term, may_be_prefix) in plan.terms.iter().take(MAX_PROBED) {
        let exact = counts[i];
        i += 1;
        let (n, prefix) = if *may_be_prefix {
            i += 1;
            if exact > 0 {
                (exact, false)
            } else {
                (counts[i - 1], true)
            }
        } else {
            (exact, false)
        };
        if n == 0 {
            return Ok(LookupPage {
                items: Vec::new(),
                total: 0,
                more: false,
                page,
                per_page,
            });
        }
        probed.push((
            n,
            TermMatch {
                term: term.clone(),
                prefix,
            },
        ));
    }
    probed.sort_by_key(|(n, _)| *n);
    let broad = probed.first().is_none_or(|(n, _)| *n >= PROBE_CAP);
    let mut probed = probed.into_iter().map(|(_, m)| m);
    let (driving, second) = (probed.next(), probed.next());
    let filter = LookupFilter {
        driving,
        second,
        words: plan.words,
        phrase: plan.phrase,
        kind: kind.map(str::to_owned),
        status: status.map(str::to_owned),
        date: on.to_string(),
        limit: per_page,
        offset: (page - 1).saturating_mul(per_page),
        broad,
        count_cap: COUNT_CAP,
    };
    let (rows, total, more) = store::lookup(&mut conn, &filter).await?;
    Ok(LookupPage {
        items: rows
            .into_iter()
            .map(|r| LookupItem {
                in_good_standing: in_good_standing(&r.kind, &r.status),
                id: r.id,
                name: r.name,
                name_romanised: r.name_romanised,
                kind: r.kind,
                country: r.country,
                enterprise_code: r.enterprise_code,
                licence_number: r.licence_number,
                status: r.status,
            })
            .collect(),
        total,
        more,
        page,
        per_page,
    })
}
