//! Sign-in attempt counters, kept in the database so that every server instance behind a load
//! balancer counts the same attempts. An attempt is reserved (counted) before the password is
//! checked, in one statement that both databases run atomically (the upsert locks the row on
//! PostgreSQL, the write lock serialises it on SQLite), so concurrent guesses cannot all read
//! a count below the limit.

use crate::{Conn, StoreResult};

/// A counter after one more attempt was counted in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reserved {
    /// Attempts in the window, this one included.
    pub attempts: i64,
    /// When the window began (microseconds); it ends `window` later.
    pub window_start: i64,
}

/// Counts one attempt for `(scope, key)`: in the current window, or in a new one starting
/// `now` when the last began `window` or more ago.
pub async fn reserve(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    now: i64,
    window: i64,
) -> StoreResult<Reserved> {
    let (attempts, window_start): (i64, i64) = sqlx::query_as(
        "INSERT INTO sign_in_counters (scope, counter_key, window_start, attempts) \
         VALUES ($1, $2, $3, 1) \
         ON CONFLICT (scope, counter_key) DO UPDATE SET \
           attempts = CASE WHEN sign_in_counters.window_start <= $4 THEN 1 \
                           ELSE sign_in_counters.attempts + 1 END, \
           window_start = CASE WHEN sign_in_counters.window_start <= $4 THEN $3 \
                               ELSE sign_in_counters.window_start END \
         RETURNING attempts, window_start",
    )
    .bind(scope)
    .bind(key)
    .bind(now)
    .bind(now - window)
    .fetch_one(conn)
    .await?;
    Ok(Reserved {
        attempts,
        window_start,
    })
}

/// Takes `n` attempts back out of the window that began at `window_start` (nothing when that
/// window has since been replaced).
pub async fn give_back(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    window_start: i64,
    n: i64,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE sign_in_counters \
         SET attempts = CASE WHEN attempts > $4 THEN attempts - $4 ELSE 0 END \
         WHERE scope = $1 AND counter_key = $2 AND window_start = $3",
    )
    .bind(scope)
    .bind(key)
    .bind(window_start)
    .bind(n)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets a counter.
pub async fn clear(conn: &mut Conn, scope: &str, key: &str) -> StoreResult<()> {
    sqlx::query("DELETE FROM sign_in_counters WHERE scope = $1 AND counter_key = $2")
        .bind(scope)
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes counters whose window began before `before` (they no longer limit anything).
pub async fn delete_older_than(conn: &mut Conn, before: i64) -> StoreResult<u64> {
    let done = sqlx::query("DELETE FROM sign_in_counters WHERE window_start < $1")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
