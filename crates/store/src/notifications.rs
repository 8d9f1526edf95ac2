//! The in-app inbox. A notification names a message id and its parameters; the page renders it
//! in the reader's language.

use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub params_json: String,
    pub dedupe_key: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// Inserts a notification; one with the same `dedupe_key` already present is left alone, so a
/// job that runs twice does not notify twice. Returns whether a row was added.
pub async fn insert(conn: &mut Conn, n: &NotificationRow) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO notifications (id, user_id, kind, params_json, dedupe_key, created_at, read_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(&n.id)
    .bind(&n.user_id)
    .bind(&n.kind)
    .bind(&n.params_json)
    .bind(&n.dedupe_key)
    .bind(n.created_at)
    .bind(n.read_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn for_user(
    conn: &mut Conn,
    user_id: &str,
    limit: i64,
) -> StoreResult<Vec<NotificationRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, kind, params_json, dedupe_key, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

pub async fn unread_count(conn: &mut Conn, user_id: &str) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await?)
}

pub async fn mark_all_read(conn: &mut Conn, user_id: &str, at: i64) -> StoreResult<u64> {
    let done =
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(at)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}
