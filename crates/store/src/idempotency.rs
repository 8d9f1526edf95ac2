//! Idempotency keys: who used which key for which request, and the answer it got.

use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KeyRow {
    pub scope: String,
    pub idem_key: String,
    pub fingerprint: String,
    pub locked_until: i64,
    pub committed: i64,
    pub status: Option<i64>,
    pub content_type: Option<String>,
    pub body: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Takes the key for a request; false when someone holds it already (the database decides
/// between concurrent claims).
pub async fn claim(conn: &mut Conn, row: &KeyRow) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, locked_until, committed, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, 0, $5, $6) \
         ON CONFLICT (scope, idem_key) DO NOTHING",
    )
    .bind(&row.scope)
    .bind(&row.idem_key)
    .bind(&row.fingerprint)
    .bind(row.locked_until)
    .bind(row.created_at)
    .bind(row.expires_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get(conn: &mut Conn, scope: &str, key: &str) -> StoreResult<Option<KeyRow>> {
    Ok(sqlx::query_as(
        "SELECT scope, idem_key, fingerprint, locked_until, committed, status, content_type, body, \
         created_at, expires_at FROM idempotency_keys WHERE scope = $1 AND idem_key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(conn)
    .await?)
}

/// Takes over a key whose row is `seen` (expired, or abandoned before anything committed) for a
/// new request; false when another request changed the row first.
pub async fn take_over(conn: &mut Conn, seen: &KeyRow, new: &KeyRow) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE idempotency_keys SET fingerprint = $1, locked_until = $2, committed = 0, \
         status = NULL, content_type = NULL, body = NULL, created_at = $3, expires_at = $4 \
         WHERE scope = $5 AND idem_key = $6 AND locked_until = $7 AND expires_at = $8 \
         AND committed = $9",
    )
    .bind(&new.fingerprint)
    .bind(new.locked_until)
    .bind(new.created_at)
    .bind(new.expires_at)
    .bind(&seen.scope)
    .bind(&seen.idem_key)
    .bind(seen.locked_until)
    .bind(seen.expires_at)
    .bind(seen.committed)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks that the request holding the key committed its change. Runs inside that change's
/// transaction, so the mark and the change commit together or not at all.
pub async fn mark_committed(conn: &mut Conn, scope: &str, key: &str) -> StoreResult<()> {
    sqlx::query("UPDATE idempotency_keys SET committed = 1 WHERE scope = $1 AND idem_key = $2")
        .bind(scope)
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps the answer the request got.
pub async fn store_answer(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    status: i64,
    content_type: &str,
    body: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $1, content_type = $2, body = $3 \
         WHERE scope = $4 AND idem_key = $5",
    )
    .bind(status)
    .bind(content_type)
    .bind(body)
    .bind(scope)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

/// Frees a key whose request changed nothing, so a retry runs again.
pub async fn release(conn: &mut Conn, scope: &str, key: &str) -> StoreResult<()> {
    sqlx::query(
        "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND committed = 0 \
         AND status IS NULL",
    )
    .bind(scope)
    .bind(key)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the keys expired at `now`; returns how many.
pub async fn purge(conn: &mut Conn, now: i64) -> StoreResult<u64> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE expires_at <= $1")
            .bind(now)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// How many keys are kept (for tests and operators).
pub async fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys")
        .fetch_one(conn)
        .await?)
}
