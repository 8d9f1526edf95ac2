//! Safe retries: a request that creates something may carry a key; the same caller sending the
//! same key with the same request within 24 hours gets the first answer again instead of a
//! second thing. Kept in the database, so every instance answers the same.
//!
//! A key is *claimed* before the request runs (the database picks one winner among concurrent
//! claims; the others hear "in progress"). The change the request makes marks the claim
//! *committed* in its own transaction ([`crate::audit::record`] does it), so a crash after the
//! commit can never let a retry create a second thing, and a crash before it lets a retry run
//! once the claim's lease has passed. The answer is kept, sealed like other personal data,
//! once it is known.

use crate::{Core, CoreResult, FieldError};
use kakehashi_store::Conn;
use kakehashi_store::idempotency::{self as store, KeyRow};

/// How long a key holds its answer.
pub const KEEP_MICROS: i64 = 24 * 3600 * 1_000_000;
/// The longest key accepted.
pub const MAX_KEY_LEN: usize = 255;

/// A key held by the request running now.
#[derive(Debug, Clone)]
pub struct Claim {
    scope: String,
    key: String,
}

/// A kept answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Begin {
    /// Run it; the key is held for it.
    Run(Claim),
    /// Answer what the first request with this key was answered.
    Replay(Answer),
    /// The key was used with another request (method, path or body).
    Mismatch,
    /// A request with this key is running now.
    InProgress,
    /// The first request with this key made its change, but its answer was lost.
    AnswerLost,
}

/// The field error for a key that is not one: 1 to 255 visible ASCII characters.
pub fn check_key(key: &str) -> Result<(), FieldError> {
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            FieldError::new("Idempotency-Key", "invalid_idempotency_key").with("max", MAX_KEY_LEN),
        );
    }
    Ok(())
}

/// Claims `key` for the caller `scope` (`user:ID`, or `address:IP` when anonymous) and the
/// request whose fingerprint is `fingerprint`, holding it for at most `lease_micros` unless
/// the request commits.
pub async fn begin(
    core: &Core,
    scope: &str,
    key: &str,
    fingerprint: &str,
    lease_micros: i64,
) -> CoreResult<Begin> {
    let now = core.now();
    let new = KeyRow {
        scope: scope.to_owned(),
        idem_key: key.to_owned(),
        fingerprint: fingerprint.to_owned(),
        locked_until: now + lease_micros,
        committed: 0,
        status: None,
        content_type: None,
        body: None,
        created_at: now,
        expires_at: now + KEEP_MICROS,
    };
    let mut conn = core.db().conn().await?;
    // Two rounds at most: a row that vanishes or changes between reading and taking it over
    // was taken by a concurrent request, which the second round sees.
    for _ in 0..2 {
        if store::claim(&mut conn, &new).await? {
            return Ok(Begin::Run(claim_of(&new)));
        }
        let Some(seen) = store::get(&mut conn, scope, key).await? else {
            continue;
        };
        let expired = seen.expires_at <= now;
        let abandoned = seen.committed == 0 && seen.status.is_none() && seen.locked_until <= now;
        if expired || (abandoned && seen.fingerprint == fingerprint) {
            if store::take_over(&mut conn, &seen, &new).await? {
                return Ok(Begin::Run(claim_of(&new)));
            }
            continue;
        }
        if seen.fingerprint != fingerprint {
            return Ok(Begin::Mismatch);
        }
        return Ok(match (seen.status, seen.content_type, seen.body) {
            (Some(status), Some(content_type), Some(sealed)) => Begin::Replay(Answer {
                status: u16::try_from(status).unwrap_or(500),
                content_type,
                body: core
                    .keys()
                    .open(&sealed)
                    .map_err(|e| crate::CoreError::Internal(format!("kept answer: {e}")))?,
            }),
            // Committed, and the request still had time to keep its answer: it may yet.
            _ if seen.locked_until > now => Begin::InProgress,
            _ if seen.committed != 0 => Begin::AnswerLost,
            _ => Begin::InProgress,
        });
    }
    Ok(Begin::InProgress)
}

fn claim_of(row: &KeyRow) -> Claim {
    Claim {
        scope: row.scope.clone(),
        key: row.idem_key.clone(),
    }
}

/// Ends the request holding `claim`: keeps its answer when it succeeded (`Some`), or frees the
/// key when it changed nothing, so that a retry runs again.
pub async fn finish(core: &Core, claim: &Claim, answer: Option<&Answer>) -> CoreResult<()> {
    let mut conn = core.db().conn().await?;
    match answer {
        Some(a) => {
            store::store_answer(
                &mut conn,
                &claim.scope,
                &claim.key,
                i64::from(a.status),
                &a.content_type,
                &core.keys().seal(&a.body),
            )
            .await?
        }
        None => store::release(&mut conn, &claim.scope, &claim.key).await?,
    }
    Ok(())
}

/// Deletes the keys older than 24 hours; returns how many.
pub async fn purge(core: &Core) -> CoreResult<u64> {
    let mut conn = core.db().conn().await?;
    Ok(store::purge(&mut conn, core.now()).await?)
}

tokio::task_local! {
    static HELD: Claim;
}

/// Runs `request` as the holder of `claim`: a change it commits marks the claim committed in
/// the same transaction.
pub async fn holding<F: std::future::Future>(claim: Claim, request: F) -> F::Output {
    HELD.scope(claim, request).await
}

/// Marks the held claim (if any) committed, inside the transaction of the change.
pub(crate) async fn note_commit(conn: &mut Conn) -> CoreResult<()> {
    if let Ok(claim) = HELD.try_with(Claim::clone) {
        store::mark_committed(conn, &claim.scope, &claim.key).await?;
    }
    Ok(())
}
