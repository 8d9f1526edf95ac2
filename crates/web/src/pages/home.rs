use crate::context::Ctx;
use crate::page::Page;
use crate::render::html;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kakehashi_core::Role;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

/// A link on a home page: where, and the message keys of its label and explanation.
pub struct Tile {
    pub href: String,
    pub label: &'static str,
    pub about: &'static str,
}

fn tile(href: impl Into<String>, label: &'static str, about: &'static str) -> Tile {
    Tile {
        href: href.into(),
        label,
        about,
    }
}

/// What each role comes to the platform for.
fn tiles(role: Option<Role>, organisation: Option<&str>) -> Vec<Tile> {
    let own_record = |org: Option<&str>| {
        tile(
            format!("/registry/{}", org.unwrap_or("")),
            "tile-own-record",
            "tile-own-record-about",
        )
    };
    let mut t = match role {
        None => vec![
            tile("/jobs", "tile-jobs", "tile-jobs-about"),
            tile("/calculator", "tile-calculator", "tile-calculator-about"),
            tile("/registry", "tile-registry", "tile-registry-about"),
            tile("/sign-up", "tile-sign-up", "tile-sign-up-about"),
        ],
        Some(Role::Worker) => vec![
            tile("/jobs", "tile-jobs", "tile-jobs-about"),
            tile("/calculator", "tile-calculator", "tile-calculator-about"),
            tile("/registry", "tile-registry", "tile-registry-about"),
            tile("/inbox", "tile-inbox", "tile-inbox-about"),
        ],
        Some(Role::Employer) => vec![
            tile("/postings", "tile-postings", "tile-postings-about"),
            tile(
                "/postings/new",
                "tile-new-posting",
                "tile-new-posting-about",
            ),
            own_record(organisation),
            tile("/calculator", "tile-calculator", "tile-calculator-about"),
        ],
        Some(Role::SendingOrg) | Some(Role::SupervisingOrg) => vec![
            own_record(organisation),
            tile("/jobs", "tile-jobs", "tile-jobs-about"),
            tile("/registry", "tile-registry", "tile-registry-about"),
        ],
        Some(Role::CaseOfficer) => vec![
            tile("/registry", "tile-registry", "tile-registry-about"),
            tile("/inbox", "tile-inbox", "tile-inbox-about"),
        ],
        Some(Role::Regulator) => vec![
            tile("/registry", "tile-registry", "tile-registry-about"),
            tile("/regulator/import", "tile-import", "tile-import-about"),
            tile("/audit", "tile-audit", "tile-audit-about"),
        ],
        Some(Role::Admin) => vec![
            tile("/admin", "tile-admin", "tile-admin-about"),
            tile("/audit", "tile-audit", "tile-audit-about"),
            tile("/registry", "tile-registry", "tile-registry-about"),
        ],
    };
    t.retain(|t| !t.href.ends_with('/'));
    t
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    p: Page,
    heading: String,
    intro: String,
    tiles: Vec<Tile>,
}

async fn home(ctx: Ctx) -> Response {
    let role = ctx.actor().map(|a| a.role);
    let key = role.map_or("public", Role::id);
    let p = Page::new(&ctx, &ctx.lang.t(&format!("home-{key}-title")));
    let heading = match ctx.actor() {
        Some(a) => p.t1("home-welcome", "name", &a.display_name),
        None => p.title.clone(),
    };
    let intro = p.t(&format!("home-{key}-intro"));
    let tiles = tiles(role, ctx.actor().and_then(|a| a.organisation_id.as_deref()));
    html(
        StatusCode::OK,
        &Home {
            p,
            heading,
            intro,
            tiles,
        },
    )
}
