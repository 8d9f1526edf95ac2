//! Exchange rates imported into the database (one row a currency and date).

use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct RateRow {
    pub id: String,
    pub currency: String,
    pub rate_date: String,
    pub buying: i64,
    pub transfer: Option<i64>,
    pub selling: i64,
    pub verification: String,
    pub source: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, currency, rate_date, buying, transfer, selling, verification, source, \
                       created_at, updated_at";

/// Every rate of `currency`, oldest first.
pub async fn all(conn: &mut Conn, currency: &str) -> StoreResult<Vec<RateRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM exchange_rates WHERE currency = $1 ORDER BY rate_date"
    )))
    .bind(currency)
    .fetch_all(conn)
    .await?)
}

pub async fn by_date(conn: &mut Conn, currency: &str, date: &str) -> StoreResult<Option<RateRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM exchange_rates WHERE currency = $1 AND rate_date = $2"
    )))
    .bind(currency)
    .bind(date)
    .fetch_optional(conn)
    .await?)
}

pub async fn insert(conn: &mut Conn, r: &RateRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO exchange_rates (id, currency, rate_date, buying, transfer, selling, \
         verification, source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&r.id)
    .bind(&r.currency)
    .bind(&r.rate_date)
    .bind(r.buying)
    .bind(r.transfer)
    .bind(r.selling)
    .bind(&r.verification)
    .bind(&r.source)
    .bind(r.created_at)
    .bind(r.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update(conn: &mut Conn, r: &RateRow) -> StoreResult<()> {
    sqlx::query(
        "UPDATE exchange_rates SET buying = $2, transfer = $3, selling = $4, verification = $5, \
         source = $6, updated_at = $7 WHERE id = $1",
    )
    .bind(&r.id)
    .bind(r.buying)
    .bind(r.transfer)
    .bind(r.selling)
    .bind(&r.verification)
    .bind(&r.source)
    .bind(r.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}
