//! Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
//! copy of the database does not let anyone sign in.

use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub address: String,
    pub user_agent: String,
}

pub async fn insert(conn: &mut Conn, s: &SessionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, \
         expires_at, address, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&s.token_hash)
    .bind(&s.user_id)
    .bind(&s.csrf_token)
    .bind(s.created_at)
    .bind(s.last_seen_at)
    .bind(s.expires_at)
    .bind(&s.address)
    .bind(&s.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live session with this token hash, if it has not expired at `now`.
pub async fn live(conn: &mut Conn, token_hash: &str, now: i64) -> StoreResult<Option<SessionRow>> {
    Ok(sqlx::query_as(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, address, \
         user_agent FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// A live session with its account, as every signed-in request needs them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LiveSession {
    pub csrf_token: String,
    pub last_seen_at: i64,
    #[sqlx(flatten)]
    pub user: crate::users::UserRow,
}

/// [`live`] and the account it belongs to, in one statement.
pub async fn live_with_user(
    conn: &mut Conn,
    token_hash: &str,
    now: i64,
) -> StoreResult<Option<LiveSession>> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let user_columns: Vec<String> = crate::users::COLUMNS
            .split(", ")
            .map(|c| format!("u.{}", c.trim()))
            .collect();
        format!(
            "SELECT s.csrf_token, s.last_seen_at, {} FROM sessions s \
             JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2",
            user_columns.join(", ")
        )
    });
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(SQL.as_str()))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(conn)
        .await?)
}

/// Slides the expiry forward on activity.
pub async fn touch(
    conn: &mut Conn,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
        .bind(now)
        .bind(expires_at)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user except `keep` (after a password change).
pub async fn delete_for_user_except(
    conn: &mut Conn,
    user_id: &str,
    keep: Option<&str>,
) -> StoreResult<u64> {
    let done =
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
            .bind(user_id)
            .bind(keep)
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}

pub async fn delete_expired(conn: &mut Conn, now: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
