//! Applying for a job: a worker applies (directly, or through the sending enterprise the
//! posting names), sees and withdraws their applications; the organisations involved list
//! theirs. Nobody may apply through an organisation that is not in good standing, and the
//! refusal says why. What happens next is in [`super::hiring`].

use super::hiring::{ApplicationState, TransitionInput};
use super::{PostingStatus, owned};
use crate::audit::{self, By, Change};
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use crate::registry::require_all_in_good_standing;
use crate::{Actor, Core};
use kakehashi_store::hiring::{self as hiring_store, ConsentRow, EventRow};
use kakehashi_store::postings::{self as store, ApplicationRow};
use kakehashi_store::users;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationView {
    pub id: String,
    pub posting_id: String,
    pub posting_title: super::Texts,
    pub via_organisation_id: Option<String>,
    pub state: ApplicationState,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    pub application_id: String,
    pub worker_name: String,
    pub via_organisation_id: Option<String>,
    pub state: ApplicationState,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn apply(
    core: &Core,
    actor: &Actor,
    posting_id: &str,
    via: Option<&str>,
) -> CoreResult<ApplicationView> {
    authorize(Some(actor), Action::Apply)?;
    if !crate::ids::is_id(posting_id) {
        return Err(CoreError::NotFound);
    }
    let mut tx = core.db().begin().await?;
    let posting = store::by_id(&mut tx, posting_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    if posting.status != PostingStatus::Published.id() {
        return Err(CoreError::NotFound);
    }
    let via = via.map(str::trim).filter(|v| !v.is_empty());
    if let Some(v) = via
        && posting.sending_enterprise_id.as_deref() != Some(v)
    {
        return Err(CoreError::field(
            "via_organisation_id",
            "not_the_postings_sending_enterprise",
        ));
    }
    require_all_in_good_standing(&mut tx, &super::named(&posting), core.today()).await?;
    let now = core.now();
    let row = ApplicationRow {
        id: new_id(),
        posting_id: posting_id.to_owned(),
        worker_id: actor.user_id.clone(),
        via_organisation_id: via.map(str::to_owned),
        status: "submitted".into(),
        created_at: now,
        updated_at: now,
    };
    store::insert_application(&mut tx, &row)
        .await
        .map_err(CoreError::unique(
            "applications",
            &["posting_id", "worker_id"],
            "posting_id",
            "already_applied",
        ))?;
    hiring_store::insert_event(
        &mut tx,
        &EventRow {
            id: new_id(),
            application_id: row.id.clone(),
            state: ApplicationState::Submitted.id().to_owned(),
            at: now,
            by_party: "worker".into(),
            by_user_id: Some(actor.user_id.clone()),
            reason: None,
        },
    )
    .await?;
    // Applying shares the worker's profile with the employer and the sending enterprise
    // applied through; the consents page lists these and lets the worker end them.
    for org in std::iter::once(&posting.employer_id).chain(row.via_organisation_id.as_ref()) {
        hiring_store::insert_consent(
            &mut tx,
            &ConsentRow {
                id: new_id(),
                worker_id: actor.user_id.clone(),
                organisation_id: org.clone(),
                application_id: Some(row.id.clone()),
                granted_at: now,
                withdrawn_at: None,
            },
        )
        .await?;
    }
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "application.submitted",
            entity_type: "application",
            entity_id: &row.id,
            before: None,
            after: audit::snapshot(&row),
        },
    )
    .await?;
    Ok(ApplicationView {
        id: row.id,
        posting_id: row.posting_id,
        posting_title: super::Texts {
            vi: posting.title_vi,
            ja: posting.title_ja,
            en: posting.title_en,
        },
        via_organisation_id: row.via_organisation_id,
        state: ApplicationState::Submitted,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Withdraws one of the worker's applications (the transition to `withdrawn`).
pub async fn withdraw(core: &Core, actor: &Actor, application_id: &str) -> CoreResult<()> {
    authorize(Some(actor), Action::Apply)?;
    super::hiring::transition(
        core,
        actor,
        application_id,
        &TransitionInput {
            to: ApplicationState::Withdrawn.id().to_owned(),
            ..TransitionInput::default()
        },
    )
    .await
    .map(|_| ())
}

/// The worker's own applications, newest first.
pub async fn my_applications(core: &Core, actor: &Actor) -> CoreResult<Vec<ApplicationView>> {
    authorize(Some(actor), Action::Apply)?;
    let mut conn = core.db().conn().await?;
    let mut out = Vec::new();
    for a in store::applications_of_worker(&mut conn, &actor.user_id).await? {
        let p = store::by_id(&mut conn, &a.posting_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        out.push(ApplicationView {
            id: a.id,
            posting_id: a.posting_id,
            posting_title: super::Texts {
                vi: p.title_vi,
                ja: p.title_ja,
                en: p.title_en,
            },
            state: ApplicationState::parse(&a.status).unwrap_or(ApplicationState::Submitted),
            via_organisation_id: a.via_organisation_id,
            created_at: a.created_at,
            updated_at: a.updated_at,
        });
    }
    Ok(out)
}

/// Who applied to one of the actor's organisation's postings.
pub async fn applicants(
    core: &Core,
    actor: &Actor,
    posting_id: &str,
) -> CoreResult<Vec<Applicant>> {
    let mut conn = core.db().conn().await?;
    owned(&mut conn, actor, posting_id).await?;
    let mut out = Vec::new();
    for a in store::applications_to_posting(&mut conn, posting_id).await? {
        let name = users::by_id(&mut conn, &a.worker_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        out.push(Applicant {
            application_id: a.id,
            worker_name: name,
            via_organisation_id: a.via_organisation_id,
            state: ApplicationState::parse(&a.status).unwrap_or(ApplicationState::Submitted),
            created_at: a.created_at,
            updated_at: a.updated_at,
        });
    }
    Ok(out)
}
