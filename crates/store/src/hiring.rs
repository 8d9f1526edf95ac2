//! The hiring process: the timeline of an application, its offer and accepted snapshot, the
//! signed contract, flags, and workers' consents.

use crate::postings::{APPLICATION_COLUMNS, ApplicationRow};
use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct EventRow {
    pub id: String,
    pub application_id: String,
    pub state: String,
    pub at: i64,
    pub by_party: String,
    pub by_user_id: Option<String>,
    pub reason: Option<String>,
}

pub async fn insert_event(conn: &mut Conn, e: &EventRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO application_events (id, application_id, state, at, by_party, by_user_id, \
         reason) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&e.id)
    .bind(&e.application_id)
    .bind(&e.state)
    .bind(e.at)
    .bind(&e.by_party)
    .bind(&e.by_user_id)
    .bind(&e.reason)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn events(conn: &mut Conn, application_id: &str) -> StoreResult<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT id, application_id, state, at, by_party, by_user_id, reason \
         FROM application_events WHERE application_id = $1 ORDER BY at, id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await?)
}

/// Moves an application from `from` to `to`; false when it is no longer in `from` (another
/// request moved it first).
pub async fn move_application(
    conn: &mut Conn,
    id: &str,
    from: &str,
    to: &str,
    at: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(to)
    .bind(at)
    .bind(id)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct OfferRow {
    pub application_id: String,
    pub terms_json: String,
    pub disclosure_json: String,
    pub disclosure_sha256: String,
    pub respond_by: Option<i64>,
    pub made_by: String,
    pub created_at: i64,
    pub accepted_snapshot_json: Option<String>,
    pub accepted_snapshot_sha256: Option<String>,
    pub accepted_disclosure_sha256: Option<String>,
    pub accepted_at: Option<i64>,
    pub contract_json: Option<String>,
    pub contract_at: Option<i64>,
}

const OFFER_COLUMNS: &str = "application_id, terms_json, disclosure_json, disclosure_sha256, \
    respond_by, made_by, created_at, accepted_snapshot_json, accepted_snapshot_sha256, \
    accepted_disclosure_sha256, accepted_at, contract_json, contract_at";

pub async fn insert_offer(conn: &mut Conn, o: &OfferRow) -> StoreResult<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO offers ({OFFER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13)"
    )))
    .bind(&o.application_id)
    .bind(&o.terms_json)
    .bind(&o.disclosure_json)
    .bind(&o.disclosure_sha256)
    .bind(o.respond_by)
    .bind(&o.made_by)
    .bind(o.created_at)
    .bind(&o.accepted_snapshot_json)
    .bind(&o.accepted_snapshot_sha256)
    .bind(&o.accepted_disclosure_sha256)
    .bind(o.accepted_at)
    .bind(&o.contract_json)
    .bind(o.contract_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn offer(conn: &mut Conn, application_id: &str) -> StoreResult<Option<OfferRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {OFFER_COLUMNS} FROM offers WHERE application_id = $1"
    )))
    .bind(application_id)
    .fetch_optional(conn)
    .await?)
}

/// Stores what the worker accepted. Written once: a snapshot already there is never replaced.
pub async fn accept_offer(
    conn: &mut Conn,
    application_id: &str,
    snapshot_json: &str,
    snapshot_sha256: &str,
    disclosure_sha256: &str,
    at: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE offers SET accepted_snapshot_json = $1, accepted_snapshot_sha256 = $2, \
         accepted_disclosure_sha256 = $3, accepted_at = $4 \
         WHERE application_id = $5 AND accepted_at IS NULL",
    )
    .bind(snapshot_json)
    .bind(snapshot_sha256)
    .bind(disclosure_sha256)
    .bind(at)
    .bind(application_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the signed contract's terms, once.
pub async fn set_contract(
    conn: &mut Conn,
    application_id: &str,
    contract_json: &str,
    at: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE offers SET contract_json = $1, contract_at = $2 \
         WHERE application_id = $3 AND contract_at IS NULL",
    )
    .bind(contract_json)
    .bind(at)
    .bind(application_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Applications still `offered` whose answer was due by `now`.
pub async fn offers_past_deadline(
    conn: &mut Conn,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT o.application_id FROM offers o JOIN applications a ON a.id = o.application_id \
         WHERE a.status = 'offered' AND o.respond_by IS NOT NULL AND o.respond_by <= $1 \
         ORDER BY o.respond_by, o.application_id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct FlagRow {
    pub id: String,
    pub application_id: String,
    pub kind: String,
    pub detail_json: String,
    pub created_at: i64,
}

pub async fn insert_flag(conn: &mut Conn, f: &FlagRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO application_flags (id, application_id, kind, detail_json, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&f.id)
    .bind(&f.application_id)
    .bind(&f.kind)
    .bind(&f.detail_json)
    .bind(f.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn flags(conn: &mut Conn, application_id: &str) -> StoreResult<Vec<FlagRow>> {
    Ok(sqlx::query_as(
        "SELECT id, application_id, kind, detail_json, created_at FROM application_flags \
         WHERE application_id = $1 ORDER BY created_at, id",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await?)
}

/// Every flag of one kind, newest first (what regulators review).
pub async fn flags_of_kind(conn: &mut Conn, kind: &str, limit: i64) -> StoreResult<Vec<FlagRow>> {
    Ok(sqlx::query_as(
        "SELECT id, application_id, kind, detail_json, created_at FROM application_flags \
         WHERE kind = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(kind)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Applications a sending enterprise handles (submitted through it), newest first.
pub async fn applications_via(
    conn: &mut Conn,
    organisation_id: &str,
) -> StoreResult<Vec<ApplicationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.via_organisation_id = $1 \
         ORDER BY a.created_at DESC, a.id"
    )))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

/// Applications to postings an organisation supervises, newest first.
pub async fn applications_supervised_by(
    conn: &mut Conn,
    organisation_id: &str,
) -> StoreResult<Vec<ApplicationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a JOIN postings p ON p.id = a.posting_id \
         WHERE p.supervising_org_id = $1 ORDER BY a.created_at DESC, a.id"
    )))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct ConsentRow {
    pub id: String,
    pub worker_id: String,
    pub organisation_id: String,
    pub application_id: Option<String>,
    pub granted_at: i64,
    pub withdrawn_at: Option<i64>,
}

pub async fn insert_consent(conn: &mut Conn, c: &ConsentRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO consents (id, worker_id, organisation_id, application_id, granted_at, \
         withdrawn_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&c.id)
    .bind(&c.worker_id)
    .bind(&c.organisation_id)
    .bind(&c.application_id)
    .bind(c.granted_at)
    .bind(c.withdrawn_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn consents_of_worker(conn: &mut Conn, worker_id: &str) -> StoreResult<Vec<ConsentRow>> {
    Ok(sqlx::query_as(
        "SELECT id, worker_id, organisation_id, application_id, granted_at, withdrawn_at \
         FROM consents WHERE worker_id = $1 ORDER BY granted_at DESC, id",
    )
    .bind(worker_id)
    .fetch_all(conn)
    .await?)
}

/// Ends every standing consent of a worker to an organisation; how many ended.
pub async fn withdraw_consents(
    conn: &mut Conn,
    worker_id: &str,
    organisation_id: &str,
    at: i64,
) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE consents SET withdrawn_at = $1 WHERE worker_id = $2 AND organisation_id = $3 \
         AND withdrawn_at IS NULL",
    )
    .bind(at)
    .bind(worker_id)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Whether a worker's consent to an organisation stands.
pub async fn has_consent(
    conn: &mut Conn,
    worker_id: &str,
    organisation_id: &str,
) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM consents WHERE worker_id = $1 AND organisation_id = $2 \
         AND withdrawn_at IS NULL",
    )
    .bind(worker_id)
    .bind(organisation_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
