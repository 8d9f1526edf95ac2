//! The in-app inbox: messages the platform sends a person, rendered in their language.

use crate::error::CoreResult;
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use crate::{Actor, Core};
use kakehashi_store::Conn;
use kakehashi_store::notifications::{self as store, NotificationRow};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Notification {
    pub id: String,
    /// A message id (`notification-<kind>` in the message files).
    pub kind: String,
    pub params: BTreeMap<String, String>,
    pub created_at: i64,
    pub read: bool,
}

/// Queues a notification inside the caller's transaction. With a `dedupe_key`, the same
/// notice is never sent twice (a job may run again after a crash).
pub async fn notify(
    conn: &mut Conn,
    user_id: &str,
    kind: &str,
    params: &BTreeMap<String, String>,
    dedupe_key: Option<String>,
    at: i64,
) -> CoreResult<bool> {
    Ok(store::insert(
        conn,
        &NotificationRow {
            id: new_id(),
            user_id: user_id.to_owned(),
            kind: kind.to_owned(),
            params_json: serde_json::to_string(params).unwrap_or_else(|_| "{}".into()),
            dedupe_key,
            created_at: at,
            read_at: None,
        },
    )
    .await?)
}

/// The newest notifications of the signed-in person.
pub async fn inbox(core: &Core, actor: &Actor) -> CoreResult<Vec<Notification>> {
    authorize(Some(actor), Action::ReadInbox)?;
    let mut conn = core.db().conn().await?;
    Ok(store::for_user(&mut conn, &actor.user_id, 100)
        .await?
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            kind: n.kind,
            params: serde_json::from_str(&n.params_json).unwrap_or_default(),
            created_at: n.created_at,
            read: n.read_at.is_some(),
        })
        .collect())
}

pub async fn unread_count(core: &Core, actor: &Actor) -> CoreResult<i64> {
    authorize(Some(actor), Action::ReadInbox)?;
    let mut conn = core.db().conn().await?;
    Ok(store::unread_count(&mut conn, &actor.user_id).await?)
}

pub async fn mark_all_read(core: &Core, actor: &Actor) -> CoreResult<()> {
    authorize(Some(actor), Action::ReadInbox)?;
    let mut conn = core.db().conn().await?;
    store::mark_all_read(&mut conn, &actor.user_id, core.now()).await?;
    Ok(())
}
