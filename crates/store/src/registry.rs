//! Registry records: licences, inspections, violations, sanctions, and the look-up index.

use crate::sql::{Bind, Sql};
use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct LicenceRow {
    pub id: String,
    pub organisation_id: String,
    pub number: String,
    pub issuer: String,
    pub issued_on: String,
    pub ends_on: Option<String>,
    pub scope_programmes: String,
    pub scope_countries: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct InspectionRow {
    pub id: String,
    pub organisation_id: String,
    pub inspected_on: String,
    pub authority: String,
    pub findings: String,
    pub recorded_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct ViolationRow {
    pub id: String,
    pub organisation_id: String,
    pub inspection_id: Option<String>,
    pub kind: String,
    pub found_on: String,
    pub description: String,
    pub recorded_by: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct SanctionRow {
    pub id: String,
    pub organisation_id: String,
    pub violation_id: Option<String>,
    pub kind: String,
    pub fine_vnd: Option<i64>,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub decision_number: String,
    pub legal_basis: String,
    pub appeal_status: String,
    pub recorded_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const LICENCE_COLUMNS: &str = "id, organisation_id, number, issuer, issued_on, ends_on, \
     scope_programmes, scope_countries, status, created_at, updated_at";
const SANCTION_COLUMNS: &str = "id, organisation_id, violation_id, kind, fine_vnd, starts_on, \
     ends_on, decision_number, legal_basis, appeal_status, recorded_by, created_at, updated_at";

pub async fn insert_licence(conn: &mut Conn, l: &LicenceRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO licences (id, organisation_id, number, issuer, issued_on, ends_on, \
         scope_programmes, scope_countries, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&l.id)
    .bind(&l.organisation_id)
    .bind(&l.number)
    .bind(&l.issuer)
    .bind(&l.issued_on)
    .bind(&l.ends_on)
    .bind(&l.scope_programmes)
    .bind(&l.scope_countries)
    .bind(&l.status)
    .bind(l.created_at)
    .bind(l.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_licence(conn: &mut Conn, l: &LicenceRow) -> StoreResult<()> {
    sqlx::query(
        "UPDATE licences SET organisation_id = $2, issuer = $3, issued_on = $4, ends_on = $5, \
         scope_programmes = $6, scope_countries = $7, status = $8, updated_at = $9 WHERE id = $1",
    )
    .bind(&l.id)
    .bind(&l.organisation_id)
    .bind(&l.issuer)
    .bind(&l.issued_on)
    .bind(&l.ends_on)
    .bind(&l.scope_programmes)
    .bind(&l.scope_countries)
    .bind(&l.status)
    .bind(l.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn licence_by_number(conn: &mut Conn, number: &str) -> StoreResult<Option<LicenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LICENCE_COLUMNS} FROM licences WHERE number = $1"
    )))
    .bind(number)
    .fetch_optional(conn)
    .await?)
}

/// The licences with these numbers (unknown numbers are left out).
pub async fn licences_by_numbers(
    conn: &mut Conn,
    numbers: &[&str],
) -> StoreResult<Vec<LicenceRow>> {
    let mut sql = Sql::new(&format!(
        "SELECT {LICENCE_COLUMNS} FROM licences WHERE number IN "
    ));
    let list = sql.param_list(numbers);
    sql.push(&list);
    sql.fetch_all(conn).await
}

/// Inserts many licences in a few statements (the register import's batches).
pub async fn insert_licences(conn: &mut Conn, rows: &[LicenceRow]) -> StoreResult<()> {
    for chunk in rows.chunks(400) {
        let mut sql = Sql::new(&format!("INSERT INTO licences ({LICENCE_COLUMNS}) VALUES "));
        for (i, l) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            for v in [
                &l.id,
                &l.organisation_id,
                &l.number,
                &l.issuer,
                &l.issued_on,
            ] {
                sql.bind_text(v.as_str());
                sql.push(", ");
            }
            match &l.ends_on {
                Some(d) => {
                    sql.bind_text(d.as_str());
                }
                None => {
                    sql.push("NULL");
                }
            }
            for v in [&l.scope_programmes, &l.scope_countries, &l.status] {
                sql.push(", ");
                sql.bind_text(v.as_str());
            }
            sql.push(", ");
            sql.bind_int(l.created_at);
            sql.push(", ");
            sql.bind_int(l.updated_at);
            sql.push(")");
        }
        sql.execute(conn).await?;
    }
    Ok(())
}

pub async fn licences_of(conn: &mut Conn, organisation_id: &str) -> StoreResult<Vec<LicenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LICENCE_COLUMNS} FROM licences WHERE organisation_id = $1 \
         ORDER BY issued_on DESC, number DESC"
    )))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

/// The licences of several organisations, in [`licences_of`]'s order within each.
pub async fn licences_of_many(conn: &mut Conn, ids: &[&str]) -> StoreResult<Vec<LicenceRow>> {
    let mut sql = Sql::new(&format!(
        "SELECT {LICENCE_COLUMNS} FROM licences WHERE organisation_id IN "
    ));
    let list = sql.param_list(ids);
    sql.push(&list);
    sql.push(" ORDER BY organisation_id, issued_on DESC, number DESC");
    sql.fetch_all(conn).await
}

pub async fn insert_inspection(conn: &mut Conn, i: &InspectionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO inspections (id, organisation_id, inspected_on, authority, findings, \
         recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&i.id)
    .bind(&i.organisation_id)
    .bind(&i.inspected_on)
    .bind(&i.authority)
    .bind(&i.findings)
    .bind(&i.recorded_by)
    .bind(i.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn inspections_of(
    conn: &mut Conn,
    organisation_id: &str,
) -> StoreResult<Vec<InspectionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, organisation_id, inspected_on, authority, findings, recorded_by, created_at \
         FROM inspections WHERE organisation_id = $1 ORDER BY inspected_on DESC, created_at DESC",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_violation(conn: &mut Conn, v: &ViolationRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO violations (id, organisation_id, inspection_id, kind, found_on, description, \
         recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&v.id)
    .bind(&v.organisation_id)
    .bind(&v.inspection_id)
    .bind(&v.kind)
    .bind(&v.found_on)
    .bind(&v.description)
    .bind(&v.recorded_by)
    .bind(v.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn violations_of(
    conn: &mut Conn,
    organisation_id: &str,
) -> StoreResult<Vec<ViolationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, organisation_id, inspection_id, kind, found_on, description, recorded_by, \
         created_at FROM violations WHERE organisation_id = $1 ORDER BY found_on DESC, created_at DESC",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

pub async fn insert_sanction(conn: &mut Conn, s: &SanctionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sanctions (id, organisation_id, violation_id, kind, fine_vnd, starts_on, \
         ends_on, decision_number, legal_basis, appeal_status, recorded_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&s.id)
    .bind(&s.organisation_id)
    .bind(&s.violation_id)
    .bind(&s.kind)
    .bind(s.fine_vnd)
    .bind(&s.starts_on)
    .bind(&s.ends_on)
    .bind(&s.decision_number)
    .bind(&s.legal_basis)
    .bind(&s.appeal_status)
    .bind(&s.recorded_by)
    .bind(s.created_at)
    .bind(s.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_appeal_status(
    conn: &mut Conn,
    id: &str,
    status: &str,
    at: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE sanctions SET appeal_status = $1, updated_at = $2 WHERE id = $3")
        .bind(status)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn sanction(conn: &mut Conn, id: &str) -> StoreResult<Option<SanctionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SANCTION_COLUMNS} FROM sanctions WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn sanctions_of(conn: &mut Conn, organisation_id: &str) -> StoreResult<Vec<SanctionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {SANCTION_COLUMNS} FROM sanctions WHERE organisation_id = $1 \
         ORDER BY starts_on DESC, created_at DESC"
    )))
    .bind(organisation_id)
    .fetch_all(conn)
    .await?)
}

/// The sanctions of several organisations, in [`sanctions_of`]'s order within each.
pub async fn sanctions_of_many(conn: &mut Conn, ids: &[&str]) -> StoreResult<Vec<SanctionRow>> {
    let mut sql = Sql::new(&format!(
        "SELECT {SANCTION_COLUMNS} FROM sanctions WHERE organisation_id IN "
    ));
    let list = sql.param_list(ids);
    sql.push(&list);
    sql.push(" ORDER BY organisation_id, starts_on DESC, created_at DESC");
    sql.fetch_all(conn).await
}

pub async fn violation(conn: &mut Conn, id: &str) -> StoreResult<Option<ViolationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, organisation_id, inspection_id, kind, found_on, description, recorded_by, \
         created_at FROM violations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn inspection(conn: &mut Conn, id: &str) -> StoreResult<Option<InspectionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, organisation_id, inspected_on, authority, findings, recorded_by, created_at \
         FROM inspections WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Number of hotline findings against an organisation: (substantiated, all).
pub async fn grievance_counts(conn: &mut Conn, organisation_id: &str) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(substantiated), 0) AS BIGINT), COUNT(*) FROM grievance_findings \
         WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_one(conn)
    .await?)
}

/// Replaces the look-up terms of several organisations in a few statements.
pub async fn replace_terms_many(
    conn: &mut Conn,
    orgs: &[(String, Vec<String>)],
) -> StoreResult<()> {
    for chunk in orgs.chunks(400) {
        let ids: Vec<&str> = chunk.iter().map(|(id, _)| id.as_str()).collect();
        let mut sql = Sql::new("DELETE FROM organisation_terms WHERE organisation_id IN ");
        let list = sql.param_list(&ids);
        sql.push(&list);
        sql.execute(conn).await?;
    }
    let pairs: Vec<(&str, &str)> = orgs
        .iter()
        .flat_map(|(id, terms)| terms.iter().map(move |t| (t.as_str(), id.as_str())))
        .collect();
    for chunk in pairs.chunks(1600) {
        let mut sql = Sql::new("INSERT INTO organisation_terms (term, organisation_id) VALUES ");
        for (i, (term, org)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind_text(*term);
            sql.push(", ");
            sql.bind_text(*org);
            sql.push(")");
        }
        sql.push(" ON CONFLICT DO NOTHING");
        sql.execute(conn).await?;
    }
    Ok(())
}

/// Replaces an organisation's look-up terms.
pub async fn replace_terms(
    conn: &mut Conn,
    organisation_id: &str,
    terms: &[String],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM organisation_terms WHERE organisation_id = $1")
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    for chunk in terms.chunks(200) {
        let mut sql = Sql::new("INSERT INTO organisation_terms (term, organisation_id) VALUES ");
        for (i, term) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(");
            sql.bind_text(term.clone());
            sql.push(", ");
            sql.bind_text(organisation_id);
            sql.push(")");
        }
        sql.push(" ON CONFLICT DO NOTHING");
        sql.execute(conn).await?;
    }
    Ok(())
}

/// The SQL expression for an organisation's licence status in force on a date: a sanction in
/// force first (revocation, then suspension), then a licence valid that day, else what the
/// newest licence issued by then says (an `active` one past its end is `expired`), else
/// `none`. `o` is the organisations alias, `d` the placeholder of the date.
pub fn status_in_force_sql(d: &str) -> String {
    format!(
        "(CASE \
          WHEN EXISTS (SELECT 1 FROM sanctions s WHERE s.organisation_id = o.id AND s.kind = 'revocation' \
               AND s.starts_on <= {d} AND s.appeal_status <> 'overturned') THEN 'revoked' \
          WHEN EXISTS (SELECT 1 FROM sanctions s WHERE s.organisation_id = o.id AND s.kind = 'suspension' \
               AND s.starts_on <= {d} AND (s.ends_on IS NULL OR s.ends_on >= {d}) \
               AND s.appeal_status <> 'overturned') THEN 'suspended' \
          WHEN EXISTS (SELECT 1 FROM licences l WHERE l.organisation_id = o.id AND l.status = 'active' \
               AND l.issued_on <= {d} AND (l.ends_on IS NULL OR l.ends_on >= {d})) THEN 'active' \
          ELSE COALESCE((SELECT CASE WHEN l.status = 'active' THEN 'expired' ELSE l.status END \
               FROM licences l WHERE l.organisation_id = o.id AND l.issued_on <= {d} \
               ORDER BY l.issued_on DESC, l.number DESC LIMIT 1), 'none') \
         END)"
    )
}

/// The SQL condition "organisation `o` is in good standing on the date at placeholder `d`":
/// of a kind in `licensed` (the placeholder list of kinds that need a licence, which core
/// defines), an active licence in force; of any other kind, no suspension or revocation in
/// force. The Rust twin is `kakehashi_core::registry::in_good_standing`; a property test runs
/// both over random records.
pub fn good_standing_sql(d: &str, licensed: &str) -> String {
    let status = status_in_force_sql(d);
    format!(
        "(CASE WHEN o.kind IN {licensed} THEN (CASE WHEN {status} = 'active' THEN 1 ELSE 0 END) \
          ELSE (CASE WHEN {status} IN ('revoked', 'suspended') THEN 0 ELSE 1 END) END) = 1"
    )
}

/// Whether one organisation is in good standing on `date`, by [`good_standing_sql`].
pub async fn good_standing_on(
    conn: &mut Conn,
    organisation_id: &str,
    date: &str,
    licensed_kinds: &[&str],
) -> StoreResult<bool> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM organisations o WHERE o.id = ");
    sql.bind_text(organisation_id);
    let d = sql.param(Bind::Text(date.to_owned()));
    let licensed = sql.param_list(licensed_kinds);
    sql.push(" AND ");
    sql.push(&good_standing_sql(&d, &licensed));
    Ok(sql.fetch_scalar_i64(conn).await? > 0)
}

/// The status in force of one organisation on `date`, with its kind.
pub async fn status_on(
    conn: &mut Conn,
    organisation_id: &str,
    date: &str,
) -> StoreResult<Option<(String, String)>> {
    let mut sql = Sql::new("SELECT o.kind, ");
    let d = sql.param(Bind::Text(date.to_owned()));
    sql.push(&status_in_force_sql(&d));
    sql.push(" FROM organisations o WHERE o.id = ");
    sql.bind_text(organisation_id);
    Ok(sql
        .fetch_all::<(String, String)>(conn)
        .await?
        .into_iter()
        .next())
}

/// One row of the public look-up.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct LookupRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_romanised: String,
    pub country: String,
    pub enterprise_code: Option<String>,
    pub licence_number: Option<String>,
    pub status: String,
    /// Every match, not just this page's.
    #[serde(skip)]
    pub total: i64,
}

/// A term of a look-up: matched exactly, or as the beginning of a term (a word still being
/// typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    pub term: String,
    pub prefix: bool,
}

/// What to look up. The driving term (the most selective) goes through the term index; every
/// word must also appear in the organisation's folded text.
#[derive(Debug, Clone, Default)]
pub struct LookupFilter {
    /// The rarest term, and the next rarest to intersect it with (index look-ups only).
    pub driving: Option<TermMatch>,
    pub second: Option<TermMatch>,
    pub words: Vec<String>,
    /// The folded query, to rank names that start with it first.
    pub phrase: String,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub date: String,
    pub limit: i64,
    pub offset: i64,
    /// The driving term matches many organisations (or there is none): walk the name index,
    /// check each organisation, stop at the page, and count no further than `count_cap`.
    pub broad: bool,
    pub count_cap: i64,
}

/// `text` as a LIKE pattern that matches itself only (`ESCAPE '\'` after it).
pub fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The upper bound of a prefix range: every string starting with `prefix` sorts below it.
pub fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

fn term_condition(sql: &mut Sql, alias: &str, m: &TermMatch) {
    if m.prefix {
        sql.push(&format!("{alias}.term >= "));
        sql.bind_text(m.term.clone());
        sql.push(&format!(" AND {alias}.term < "));
        sql.bind_text(prefix_upper_bound(&m.term));
    } else {
        sql.push(&format!("{alias}.term = "));
        sql.bind_text(m.term.clone());
    }
}

fn lookup_where(f: &LookupFilter, sql: &mut Sql, d: &str) {
    sql.push(" WHERE 1 = 1");
    if let Some(d) = &f.driving {
        if f.broad {
            // Checked row by row in name order: each a look-up in the term index.
            for m in [Some(d), f.second.as_ref()].into_iter().flatten() {
                sql.push(" AND EXISTS (SELECT 1 FROM organisation_terms t WHERE t.organisation_id = o.id AND ");
                term_condition(sql, "t", m);
                sql.push(")");
            }
        } else {
            sql.push(" AND o.id IN (SELECT t.organisation_id FROM organisation_terms t WHERE ");
            term_condition(sql, "t", d);
            if let Some(second) = &f.second {
                sql.push(" AND EXISTS (SELECT 1 FROM organisation_terms u WHERE u.organisation_id = t.organisation_id AND ");
                term_condition(sql, "u", second);
                sql.push(")");
            }
            sql.push(")");
        }
    }
    // The substring matches go into one CASE compared with `>=`: PostgreSQL cannot estimate
    // `LIKE '%word%'`, guesses it very selective and then scans the whole table instead of
    // following the term index; an inequality on one opaque expression it guesses broad.
    // SQLite evaluates it the same either way. Wildcards in the words are escaped.
    if !f.words.is_empty() {
        sql.push(" AND (CASE WHEN ");
        for (i, w) in f.words.iter().enumerate() {
            if i > 0 {
                sql.push(" AND ");
            }
            sql.push("o.search_text LIKE ");
            sql.bind_text(format!("%{}%", like_literal(w)));
            sql.push(" ESCAPE '\\'");
        }
        sql.push(" THEN 1 ELSE 0 END) >= 1");
    }
    if let Some(kind) = &f.kind {
        sql.push(" AND o.kind = ");
        sql.bind_text(kind.clone());
    }
    if let Some(status) = &f.status {
        sql.push(&format!(" AND {} = ", status_in_force_sql(d)));
        sql.bind_text(status.clone());
    }
}

const LOOKUP_COLUMNS: &str = "o.id, o.kind, o.name, o.name_romanised, o.country, o.enterprise_code, \
     (SELECT l.number FROM licences l WHERE l.organisation_id = o.id \
      ORDER BY l.issued_on DESC, l.number DESC LIMIT 1) AS licence_number, ";

/// How many organisations match `f`, counting no further than `cap + 1`.
async fn count_capped(conn: &mut Conn, f: &LookupFilter, cap: i64) -> StoreResult<i64> {
    let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM organisations o");
    let d = count.param(Bind::Text(f.date.clone()));
    lookup_where(f, &mut count, &d);
    count.push(" LIMIT ");
    count.bind_int(cap + 1);
    count.push(") c");
    count.fetch_scalar_i64(conn).await
}

/// A page of organisations matching `f`, how many match (at most `f.count_cap`), and whether
/// more than that do.
pub async fn lookup(conn: &mut Conn, f: &LookupFilter) -> StoreResult<(Vec<LookupRow>, i64, bool)> {
    let cap = f.count_cap;
    if f.broad {
        // In name order straight from the index; names starting with the words are not
        // ranked first here (nearly every name shares a broad query's words).
        // The page is chosen first and the costly columns computed for its rows only: in
        // one level PostgreSQL would hash the status's sub-queries over the whole register.
        let mut sql = Sql::new(&format!("SELECT {LOOKUP_COLUMNS}"));
        let d = sql.param(Bind::Text(f.date.clone()));
        sql.push(&status_in_force_sql(&d));
        sql.push(
            " AS status, 0 AS total FROM (SELECT o.id, o.name_romanised AS sort_name \
             FROM organisations o",
        );
        lookup_where(f, &mut sql, &d);
        sql.push(" ORDER BY o.name_romanised, o.id LIMIT ");
        sql.bind_int(f.limit);
        sql.push(" OFFSET ");
        sql.bind_int(f.offset);
        sql.push(") m JOIN organisations o ON o.id = m.id ORDER BY m.sort_name, m.id");
        let rows: Vec<LookupRow> = sql.fetch_all(conn).await?;
        let n = count_capped(conn, f, cap).await?;
        return Ok((rows, n.min(cap), n > cap));
    }
    // One pass finds the page and counts every match (a window count: the driving term is
    // rare, so there are few); the costlier columns (status in force, newest licence) are
    // computed for the page's rows only.
    let mut sql = Sql::new(&format!("SELECT {LOOKUP_COLUMNS}"));
    let d = sql.param(Bind::Text(f.date.clone()));
    sql.push(&status_in_force_sql(&d));
    sql.push(
        " AS status, m.total FROM (SELECT o.id, COUNT(*) OVER () AS total, \
         CASE WHEN o.search_text LIKE ",
    );
    sql.bind_text(format!("{}%", like_literal(&f.phrase)));
    sql.push(" ESCAPE '\\' THEN 0 ELSE 1 END AS first, o.name_romanised AS sort_name FROM organisations o");
    lookup_where(f, &mut sql, &d);
    sql.push(" ORDER BY first, sort_name, o.id LIMIT ");
    sql.bind_int(f.limit);
    sql.push(" OFFSET ");
    sql.bind_int(f.offset);
    sql.push(") m JOIN organisations o ON o.id = m.id ORDER BY m.first, m.sort_name, m.id");
    let rows: Vec<LookupRow> = sql.fetch_all(conn).await?;
    let total = match rows.first() {
        Some(r) => r.total,
        // Past the end (or no match): count on its own.
        None => count_capped(conn, f, cap).await?,
    };
    Ok((rows, total.min(cap), total > cap))
}

/// [`count_term`] for several terms in one round trip, in the same order.
pub async fn count_terms(conn: &mut Conn, terms: &[TermMatch], cap: i64) -> StoreResult<Vec<i64>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("");
    for (i, t) in terms.iter().enumerate() {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push(&format!(
            "SELECT {i} AS i, (SELECT COUNT(*) FROM (SELECT 1 FROM organisation_terms t WHERE "
        ));
        term_condition(&mut sql, "t", t);
        sql.push(" LIMIT ");
        sql.bind_int(cap);
        sql.push(") AS c) AS n");
    }
    let mut rows: Vec<(i64, i64)> = sql.fetch_all(conn).await?;
    rows.sort_by_key(|(i, _)| *i);
    Ok(rows.into_iter().map(|(_, n)| n).collect())
}

/// How many organisations have the term (or, with `prefix`, a term starting with it),
/// counting no further than `cap`: a cheap measure of how selective it is.
pub async fn count_term(conn: &mut Conn, term: &str, prefix: bool, cap: i64) -> StoreResult<i64> {
    let q = if prefix {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM organisation_terms WHERE term >= $1 AND term < $2 LIMIT $3) AS c",
        )
        .bind(term)
        .bind(prefix_upper_bound(term))
        .bind(cap)
    } else {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM organisation_terms WHERE term = $1 LIMIT $2) AS c",
        )
        .bind(term)
        .bind(cap)
    };
    Ok(q.fetch_one(conn).await?)
}

/// Organisations that take part in recruitment, with their status in force on `date` and the
/// standing the enforcement sweep last saw (if any).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StandingChange {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub seen_status: Option<String>,
}

/// Organisations of the `kinds` given (those enforcement watches), with their status in force
/// on `date`.
pub async fn standings(
    conn: &mut Conn,
    date: &str,
    kinds: &[&str],
) -> StoreResult<Vec<StandingChange>> {
    let mut sql = Sql::new("SELECT o.id, o.kind, ");
    let d = sql.param(Bind::Text(date.to_owned()));
    let kinds = sql.param_list(kinds);
    sql.push(&status_in_force_sql(&d));
    sql.push(&format!(
        " AS status, s.status AS seen_status FROM organisations o \
         LEFT JOIN standing_seen s ON s.organisation_id = o.id WHERE o.kind IN {kinds}"
    ));
    sql.fetch_all(conn).await
}

pub async fn mark_seen(
    conn: &mut Conn,
    organisation_id: &str,
    good: bool,
    status: &str,
    date: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO standing_seen (organisation_id, in_good_standing, status, seen_on) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (organisation_id) DO UPDATE SET \
         in_good_standing = excluded.in_good_standing, status = excluded.status, seen_on = excluded.seen_on",
    )
    .bind(organisation_id)
    .bind(i64::from(good))
    .bind(status)
    .bind(date)
    .execute(conn)
    .await?;
    Ok(())
}
