use crate::context::Ctx;
use crate::error::ApiResult;
use crate::extract::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use kakehashi_core::audit::{self, AuditRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(recent))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    entity_type: Option<String>,
    entity_id: Option<String>,
    /// At most 500.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    items: Vec<AuditRecord>,
}

/// The newest audit records, optionally for one entity (regulators and admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("session" = ["regulator", "admin"])), params(AuditFilter),
    responses((status = 200, body = AuditPage), (status = 401), (status = 403)))]
async fn recent(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(f): ApiQuery<AuditFilter>,
) -> ApiResult<Json<AuditPage>> {
    let entity = f.entity_type.as_deref().zip(f.entity_id.as_deref());
    let items = audit::recent(
        &state.core,
        ctx.signed_in()?,
        entity,
        f.limit.unwrap_or(100),
    )
    .await?;
    Ok(Json(AuditPage { items }))
}
