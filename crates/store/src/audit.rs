//! The append-only audit trail. Each record carries the SHA-256 of its predecessor; the
//! chain's head lives in `audit_head`, whose single row every append locks, so appends from
//! several server instances are serialised into one chain.

use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct AuditRow {
    pub seq: i64,
    pub id: String,
    pub at: i64,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

const COLUMNS: &str = "seq, id, at, actor_id, actor_role, action, entity_type, entity_id, \
     before_json, after_json, prev_hash, hash";

/// Takes the next sequence number and returns it with the hash of the record before it. The
/// update locks the head row until the transaction ends.
pub async fn advance_head(conn: &mut Conn) -> StoreResult<(i64, String)> {
    Ok(
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(conn)
            .await?,
    )
}

/// Takes `n` sequence numbers at once: returns the last of them and the hash of the record
/// before the first (for appending a batch).
pub async fn advance_head_by(conn: &mut Conn, n: i64) -> StoreResult<(i64, String)> {
    Ok(
        sqlx::query_as("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(n)
            .fetch_one(conn)
            .await?,
    )
}

/// Inserts many records in a few statements.
pub async fn insert_many(conn: &mut Conn, rows: &[AuditRow]) -> StoreResult<()> {
    for chunk in rows.chunks(400) {
        let mut sql = crate::sql::Sql::new(&format!("INSERT INTO audit_log ({COLUMNS}) VALUES "));
        for (i, r) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind_int(r.seq);
            for (col, v) in [
                Some(&r.id),
                None,
                r.actor_id.as_ref(),
                r.actor_role.as_ref(),
                Some(&r.action),
                Some(&r.entity_type),
                Some(&r.entity_id),
                r.before_json.as_ref(),
                r.after_json.as_ref(),
                Some(&r.prev_hash),
                Some(&r.hash),
            ]
            .into_iter()
            .enumerate()
            {
                sql.push(", ");
                // Column 1 is the instant, an integer.
                match (col, v) {
                    (1, _) => {
                        sql.bind_int(r.at);
                    }
                    (_, Some(v)) => {
                        sql.bind_text(v.as_str());
                    }
                    (_, None) => {
                        sql.push("NULL");
                    }
                }
            }
            sql.push(")");
        }
        sql.execute(conn).await?;
    }
    Ok(())
}

pub async fn set_head_hash(conn: &mut Conn, hash: &str) -> StoreResult<()> {
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn head(conn: &mut Conn) -> StoreResult<(i64, String)> {
    Ok(
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(conn)
            .await?,
    )
}

pub async fn insert(conn: &mut Conn, r: &AuditRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (seq, id, at, actor_id, actor_role, action, entity_type, \
         entity_id, before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(r.seq)
    .bind(&r.id)
    .bind(r.at)
    .bind(&r.actor_id)
    .bind(&r.actor_role)
    .bind(&r.action)
    .bind(&r.entity_type)
    .bind(&r.entity_id)
    .bind(&r.before_json)
    .bind(&r.after_json)
    .bind(&r.prev_hash)
    .bind(&r.hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// Up to `limit` records after `after_seq`, in chain order.
pub async fn page(conn: &mut Conn, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
    )))
    .bind(after_seq)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The newest records first, optionally for one entity.
pub async fn recent(
    conn: &mut Conn,
    entity: Option<(&str, &str)>,
    limit: i64,
) -> StoreResult<Vec<AuditRow>> {
    let (entity_type, entity_id) = entity.unzip();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE ($1 IS NULL OR (entity_type = $1 AND entity_id = $2)) \
         ORDER BY seq DESC LIMIT $3"
    )))
    .bind(entity_type)
    .bind(entity_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
