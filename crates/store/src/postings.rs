//! Job postings and applications.

use crate::registry::good_standing_sql;
use crate::sql::{Bind, Sql};
use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct PostingRow {
    pub id: String,
    pub employer_id: String,
    pub sending_enterprise_id: Option<String>,
    pub supervising_org_id: Option<String>,
    pub status: String,
    pub programme: String,
    pub field: String,
    pub title_vi: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_vi: String,
    pub description_ja: String,
    pub description_en: String,
    pub prefecture: i64,
    pub municipality: String,
    pub contract_months: i64,
    pub scheduled_hours_x100: i64,
    pub monthly_wage_jpy: i64,
    pub allowances_json: String,
    pub overtime_premium_percent: i64,
    pub bonus_json: String,
    pub housing_provided: i64,
    pub rent_jpy: i64,
    pub utilities_jpy: i64,
    pub meals_json: String,
    pub commuting_allowance_jpy: i64,
    pub japanese_level: String,
    pub skills_test: String,
    pub start_date: String,
    pub openings: i64,
    pub fees_json: String,
    pub checks_passed: i64,
    pub fee_rules_passed: i64,
    pub net_pay_jpy: i64,
    pub upfront_cost_vnd: i64,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The insurance schemes the posting states (JSON; `{}` = the defaults).
    pub insurance_json: String,
}

const COLUMNS: &str = "p.id, p.employer_id, p.sending_enterprise_id, p.supervising_org_id, p.status, \
     p.programme, p.field, p.title_vi, p.title_ja, p.title_en, p.description_vi, p.description_ja, \
     p.description_en, p.prefecture, p.municipality, p.contract_months, p.scheduled_hours_x100, \
     p.monthly_wage_jpy, p.allowances_json, p.overtime_premium_percent, p.bonus_json, \
     p.housing_provided, p.rent_jpy, p.utilities_jpy, p.meals_json, p.commuting_allowance_jpy, \
     p.japanese_level, p.skills_test, p.start_date, p.openings, p.fees_json, p.checks_passed, \
     p.fee_rules_passed, p.net_pay_jpy, p.upfront_cost_vnd, p.created_by, p.created_at, \
     p.updated_at, p.published_at, p.closed_at, p.insurance_json";

/// Inserts a posting, or rewrites every column of an existing one.
pub async fn save(conn: &mut Conn, p: &PostingRow, insert: bool) -> StoreResult<()> {
    let sql = if insert {
        "INSERT INTO postings (employer_id, sending_enterprise_id, supervising_org_id, status, \
         programme, field, title_vi, title_ja, title_en, description_vi, description_ja, \
         description_en, prefecture, municipality, contract_months, scheduled_hours_x100, \
         monthly_wage_jpy, allowances_json, overtime_premium_percent, bonus_json, housing_provided, \
         rent_jpy, utilities_jpy, meals_json, commuting_allowance_jpy, japanese_level, skills_test, \
         start_date, openings, fees_json, checks_passed, fee_rules_passed, net_pay_jpy, \
         upfront_cost_vnd, created_by, created_at, updated_at, published_at, closed_at, \
         insurance_json, id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, \
         $37, $38, $39, $40, $41)"
    } else {
        "UPDATE postings SET employer_id = $1, sending_enterprise_id = $2, supervising_org_id = $3, \
         status = $4, programme = $5, field = $6, title_vi = $7, title_ja = $8, title_en = $9, \
         description_vi = $10, description_ja = $11, description_en = $12, prefecture = $13, \
         municipality = $14, contract_months = $15, scheduled_hours_x100 = $16, \
         monthly_wage_jpy = $17, allowances_json = $18, overtime_premium_percent = $19, \
         bonus_json = $20, housing_provided = $21, rent_jpy = $22, utilities_jpy = $23, \
         meals_json = $24, commuting_allowance_jpy = $25, japanese_level = $26, skills_test = $27, \
         start_date = $28, openings = $29, fees_json = $30, checks_passed = $31, \
         fee_rules_passed = $32, net_pay_jpy = $33, upfront_cost_vnd = $34, created_by = $35, \
         created_at = $36, updated_at = $37, published_at = $38, closed_at = $39, \
         insurance_json = $40 WHERE id = $41"
    };
    sqlx::query(sql)
        .bind(&p.employer_id)
        .bind(&p.sending_enterprise_id)
        .bind(&p.supervising_org_id)
        .bind(&p.status)
        .bind(&p.programme)
        .bind(&p.field)
        .bind(&p.title_vi)
        .bind(&p.title_ja)
        .bind(&p.title_en)
        .bind(&p.description_vi)
        .bind(&p.description_ja)
        .bind(&p.description_en)
        .bind(p.prefecture)
        .bind(&p.municipality)
        .bind(p.contract_months)
        .bind(p.scheduled_hours_x100)
        .bind(p.monthly_wage_jpy)
        .bind(&p.allowances_json)
        .bind(p.overtime_premium_percent)
        .bind(&p.bonus_json)
        .bind(p.housing_provided)
        .bind(p.rent_jpy)
        .bind(p.utilities_jpy)
        .bind(&p.meals_json)
        .bind(p.commuting_allowance_jpy)
        .bind(&p.japanese_level)
        .bind(&p.skills_test)
        .bind(&p.start_date)
        .bind(p.openings)
        .bind(&p.fees_json)
        .bind(p.checks_passed)
        .bind(p.fee_rules_passed)
        .bind(p.net_pay_jpy)
        .bind(p.upfront_cost_vnd)
        .bind(&p.created_by)
        .bind(p.created_at)
        .bind(p.updated_at)
        .bind(p.published_at)
        .bind(p.closed_at)
        .bind(&p.insurance_json)
        .bind(&p.id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: &str) -> StoreResult<Option<PostingRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM postings p WHERE p.id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Every posting an organisation owns, newest first.
pub async fn of_employer(conn: &mut Conn, employer_id: &str) -> StoreResult<Vec<PostingRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM postings p WHERE p.employer_id = $1 ORDER BY p.updated_at DESC, p.id"
    )))
    .bind(employer_id)
    .fetch_all(conn)
    .await?)
}

/// The condition "posting `p` is published and every organisation it names is in good
/// standing on the date bound at `d`" (`licensed`: the placeholder list of the kinds that need
/// a licence, see [`good_standing_sql`]).
pub fn visible_sql(d: &str, licensed: &str) -> String {
    let good = good_standing_sql(d, licensed);
    format!(
        "p.status = 'published' \
         AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = p.employer_id AND {good}) \
         AND (p.sending_enterprise_id IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = p.sending_enterprise_id AND {good})) \
         AND (p.supervising_org_id IS NULL OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = p.supervising_org_id AND {good}))"
    )
}

/// Whether a posting is visible to the public on `date`, by [`visible_sql`].
pub async fn is_visible(
    conn: &mut Conn,
    id: &str,
    date: &str,
    licensed_kinds: &[&str],
) -> StoreResult<bool> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM postings p WHERE p.id = ");
    sql.bind_text(id);
    let d = sql.param(Bind::Text(date.to_owned()));
    let licensed = sql.param_list(licensed_kinds);
    sql.push(" AND ");
    sql.push(&visible_sql(&d, &licensed));
    Ok(sql.fetch_scalar_i64(conn).await? > 0)
}

/// Postings naming an organisation (in any role) that were published in `[from, until)`
/// (instants; a posting closed since still counts): (all, fee rules passed). Drafts are private
/// and never count: anyone may name anyone in one.
pub async fn fee_compliance(
    conn: &mut Conn,
    organisation_id: &str,
    from: i64,
    until: i64,
) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(fee_rules_passed), 0) AS BIGINT) FROM postings \
         WHERE (employer_id = $1 OR sending_enterprise_id = $1 OR supervising_org_id = $1) \
         AND published_at IS NOT NULL AND published_at >= $2 AND published_at < $3",
    )
    .bind(organisation_id)
    .bind(from)
    .bind(until)
    .fetch_one(conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct ApplicationRow {
    pub id: String,
    pub posting_id: String,
    pub worker_id: String,
    pub via_organisation_id: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(crate) const APPLICATION_COLUMNS: &str =
    "a.id, a.posting_id, a.worker_id, a.via_organisation_id, a.status, a.created_at, a.updated_at";

pub async fn insert_application(conn: &mut Conn, a: &ApplicationRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO applications (id, posting_id, worker_id, via_organisation_id, status, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&a.id)
    .bind(&a.posting_id)
    .bind(&a.worker_id)
    .bind(&a.via_organisation_id)
    .bind(&a.status)
    .bind(a.created_at)
    .bind(a.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_application_status(
    conn: &mut Conn,
    id: &str,
    status: &str,
    at: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE applications SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn application(conn: &mut Conn, id: &str) -> StoreResult<Option<ApplicationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn applications_of_worker(
    conn: &mut Conn,
    worker_id: &str,
) -> StoreResult<Vec<ApplicationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.worker_id = $1 ORDER BY a.created_at DESC"
    )))
    .bind(worker_id)
    .fetch_all(conn)
    .await?)
}

pub async fn applications_to_posting(
    conn: &mut Conn,
    posting_id: &str,
) -> StoreResult<Vec<ApplicationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a WHERE a.posting_id = $1 ORDER BY a.created_at"
    )))
    .bind(posting_id)
    .fetch_all(conn)
    .await?)
}

/// Open applications that go through an organisation: to a posting naming it, or submitted
/// via it.
pub async fn open_applications_involving(
    conn: &mut Conn,
    organisation_id: &str,
) -> StoreResult<Vec<ApplicationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a JOIN postings p ON p.id = a.posting_id \
         WHERE a.status NOT IN ('withdrawn', 'rejected', 'expired', 'departed') AND (a.via_organisation_id = $1 OR p.employer_id = $1 \
         OR p.sending_enterprise_id = $1 OR p.supervising_org_id = $1) ORDER BY a.created_at"
    )))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

/// A published posting with its employer's names, for the search index.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IndexRow {
    #[sqlx(flatten)]
    pub posting: PostingRow,
    pub employer_name: String,
    pub employer_name_romanised: String,
}

const INDEX_FROM: &str = "e.name AS employer_name, e.name_romanised AS employer_name_romanised \
     FROM postings p JOIN organisations e ON e.id = p.employer_id";

/// Published postings with ids after `after`, in id order, at most `limit` (the index is built
/// from these, page by page).
pub async fn published_page(
    conn: &mut Conn,
    after: &str,
    limit: i64,
) -> StoreResult<Vec<IndexRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, {INDEX_FROM} WHERE p.status = 'published' AND p.id > $1 ORDER BY p.id LIMIT $2"
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// One posting with its employer's names, whatever its status.
pub async fn index_row(conn: &mut Conn, id: &str) -> StoreResult<Option<IndexRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, {INDEX_FROM} WHERE p.id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Published postings naming an organisation in any role.
pub async fn published_naming(
    conn: &mut Conn,
    organisation_id: &str,
) -> StoreResult<Vec<IndexRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, {INDEX_FROM} WHERE p.status = 'published' AND (p.employer_id = $1 \
         OR p.sending_enterprise_id = $1 OR p.supervising_org_id = $1) ORDER BY p.id"
    )))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}
