//! Failed sign-in attempts, kept in the database so that every server instance behind a load
//! balancer counts the same attempts.

use crate::{Conn, StoreResult};

pub async fn record_failure(
    conn: &mut Conn,
    account_key: &str,
    address: &str,
    at: i64,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sign_in_failures (account_key, address, at) VALUES ($1, $2, $3)")
        .bind(account_key)
        .bind(address)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Failures since `since` for the account and for the address.
pub async fn failures_since(
    conn: &mut Conn,
    account_key: &str,
    address: &str,
    since: i64,
) -> StoreResult<(i64, i64)> {
    let per_account: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_failures WHERE account_key = $1 AND at >= $2",
    )
    .bind(account_key)
    .bind(since)
    .fetch_one(&mut *conn)
    .await?;
    let per_address: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE address = $1 AND at >= $2")
            .bind(address)
            .bind(since)
            .fetch_one(&mut *conn)
            .await?;
    Ok((per_account, per_address))
}

/// Forgets an account's failures after it signs in successfully.
pub async fn clear_account(conn: &mut Conn, account_key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
        .bind(account_key)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_older_than(conn: &mut Conn, before: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
