//! The admin's pages: organisations and staff accounts; and the audit trail for regulators
//! and admins.

use crate::context::Ctx;
use crate::error::PageResult;
use crate::extract::PageForm;
use crate::page::{FormState, Page};
use crate::render::html;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kakehashi_core::accounts::{self, AccountView, NewAccount};
use kakehashi_core::audit::{self, AuditRecord, By};
use kakehashi_core::organisations::{self, OrganisationInput};
use kakehashi_core::policy::{Action, authorize};
use kakehashi_core::{CoreError, OrgKind, Role};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin_page))
        .route("/admin/organisations", post(create_organisation))
        .route("/admin/accounts", post(create_account))
        .route("/audit", get(audit_page))
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    p: Page,
    organisations: Vec<organisations::OrganisationSummary>,
    accounts: Vec<AccountView>,
    org_form: FormState,
    account_form: FormState,
    created: Option<String>,
    kinds: Vec<&'static str>,
    roles: Vec<&'static str>,
}

async fn render_admin(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    org_form: FormState,
    account_form: FormState,
    created: Option<String>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    authorize(Some(actor), Action::AdministerAccounts)?;
    let organisations = organisations::list_for_admin(&state.core, actor, None).await?;
    let accounts = accounts::list_accounts(&state.core, actor, None).await?;
    let p = Page::new(ctx, &ctx.lang.t("admin-title"));
    Ok(html(
        status,
        &AdminPage {
            p,
            organisations,
            accounts,
            org_form,
            account_form,
            created,
            kinds: OrgKind::ALL.iter().map(|k| k.id()).collect(),
            roles: Role::ALL.iter().map(|r| r.id()).collect(),
        },
    ))
}

async fn admin_page(State(state): State<AppState>, ctx: Ctx) -> PageResult<Response> {
    render_admin(
        &state,
        &ctx,
        StatusCode::OK,
        FormState::default(),
        FormState::default(),
        None,
    )
    .await
}

fn values(pairs: &[(&str, &str)]) -> FormState {
    FormState::with_values(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    )
}

async fn create_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<OrganisationForm>,
) -> PageResult<Response> {
    let input = OrganisationInput {
        kind: form.kind.clone(),
        name: form.name.clone(),
        name_romanised: form.name_romanised.clone(),
        country: form.country.clone(),
        address: form.address.clone(),
        phone: form.phone.clone(),
        email: form.email.clone(),
        website: form.website.clone(),
        enterprise_code: Some(form.enterprise_code.clone()),
    };
    match organisations::create(&state.core, By::User(ctx.signed_in()?), &input).await {
        Ok(org) => {
            let note = ctx.lang.t1("admin-organisation-created", "name", &org.name);
            render_admin(
                &state,
                &ctx,
                StatusCode::OK,
                FormState::default(),
                FormState::default(),
                Some(note),
            )
            .await
        }
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let mut f = values(&[
                ("kind", &form.kind),
                ("name", &form.name),
                ("name_romanised", &form.name_romanised),
                ("country", &form.country),
                ("address", &form.address),
                ("phone", &form.phone),
                ("email", &form.email),
                ("website", &form.website),
                ("enterprise_code", &form.enterprise_code),
            ]);
            f.absorb(
                ctx.lang,
                &e,
                &[
                    "kind",
                    "name",
                    "name_romanised",
                    "country",
                    "address",
                    "phone",
                    "email",
                    "website",
                    "enterprise_code",
                ],
            );
            render_admin(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                f,
                FormState::default(),
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OrganisationForm {
    kind: String,
    name: String,
    name_romanised: String,
    country: String,
    address: String,
    phone: String,
    email: String,
    website: String,
    enterprise_code: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AccountForm {
    email: String,
    display_name: String,
    role: String,
    organisation_id: String,
    password: String,
}

async fn create_account(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<AccountForm>,
) -> PageResult<Response> {
    let input = NewAccount {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        role: form.role.clone(),
        organisation_id: Some(form.organisation_id.clone()),
        password: Some(form.password.clone()).filter(|p| !p.is_empty()),
        language: None,
    };
    match accounts::create_account(&state.core, By::User(ctx.signed_in()?), input).await {
        Ok((account, generated)) => {
            let mut note = ctx
                .lang
                .t1("admin-account-created", "email", &account.email);
            if let Some(pw) = generated {
                note.push(' ');
                note.push_str(&ctx.lang.t1("admin-generated-password", "password", &pw));
            }
            render_admin(
                &state,
                &ctx,
                StatusCode::OK,
                FormState::default(),
                FormState::default(),
                Some(note),
            )
            .await
        }
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let mut f = values(&[
                ("email", &form.email),
                ("display_name", &form.display_name),
                ("role", &form.role),
                ("organisation_id", &form.organisation_id),
            ]);
            f.absorb(
                ctx.lang,
                &e,
                &[
                    "email",
                    "display_name",
                    "role",
                    "organisation_id",
                    "password",
                ],
            );
            render_admin(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                FormState::default(),
                f,
                None,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    p: Page,
    records: Vec<AuditRecord>,
}

async fn audit_page(State(state): State<AppState>, ctx: Ctx) -> PageResult<Response> {
    let records = audit::recent(&state.core, ctx.signed_in()?, None, 200).await?;
    let p = Page::new(&ctx, &ctx.lang.t("audit-title"));
    Ok(html(StatusCode::OK, &AuditPage { p, records }))
}
