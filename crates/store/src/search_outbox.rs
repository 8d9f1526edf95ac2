//! The search outbox: which postings and organisations changed, in commit order.

use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxRow {
    pub seq: i64,
    pub entity_type: String,
    pub entity_id: String,
}

pub async fn insert(
    conn: &mut Conn,
    seq: i64,
    entity_type: &str,
    entity_id: &str,
    at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO search_outbox (seq, entity_type, entity_id, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(seq)
    .bind(entity_type)
    .bind(entity_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rows after `seq`, oldest first, at most `limit`.
pub async fn after(conn: &mut Conn, seq: i64, limit: i64) -> StoreResult<Vec<OutboxRow>> {
    Ok(sqlx::query_as(
        "SELECT seq, entity_type, entity_id FROM search_outbox WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(seq)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The lowest and highest sequence numbers present (0, 0 when empty).
pub async fn bounds(conn: &mut Conn) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE(MIN(seq), 0) AS BIGINT), CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM search_outbox",
    )
    .fetch_one(conn)
    .await?)
}
