//! The audit trail: every state change appends a record, in the same transaction as the
//! change, chained to the previous record by SHA-256 so that any later edit, insertion or
//! deletion behind the platform's back is found by [`verify`].

use crate::error::CoreResult;
use crate::ids::new_id;
use crate::roles::Actor;
use kakehashi_store::audit::{self as store, AuditRow};
use kakehashi_store::{Conn, Db};
use serde::Serialize;
use serde_json::Value;

/// Who made a change: a signed-in person, or the platform itself (`cli`, `demo`, a job).
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    User(&'a Actor),
    System(&'a str),
}

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Appends `change` to the chain. Call inside the transaction that makes the change.
pub async fn record(conn: &mut Conn, by: By<'_>, at: i64, change: Change<'_>) -> CoreResult<()> {
    let (seq, prev_hash) = store::advance_head(conn).await?;
    let (actor_id, actor_role) = match by {
        By::User(a) => (Some(a.user_id.clone()), Some(a.role.id().to_owned())),
        By::System(name) => (None, Some(format!("system:{name}"))),
    };
    let mut row = AuditRow {
        seq,
        id: new_id(),
        at,
        actor_id,
        actor_role,
        action: change.action.to_owned(),
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id.to_owned(),
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        prev_hash,
        hash: String::new(),
    };
    row.hash = record_hash(&row);
    store::insert(conn, &row).await?;
    store::set_head_hash(conn, &row.hash).await?;
    // Postings and organisations (their names, licences and sanctions) are what search shows:
    // every instance's index follows this outbox, in the audit's order.
    if crate::search::affects_search(change.entity_type) {
        kakehashi_store::search_outbox::insert(conn, seq, change.entity_type, change.entity_id, at)
            .await?;
    }
    // A request holding an idempotency key has now made its change: a retry must not make it
    // again, whatever happens to the answer.
    crate::idempotency::note_commit(conn).await?;
    Ok(())
}

/// Appends several changes at once (a register import's batch): one head update and a few
/// multi-row inserts instead of three statements per record. Same chain as [`record`].
pub async fn record_many(
    conn: &mut Conn,
    by: By<'_>,
    at: i64,
    changes: Vec<Change<'_>>,
) -> CoreResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let n = i64::try_from(changes.len()).unwrap_or(i64::MAX);
    let (last, mut prev_hash) = store::advance_head_by(conn, n).await?;
    let (actor_id, actor_role) = match by {
        By::User(a) => (Some(a.user_id.clone()), Some(a.role.id().to_owned())),
        By::System(name) => (None, Some(format!("system:{name}"))),
    };
    let mut rows = Vec::with_capacity(changes.len());
    for (seq, change) in (last - n + 1..).zip(changes) {
        let mut row = AuditRow {
            seq,
            id: new_id(),
            at,
            actor_id: actor_id.clone(),
            actor_role: actor_role.clone(),
            action: change.action.to_owned(),
            entity_type: change.entity_type.to_owned(),
            entity_id: change.entity_id.to_owned(),
            before_json: change.before.map(|v| v.to_string()),
            after_json: change.after.map(|v| v.to_string()),
            prev_hash,
            hash: String::new(),
        };
        row.hash = record_hash(&row);
        prev_hash = row.hash.clone();
        rows.push(row);
    }
    store::insert_many(conn, &rows).await?;
    store::set_head_hash(conn, &prev_hash).await?;
    crate::idempotency::note_commit(conn).await?;
    Ok(())
}

/// The hash of a record: SHA-256 over a JSON array of every field but the hash itself, in a
/// fixed order, with before/after exactly as stored.
pub fn record_hash(r: &AuditRow) -> String {
    let canonical = serde_json::json!([
        r.seq,
        r.id,
        r.at,
        r.actor_id,
        r.actor_role,
        r.action,
        r.entity_type,
        r.entity_id,
        r.before_json,
        r.after_json,
        r.prev_hash,
    ]);
    crate::crypto::sha256_hex(canonical.to_string().as_bytes())
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// Every record links to the one before and hashes to what it says.
    Intact { records: i64 },
    /// The first record that does not; `reason` is a stable code.
    Broken { seq: i64, reason: BreakReason },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakReason {
    /// Its content no longer hashes to its stored hash (edited).
    HashMismatch,
    /// It does not point at the previous record's hash (inserted, or its predecessor edited).
    BrokenLink,
    /// A sequence number is missing before it (deleted).
    Gap,
    /// The chain ends before the head says it should (truncated).
    Truncated,
}

impl std::fmt::Display for BreakReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BreakReason::HashMismatch => "its content does not match its hash (edited)",
            BreakReason::BrokenLink => "it does not link to the previous record's hash",
            BreakReason::Gap => "records before it are missing (deleted)",
            BreakReason::Truncated => "the chain ends before its recorded head (truncated)",
        })
    }
}

/// Walks the whole chain in pages; `progress(done, total)` is called after each page.
pub async fn verify(db: &Db, mut progress: impl FnMut(i64, i64)) -> CoreResult<Verdict> {
    const PAGE: i64 = 2_000;
    let mut conn = db.conn().await?;
    let (head_seq, head_hash) = store::head(&mut conn).await?;
    let mut prev_hash = "0".repeat(64);
    let mut expected = 1i64;
    loop {
        let rows = store::page(&mut conn, expected - 1, PAGE).await?;
        let Some(last) = rows.last() else { break };
        let last_seq = last.seq;
        for r in &rows {
            if r.seq != expected {
                return Ok(Verdict::Broken {
                    seq: r.seq,
                    reason: BreakReason::Gap,
                });
            }
            if r.prev_hash != prev_hash {
                return Ok(Verdict::Broken {
                    seq: r.seq,
                    reason: BreakReason::BrokenLink,
                });
            }
            if record_hash(r) != r.hash {
                return Ok(Verdict::Broken {
                    seq: r.seq,
                    reason: BreakReason::HashMismatch,
                });
            }
            prev_hash = r.hash.clone();
            expected += 1;
        }
        progress(last_seq, head_seq);
    }
    if expected - 1 != head_seq || prev_hash != head_hash && head_seq > 0 {
        return Ok(Verdict::Broken {
            seq: expected,
            reason: BreakReason::Truncated,
        });
    }
    Ok(Verdict::Intact {
        records: expected - 1,
    })
}

/// Turns a value into the JSON recorded as before/after, leaving secrets out.
pub fn snapshot<T: Serialize>(value: &T) -> Option<Value> {
    serde_json::to_value(value).ok()
}

/// An audit record as shown to regulators and admins.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<Value>,
    pub hash: String,
}

impl From<AuditRow> for AuditRecord {
    fn from(r: AuditRow) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditRecord {
            seq: r.seq,
            at: crate::clock::from_micros(r.at).to_string(),
            actor_id: r.actor_id,
            actor_role: r.actor_role,
            action: r.action,
            entity_type: r.entity_type,
            entity_id: r.entity_id,
            before: parse(r.before_json),
            after: parse(r.after_json),
            hash: r.hash,
        }
    }
}

/// The newest records, optionally for one entity (regulators and admins).
pub async fn recent(
    core: &crate::Core,
    actor: &crate::Actor,
    entity: Option<(&str, &str)>,
    limit: i64,
) -> CoreResult<Vec<AuditRecord>> {
    crate::policy::authorize(Some(actor), crate::policy::Action::ReadAudit)?;
    let mut conn = core.db().conn().await?;
    let rows = store::recent(&mut conn, entity, limit.clamp(1, 500)).await?;
    Ok(rows.into_iter().map(AuditRecord::from).collect())
}

/// Records `change` and commits the transaction that made it: the last step of a service that
/// changes something.
pub async fn commit(
    mut tx: kakehashi_store::Tx,
    by: By<'_>,
    at: i64,
    change: Change<'_>,
) -> CoreResult<()> {
    record(&mut tx, by, at, change).await?;
    tx.commit()
        .await
        .map_err(kakehashi_store::StoreError::from)?;
    Ok(())
}
