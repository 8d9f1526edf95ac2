//! Registry pages: the public look-up, an organisation's public record (with the forms a
//! regulator uses to record licences, inspections, violations, sanctions and appeals).

use crate::context::Ctx;
use crate::error::PageResult;
use crate::extract::{PageForm, PageQuery};
use crate::page::{FormState, Page};
use crate::pages::see_other;
use crate::render::html;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kakehashi_core::registry::{
    self, InspectionInput, LicenceInput, LookupPage, LookupQuery, PublicRecord, SanctionInput,
    ViolationInput,
};
use kakehashi_core::{CoreError, OrgKind};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registry", get(search))
        .route("/registry/{id}", get(record))
        .route("/registry/{id}/licences", post(add_licence))
        .route("/registry/{id}/inspections", post(add_inspection))
        .route("/registry/{id}/violations", post(add_violation))
        .route("/registry/{id}/sanctions", post(add_sanction))
        .route(
            "/registry/{id}/sanctions/{sanction}/appeal",
            post(set_appeal),
        )
}

#[derive(Template)]
#[template(path = "registry.html")]
struct SearchPage {
    p: Page,
    q: String,
    kind: String,
    status: String,
    results: Option<LookupPage>,
    kinds: Vec<&'static str>,
    statuses: Vec<&'static str>,
    error: Option<String>,
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchForm {
    q: String,
    kind: String,
    status: String,
    page: Option<i64>,
    #[allow(dead_code)]
    lang: Option<String>,
}

fn page_href(f: &SearchForm, page: i64) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("q", &f.q)
        .append_pair("kind", &f.kind)
        .append_pair("status", &f.status)
        .append_pair("page", &page.to_string());
    format!("/registry?{}", q.finish())
}

async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    PageQuery(f): PageQuery<SearchForm>,
) -> PageResult<Response> {
    state.throttle_lookup(&ctx)?;
    let query = LookupQuery {
        q: Some(f.q.clone()),
        kind: Some(f.kind.clone()),
        status: Some(f.status.clone()),
        page: f.page,
        per_page: Some(20),
        on: None,
    };
    let (results, error) = match registry::lookup(&state.core, &query).await {
        Ok(r) => (Some(r), None),
        Err(e @ CoreError::Invalid(_)) => {
            let mut fs = FormState::default();
            fs.absorb(ctx.lang, &e, &[]);
            (None, fs.general().map(str::to_owned))
        }
        Err(e) => return Err(e.into()),
    };
    let (prev, next) = match &results {
        Some(r) => (
            (r.page > 1).then(|| page_href(&f, r.page - 1)),
            (r.page * r.per_page < r.total).then(|| page_href(&f, r.page + 1)),
        ),
        None => (None, None),
    };
    let p = Page::new(&ctx, &ctx.lang.t("registry-title"));
    Ok(html(
        StatusCode::OK,
        &SearchPage {
            p,
            q: f.q.clone(),
            kind: f.kind.clone(),
            status: f.status.clone(),
            results,
            kinds: OrgKind::ALL.iter().map(|k| k.id()).collect(),
            statuses: vec![
                "active",
                "suspended",
                "revoked",
                "returned",
                "expired",
                "none",
            ],
            error,
            prev,
            next,
        },
    ))
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    p: Page,
    r: PublicRecord,
    regulator: bool,
    f: FormState,
    done: bool,
    violation_kinds: Vec<&'static str>,
    sanction_kinds: Vec<&'static str>,
    appeal_statuses: Vec<&'static str>,
    statuses: Vec<&'static str>,
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn render_record(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    status: StatusCode,
    f: FormState,
    done: bool,
) -> PageResult<Response> {
    let r = registry::public_record(&state.core, id, None).await?;
    let p = Page::new(ctx, &r.name);
    Ok(html(
        status,
        &RecordPage {
            p,
            r,
            regulator: kakehashi_core::policy::may(
                ctx.actor(),
                kakehashi_core::policy::Action::Regulate,
            ),
            f,
            done,
            violation_kinds: ctx
                .rules
                .registry
                .violation_kinds()
                .iter()
                .map(|k| k.id.as_str())
                .collect(),
            sanction_kinds: ctx
                .rules
                .registry
                .sanction_kinds()
                .iter()
                .map(|k| k.id.as_str())
                .collect(),
            appeal_statuses: vec!["none", "pending", "upheld", "overturned"],
            statuses: vec!["active", "suspended", "revoked", "returned", "expired"],
        },
    ))
}

async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageQuery(d): PageQuery<Done>,
) -> PageResult<Response> {
    render_record(
        &state,
        &ctx,
        &id,
        StatusCode::OK,
        FormState::default(),
        d.done.is_some(),
    )
    .await
}

/// After a regulator's form: back to the record, or the record with the form's messages.
async fn after(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    result: Result<(), CoreError>,
    values: FormState,
    fields: &[&str],
) -> PageResult<Response> {
    match result {
        Ok(()) => Ok(see_other(&format!("/registry/{id}?done=1"))),
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let mut f = values;
            f.absorb(ctx.lang, &e, fields);
            render_record(state, ctx, id, StatusCode::UNPROCESSABLE_ENTITY, f, false).await
        }
        Err(e) => Err(e.into()),
    }
}

fn form_values(pairs: &[(&str, &str)]) -> FormState {
    FormState::with_values(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LicenceForm {
    number: String,
    issuer: String,
    issued_on: String,
    ends_on: String,
    status: String,
}

async fn add_licence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<LicenceForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let input = LicenceInput {
        number: f.number.clone(),
        issuer: f.issuer.clone(),
        issued_on: f.issued_on.clone(),
        ends_on: Some(f.ends_on.clone()),
        status: Some(f.status.clone()).filter(|s| !s.is_empty()),
        ..Default::default()
    };
    let r = registry::add_licence(&state.core, actor, &id, &input)
        .await
        .map(|_| ());
    let v = form_values(&[
        ("number", &f.number),
        ("issuer", &f.issuer),
        ("issued_on", &f.issued_on),
        ("ends_on", &f.ends_on),
    ]);
    after(
        &state,
        &ctx,
        &id,
        r,
        v,
        &["number", "issuer", "issued_on", "ends_on", "status"],
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InspectionForm {
    inspected_on: String,
    authority: String,
    findings: String,
}

async fn add_inspection(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<InspectionForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let input = InspectionInput {
        inspected_on: f.inspected_on.clone(),
        authority: f.authority.clone(),
        findings: f.findings.clone(),
    };
    let r = registry::record_inspection(&state.core, actor, &id, &input)
        .await
        .map(|_| ());
    let v = form_values(&[
        ("inspected_on", &f.inspected_on),
        ("authority", &f.authority),
        ("findings", &f.findings),
    ]);
    after(
        &state,
        &ctx,
        &id,
        r,
        v,
        &["inspected_on", "authority", "findings"],
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ViolationForm {
    kind: String,
    found_on: String,
    description: String,
    inspection_id: String,
}

async fn add_violation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ViolationForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let input = ViolationInput {
        kind: f.kind.clone(),
        found_on: f.found_on.clone(),
        description: f.description.clone(),
        inspection_id: Some(f.inspection_id.clone()),
    };
    let r = registry::record_violation(&state.core, actor, &id, &input)
        .await
        .map(|_| ());
    let v = form_values(&[
        ("violation_kind", &f.kind),
        ("found_on", &f.found_on),
        ("description", &f.description),
    ]);
    after(
        &state,
        &ctx,
        &id,
        r,
        v,
        &["found_on", "description", "inspection_id"],
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SanctionForm {
    kind: String,
    fine_vnd: String,
    starts_on: String,
    ends_on: String,
    decision_number: String,
    violation_id: String,
}

async fn add_sanction(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<SanctionForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let fine_vnd = kakehashi_core::text::optional_whole_number("fine_vnd", &f.fine_vnd, true);
    let v = form_values(&[
        ("sanction_kind", &f.kind),
        ("fine_vnd", &f.fine_vnd),
        ("starts_on", &f.starts_on),
        ("ends_on", &f.ends_on),
        ("decision_number", &f.decision_number),
    ]);
    let fields = [
        "fine_vnd",
        "starts_on",
        "ends_on",
        "decision_number",
        "violation_id",
    ];
    let fine_vnd = match fine_vnd {
        Ok(fine) => fine,
        Err(e) => {
            return after(
                &state,
                &ctx,
                &id,
                Err(CoreError::Invalid(vec![e])),
                v,
                &fields,
            )
            .await;
        }
    };
    let input = SanctionInput {
        kind: f.kind.clone(),
        fine_vnd,
        starts_on: f.starts_on.clone(),
        ends_on: Some(f.ends_on.clone()).filter(|e| !e.is_empty()),
        decision_number: f.decision_number.clone(),
        violation_id: Some(f.violation_id.clone()),
    };
    let r = registry::record_sanction(&state.core, actor, &id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, &id, r, v, &fields).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AppealForm {
    appeal_status: String,
}

async fn set_appeal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sanction)): Path<(String, String)>,
    PageForm(f): PageForm<AppealForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let r = registry::set_appeal_status(&state.core, actor, &sanction, &f.appeal_status)
        .await
        .map(|_| ());
    after(&state, &ctx, &id, r, FormState::default(), &[]).await
}
