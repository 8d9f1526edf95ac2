//! The background-job queue's table. A job is claimed by one worker at a time under a lease
//! (`locked_until`); every change a worker makes to its job is guarded by `locked_by`, so a
//! worker whose lease ran out and whose job was claimed again can no longer touch it.
//! The claim is the one dialect-specific statement: PostgreSQL skips rows another instance
//! holds (`FOR UPDATE SKIP LOCKED`); SQLite has one writer, so the claim runs inside a write
//! transaction (`BEGIN IMMEDIATE`), which serialises claims.

use crate::sql::Sql;
use crate::{Backend, Conn, Db, StoreResult};
use serde::Serialize;

pub const QUEUED: &str = "queued";
pub const RUNNING: &str = "running";
pub const SUCCEEDED: &str = "succeeded";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub payload: String,
    pub state: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_after: i64,
    pub locked_until: Option<i64>,
    pub locked_by: Option<String>,
    pub progress_phase: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub checkpoint: Option<String>,
    pub result: Option<String>,
    pub last_error: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, kind, payload, state, attempts, max_attempts, run_after, locked_until, \
     locked_by, progress_phase, progress_done, progress_total, checkpoint, result, last_error, \
     created_by, created_at, updated_at, finished_at";

/// Adds a queued job (call inside the transaction of the change that asks for it).
pub async fn insert(conn: &mut Conn, j: &JobRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO jobs (id, kind, payload, state, attempts, max_attempts, run_after, \
         locked_until, locked_by, progress_phase, progress_done, progress_total, checkpoint, \
         result, last_error, created_by, created_at, updated_at, finished_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19)",
    )
    .bind(&j.id)
    .bind(&j.kind)
    .bind(&j.payload)
    .bind(&j.state)
    .bind(j.attempts)
    .bind(j.max_attempts)
    .bind(j.run_after)
    .bind(j.locked_until)
    .bind(&j.locked_by)
    .bind(&j.progress_phase)
    .bind(j.progress_done)
    .bind(j.progress_total)
    .bind(&j.checkpoint)
    .bind(&j.result)
    .bind(&j.last_error)
    .bind(&j.created_by)
    .bind(j.created_at)
    .bind(j.updated_at)
    .bind(j.finished_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_blob(conn: &mut Conn, job_id: &str, content: &[u8]) -> StoreResult<()> {
    sqlx::query("INSERT INTO job_blobs (job_id, content) VALUES ($1, $2)")
        .bind(job_id)
        .bind(content.to_vec())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn blob(conn: &mut Conn, job_id: &str) -> StoreResult<Option<Vec<u8>>> {
    Ok(
        sqlx::query_scalar("SELECT content FROM job_blobs WHERE job_id = $1")
            .bind(job_id)
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn delete_blob(conn: &mut Conn, job_id: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM job_blobs WHERE job_id = $1")
        .bind(job_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: &str) -> StoreResult<Option<JobRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM jobs WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The newest jobs of `kind`, optionally only those `created_by` one account.
pub async fn recent(
    conn: &mut Conn,
    kind: &str,
    created_by: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<JobRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM jobs WHERE kind = $1 AND ($2 IS NULL OR created_by = $2) \
         ORDER BY created_at DESC, id DESC LIMIT $3"
    )))
    .bind(kind)
    .bind(created_by)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Claims the next due job of one of `kinds` for `worker` until `lease_until`: a queued job
/// whose `run_after` has come, or a running one whose lease ran out (its worker died). Counts
/// the attempt. Commits before returning, so the claim survives whatever the job does.
pub async fn claim(
    db: &Db,
    kinds: &[&str],
    worker: &str,
    now: i64,
    lease_until: i64,
) -> StoreResult<Option<JobRow>> {
    let mut sql = Sql::new("UPDATE jobs SET state = ");
    sql.bind_text(RUNNING);
    sql.push(", attempts = attempts + 1, locked_by = ");
    sql.bind_text(worker);
    sql.push(", locked_until = ");
    sql.bind_int(lease_until);
    sql.push(", updated_at = ");
    let now_p = sql.bind_int(now);
    sql.push(" WHERE id = (SELECT id FROM jobs WHERE ((state = ");
    sql.bind_text(QUEUED);
    sql.push(&format!(" AND run_after <= {now_p}) OR (state = "));
    sql.bind_text(RUNNING);
    sql.push(&format!(" AND locked_until <= {now_p})) AND kind IN "));
    let kinds = sql.param_list(kinds);
    sql.push(&kinds);
    sql.push(" ORDER BY run_after, id LIMIT 1");
    if db.backend() == Backend::Postgres {
        sql.push(" FOR UPDATE SKIP LOCKED");
    }
    sql.push(&format!(") RETURNING {COLUMNS}"));
    let mut tx = db.begin().await?;
    let row: Option<JobRow> = sql.fetch_all(&mut tx).await?.into_iter().next();
    tx.commit().await?;
    Ok(row)
}

/// Claims job `id` for `worker` if it is due (queued and due, or running with its lease run
/// out); for running one particular job here and now (the CLI's import).
pub async fn claim_id(
    db: &Db,
    id: &str,
    worker: &str,
    now: i64,
    lease_until: i64,
) -> StoreResult<Option<JobRow>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE jobs SET state = $1, attempts = attempts + 1, locked_by = $2, locked_until = $3, \
         updated_at = $4 WHERE id = $5 AND ((state = $6 AND run_after <= $4) \
         OR (state = $1 AND locked_until <= $4)) RETURNING {COLUMNS}"
    )))
    .bind(RUNNING)
    .bind(worker)
    .bind(lease_until)
    .bind(now)
    .bind(id)
    .bind(QUEUED)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Records progress and extends the lease; false when `worker` no longer holds the job.
#[allow(clippy::too_many_arguments)]
pub async fn progress(
    conn: &mut Conn,
    id: &str,
    worker: &str,
    phase: &str,
    done: i64,
    total: i64,
    checkpoint: Option<&str>,
    now: i64,
    lease_until: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET progress_phase = $1, progress_done = $2, progress_total = $3, \
         checkpoint = COALESCE($4, checkpoint), updated_at = $5, locked_until = $6 \
         WHERE id = $7 AND locked_by = $8 AND state = $9",
    )
    .bind(phase)
    .bind(done)
    .bind(total)
    .bind(checkpoint)
    .bind(now)
    .bind(lease_until)
    .bind(id)
    .bind(worker)
    .bind(RUNNING)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends the job: `succeeded` with its result, or `failed` with the error. False when
/// `worker` no longer holds it.
pub async fn finish(
    conn: &mut Conn,
    id: &str,
    worker: &str,
    state: &str,
    result: Option<&str>,
    error: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET state = $1, result = $2, last_error = $3, updated_at = $4, \
         finished_at = $4, locked_until = NULL, locked_by = NULL \
         WHERE id = $5 AND locked_by = $6 AND state = $7",
    )
    .bind(state)
    .bind(result)
    .bind(error)
    .bind(now)
    .bind(id)
    .bind(worker)
    .bind(RUNNING)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts the job back in the queue, due at `run_after`, after a failed attempt.
pub async fn retry_later(
    conn: &mut Conn,
    id: &str,
    worker: &str,
    error: &str,
    run_after: i64,
    now: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET state = $1, last_error = $2, run_after = $3, updated_at = $4, \
         locked_until = NULL, locked_by = NULL WHERE id = $5 AND locked_by = $6 AND state = $7",
    )
    .bind(QUEUED)
    .bind(error)
    .bind(run_after)
    .bind(now)
    .bind(id)
    .bind(worker)
    .bind(RUNNING)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes finished jobs (and their blobs) that ended before `before`.
pub async fn purge_finished(conn: &mut Conn, before: i64) -> StoreResult<u64> {
    let done = sqlx::query(
        "DELETE FROM jobs WHERE state IN ($1, $2) AND finished_at IS NOT NULL AND finished_at < $3",
    )
    .bind(SUCCEEDED)
    .bind(FAILED)
    .bind(before)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Extends the lease of a running job; false when `worker` no longer holds it.
pub async fn renew(
    conn: &mut Conn,
    id: &str,
    worker: &str,
    now: i64,
    lease_until: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE jobs SET locked_until = $1, updated_at = $2 \
         WHERE id = $3 AND locked_by = $4 AND state = $5",
    )
    .bind(lease_until)
    .bind(now)
    .bind(id)
    .bind(worker)
    .bind(RUNNING)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
