//! Organisations: sending enterprises, supervising and support organisations, employers,
//! training centres, unions, NGOs and authorities.

use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct OrganisationRow {
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
    #[serde(skip)]
    pub search_text: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(crate) const COLUMNS: &str = "o.id, o.kind, o.name, o.name_romanised, o.country, o.address, \
     o.phone, o.email, o.website, o.enterprise_code, o.search_text, o.created_at, o.updated_at";

pub async fn insert(conn: &mut Conn, o: &OrganisationRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO organisations (id, kind, name, name_romanised, country, address, phone, \
         email, website, enterprise_code, search_text, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&o.id)
    .bind(&o.kind)
    .bind(&o.name)
    .bind(&o.name_romanised)
    .bind(&o.country)
    .bind(&o.address)
    .bind(&o.phone)
    .bind(&o.email)
    .bind(&o.website)
    .bind(&o.enterprise_code)
    .bind(&o.search_text)
    .bind(o.created_at)
    .bind(o.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rewrites every editable column of an existing organisation.
pub async fn update(conn: &mut Conn, o: &OrganisationRow) -> StoreResult<()> {
    let done = sqlx::query(
        "UPDATE organisations SET kind = $2, name = $3, name_romanised = $4, country = $5, \
         address = $6, phone = $7, email = $8, website = $9, enterprise_code = $10, \
         search_text = $11, updated_at = $12 WHERE id = $1",
    )
    .bind(&o.id)
    .bind(&o.kind)
    .bind(&o.name)
    .bind(&o.name_romanised)
    .bind(&o.country)
    .bind(&o.address)
    .bind(&o.phone)
    .bind(&o.email)
    .bind(&o.website)
    .bind(&o.enterprise_code)
    .bind(&o.search_text)
    .bind(o.updated_at)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(crate::StoreError::NotFound);
    }
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: &str) -> StoreResult<Option<OrganisationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM organisations o WHERE o.id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Several organisations at once (in no particular order; unknown ids are left out).
pub async fn by_ids(conn: &mut Conn, ids: &[&str]) -> StoreResult<Vec<OrganisationRow>> {
    let mut sql = crate::sql::Sql::new(&format!(
        "SELECT {COLUMNS} FROM organisations o WHERE o.id IN "
    ));
    let list = sql.param_list(ids);
    sql.push(&list);
    sql.fetch_all(conn).await
}

pub async fn by_enterprise_code(
    conn: &mut Conn,
    code: &str,
) -> StoreResult<Option<OrganisationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM organisations o WHERE o.enterprise_code = $1"
    )))
    .bind(code)
    .fetch_optional(conn)
    .await?)
}

/// Every organisation of a kind (or all), by romanised name; for admin pick lists.
pub async fn list(
    conn: &mut Conn,
    kind: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<OrganisationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM organisations o WHERE ($1 IS NULL OR o.kind = $1) \
         ORDER BY o.name_romanised, o.id LIMIT $2"
    )))
    .bind(kind)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(conn)
        .await?)
}

/// Rows per multi-row statement: 13 parameters each, well under SQLite's limit of 32,766.
const ROWS_PER_STATEMENT: usize = 400;

/// Inserts many organisations in a few statements (the register import's batches).
pub async fn insert_many(conn: &mut Conn, rows: &[OrganisationRow]) -> StoreResult<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut sql = crate::sql::Sql::new(
            "INSERT INTO organisations (id, kind, name, name_romanised, country, address, phone, \
             email, website, enterprise_code, search_text, created_at, updated_at) VALUES ",
        );
        for (i, o) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            for v in [
                &o.id,
                &o.kind,
                &o.name,
                &o.name_romanised,
                &o.country,
                &o.address,
                &o.phone,
                &o.email,
                &o.website,
            ] {
                sql.bind_text(v.as_str());
                sql.push(", ");
            }
            match &o.enterprise_code {
                Some(c) => {
                    sql.bind_text(c.as_str());
                }
                None => {
                    sql.push("NULL");
                }
            }
            sql.push(", ");
            sql.bind_text(o.search_text.as_str());
            sql.push(", ");
            sql.bind_int(o.created_at);
            sql.push(", ");
            sql.bind_int(o.updated_at);
            sql.push(")");
        }
        sql.execute(conn).await?;
    }
    Ok(())
}

/// The organisations with these enterprise codes (unknown codes are left out).
pub async fn by_enterprise_codes(
    conn: &mut Conn,
    codes: &[&str],
) -> StoreResult<Vec<OrganisationRow>> {
    let mut sql = crate::sql::Sql::new(&format!(
        "SELECT {COLUMNS} FROM organisations o WHERE o.enterprise_code IN "
    ));
    let list = sql.param_list(codes);
    sql.push(&list);
    sql.fetch_all(conn).await
}

pub async fn set_search_text(conn: &mut Conn, id: &str, text: &str) -> StoreResult<()> {
    sqlx::query("UPDATE organisations SET search_text = $1 WHERE id = $2")
        .bind(text)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
