//! Enforcement over time. Standing is computed on the day it is asked for, so postings hide
//! and applications are refused from the first minute of a sanction's date without any job.
//! What does need a job is telling people: [`sweep`] notices organisations whose standing
//! changed since it last looked and notifies the workers with open applications through them.
//! Every server instance runs it; the notifications' dedupe keys make it safe to run twice.

use super::standing::{in_good_standing, recruiting_kinds, require_good_standing};
use crate::Core;
use crate::audit::{self, By, Change};
use crate::error::{CoreError, CoreResult};
use crate::notifications::notify;
use kakehashi_store::organisations as org_store;
use kakehashi_store::postings as posting_store;
use kakehashi_store::registry as store;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    pub checked: usize,
    pub lost_standing: usize,
    pub restored: usize,
    pub notified: usize,
}

pub async fn sweep(core: &Core) -> CoreResult<SweepReport> {
    let today = core.today();
    let d = today.to_string();
    let mut conn = core.db().conn().await?;
    let rows = store::standings(&mut conn, &d, &recruiting_kinds()).await?;
    drop(conn);
    let mut report = SweepReport {
        checked: rows.len(),
        ..Default::default()
    };
    for r in rows {
        if r.seen_status.as_deref() == Some(r.status.as_str()) {
            continue;
        }
        let good = in_good_standing(&r.kind, &r.status);
        let was_good = r
            .seen_status
            .as_deref()
            .map(|s| in_good_standing(&r.kind, s));
        let mut tx = core.db().begin().await?;
        let now = core.now();
        let (kind, mut params) = if good {
            let org = org_store::by_id(&mut tx, &r.id)
                .await?
                .ok_or(CoreError::NotFound)?;
            (
                "standing_restored".to_owned(),
                BTreeMap::from([(
                    "organisation".to_owned(),
                    format!("{} ({})", org.name, org.name_romanised),
                )]),
            )
        } else {
            match require_good_standing(&mut tx, &r.id, today).await {
                Err(CoreError::Refused { code, params }) => (format!("standing_{code}"), params),
                Err(e) => return Err(e),
                Ok(()) => continue,
            }
        };
        let changed = was_good.is_some_and(|w| w != good) || (was_good.is_none() && !good);
        if changed {
            if good {
                report.restored += 1;
            } else {
                report.lost_standing += 1;
            }
            for a in posting_store::open_applications_involving(&mut tx, &r.id).await? {
                let Some(p) = posting_store::by_id(&mut tx, &a.posting_id).await? else {
                    continue;
                };
                params.insert("posting_vi".into(), p.title_vi.clone());
                params.insert("posting_ja".into(), p.title_ja.clone());
                params.insert("posting_en".into(), p.title_en.clone());
                let key = format!("{kind}:{}:{d}:{}", r.id, a.id);
                if notify(&mut tx, &a.worker_id, &kind, &params, Some(key), now).await? {
                    report.notified += 1;
                }
            }
            audit::record(&mut tx, By::System("enforcement"), now, Change {
                action: "organisation.standing_changed",
                entity_type: "organisation",
                entity_id: &r.id,
                before: Some(serde_json::json!({ "status": r.seen_status })),
                after: Some(serde_json::json!({ "status": r.status, "in_good_standing": good, "on": d })),
            })
            .await?;
        }
        store::mark_seen(&mut tx, &r.id, good, &r.status, &d).await?;
        tx.commit()
            .await
            .map_err(kakehashi_store::StoreError::from)?;
    }
    Ok(report)
}
