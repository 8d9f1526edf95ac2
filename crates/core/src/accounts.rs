//! Accounts and sessions: workers sign up themselves; an admin creates staff accounts in an
//! organisation; everyone signs in, changes their password and language, and signs out.

use crate::audit::{self, By, Change};
use crate::crypto::{random_token, sha256_hex};
use crate::error::{CoreError, CoreResult, FieldError, Problems};
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use crate::roles::{Actor, Role};
use crate::sign_in_limit;
use crate::{Core, Lang, OrgKind, password, text};
use kakehashi_store::{organisations, sessions, users};
use serde::Serialize;
use serde_json::json;

/// Where a request came from, for throttling and the session record.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub address: String,
    pub user_agent: String,
    /// The browser's known-device cookie, if it sent one (see [`crate::sign_in_limit`]).
    pub device: Option<String>,
}

/// A new session: the token goes into the cookie, never into storage.
#[derive(Debug, Clone)]
pub struct SessionStart {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub max_age_secs: i64,
    /// The known-device cookie to set (its lifetime is `Settings::known_device_secs`).
    pub device: String,
}

/// A live session found from its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf_token: String,
    pub token_hash: String,
}

/// What an account looks like to its owner and to admins.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<String>,
    pub language: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewWorker {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub language: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub organisation_id: Option<String>,
    /// When absent a strong password is generated and returned once.
    pub password: Option<String>,
    pub language: Option<String>,
}

fn actor_of(u: &users::UserRow) -> CoreResult<Actor> {
    Ok(Actor {
        user_id: u.id.clone(),
        role: Role::parse(&u.role)
            .ok_or_else(|| CoreError::Internal(format!("unknown role {}", u.role)))?,
        organisation_id: u.organisation_id.clone(),
        display_name: u.display_name.clone(),
        language: u.language.clone(),
    })
}

fn view(core: &Core, u: &users::UserRow) -> CoreResult<AccountView> {
    Ok(AccountView {
        id: u.id.clone(),
        email: core
            .keys()
            .open(&u.email_sealed)
            .map_err(|e| CoreError::Internal(e.to_string()))?,
        display_name: u.display_name.clone(),
        role: actor_of(u)?.role,
        organisation_id: u.organisation_id.clone(),
        language: u.language.clone(),
        created_at: u.created_at,
    })
}

/// The account as recorded in the audit trail: no e-mail in clear, no password hash.
fn audit_snapshot(u: &users::UserRow) -> serde_json::Value {
    json!({
        "id": u.id, "role": u.role, "organisation_id": u.organisation_id,
        "display_name": u.display_name, "language": u.language, "disabled": u.disabled,
    })
}

fn language(field: &str, value: Option<&str>) -> Result<String, FieldError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(Lang::default().code().to_owned()),
        Some(v) => Lang::parse(v)
            .map(|l| l.code().to_owned())
            .ok_or_else(|| FieldError::new(field, "unknown_language")),
    }
}

fn idle_secs(core: &Core, role: Role) -> i64 {
    if role == Role::Worker {
        core.settings().worker_session_idle_secs
    } else {
        core.settings().staff_session_idle_secs
    }
}

/// A worker creates their own account and is signed in.
pub async fn sign_up_worker(
    core: &Core,
    input: NewWorker,
    client: &Client,
) -> CoreResult<SessionStart> {
    let mut problems = Problems::new();
    let email = text::email("email", &input.email)
        .map_err(|e| problems.add(e))
        .ok();
    let name = text::required("display_name", &input.display_name, 100)
        .map_err(|e| problems.add(e))
        .ok();
    if let Err(p) =
        password::check_policy("password", &input.password, email.as_deref().unwrap_or(""))
    {
        problems.add(p);
    }
    let lang = language("language", input.language.as_deref())
        .map_err(|e| problems.add(e))
        .ok();
    problems.into_result()?;
    let (email, name, lang) = (
        email.unwrap_or_default(),
        name.unwrap_or_default(),
        lang.unwrap_or_default(),
    );
    let hash = password::hash(&input.password).await?;
    let now = core.now();
    let row = users::UserRow {
        id: new_id(),
        email_index: core.keys().index(&email),
        email_sealed: core.keys().seal(&email),
        display_name: name,
        role: Role::Worker.id().into(),
        organisation_id: None,
        password_hash: hash,
        language: lang,
        disabled: 0,
        created_at: now,
        updated_at: now,
        password_changed_at: now,
    };
    let mut tx = core.db().begin().await?;
    insert_user(&mut tx, &row).await?;
    let actor = actor_of(&row)?;
    let start = open_session(core, &mut tx, &actor, &row.email_index, client).await?;
    audit::commit(
        tx,
        By::User(&actor),
        now,
        Change {
            action: "account.signed_up",
            entity_type: "user",
            entity_id: &row.id,
            before: None,
            after: Some(audit_snapshot(&row)),
        },
    )
    .await?;
    Ok(start)
}

async fn insert_user(conn: &mut kakehashi_store::Conn, row: &users::UserRow) -> CoreResult<()> {
    users::insert(conn, row).await.map_err(CoreError::unique(
        "users",
        &["email_index"],
        "email",
        "email_taken",
    ))
}

async fn open_session(
    core: &Core,
    conn: &mut kakehashi_store::Conn,
    actor: &Actor,
    account_key: &str,
    client: &Client,
) -> CoreResult<SessionStart> {
    let token = random_token();
    let now = core.now();
    let idle = idle_secs(core, actor.role);
    let row = sessions::SessionRow {
        token_hash: sha256_hex(token.as_bytes()),
        user_id: actor.user_id.clone(),
        csrf_token: random_token(),
        created_at: now,
        last_seen_at: now,
        expires_at: now + idle * 1_000_000,
        address: client.address.chars().take(64).collect(),
        user_agent: client.user_agent.chars().take(256).collect(),
    };
    sessions::insert(conn, &row).await?;
    Ok(SessionStart {
        token,
        csrf_token: row.csrf_token,
        actor: actor.clone(),
        max_age_secs: idle,
        device: sign_in_limit::device_cookie_after(core, account_key, client),
    })
}

/// Signs in with e-mail and password. Wrong e-mail and wrong password get the same answer in
/// the same time; the attempt is counted in its limits before the password is checked and
/// refused (429) beyond them (see [`sign_in_limit`]).
pub async fn sign_in(
    core: &Core,
    email: &str,
    password_given: &str,
    client: &Client,
) -> CoreResult<SessionStart> {
    let normalised = email.trim().to_lowercase();
    let account_key = core.keys().index(&normalised);
    let attempt = sign_in_limit::reserve(core, &account_key, client).await?;
    let mut conn = core.db().conn().await?;
    let user = users::by_email_index(&mut conn, &account_key).await?;
    drop(conn);
    let ok = match &user {
        Some(u) => password::verify(password_given, &u.password_hash).await && u.disabled == 0,
        None => {
            password::verify(password_given, password::dummy_hash().await).await;
            false
        }
    };
    // A failure stays counted.
    let Some(user) = user.filter(|_| ok) else {
        return Err(CoreError::BadCredentials);
    };
    let now = core.now();
    let mut tx = core.db().begin().await?;
    let actor = actor_of(&user)?;
    let start = open_session(core, &mut tx, &actor, &account_key, client).await?;
    audit::commit(
        tx,
        By::User(&actor),
        now,
        Change {
            action: "session.started",
            entity_type: "user",
            entity_id: &user.id,
            before: None,
            after: Some(json!({ "address": client.address })),
        },
    )
    .await?;
    attempt.succeeded(core).await?;
    Ok(start)
}

/// The session a cookie token belongs to, if it is live; slides its expiry forward.
pub async fn resume(core: &Core, token: &str) -> CoreResult<Option<Session>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let token_hash = sha256_hex(token.as_bytes());
    let now = core.now();
    let mut conn = core.db().conn().await?;
    let Some(s) = sessions::live_with_user(&mut conn, &token_hash, now).await? else {
        return Ok(None);
    };
    let user = s.user;
    if user.disabled != 0 {
        return Ok(None);
    }
    let actor = actor_of(&user)?;
    // Write at most once a minute per session, not on every request.
    if now - s.last_seen_at > 60_000_000 {
        let expires = now + idle_secs(core, actor.role) * 1_000_000;
        sessions::touch(&mut conn, &token_hash, now, expires).await?;
    }
    Ok(Some(Session {
        actor,
        csrf_token: s.csrf_token,
        token_hash,
    }))
}

pub async fn sign_out(core: &Core, session: &Session) -> CoreResult<()> {
    let mut tx = core.db().begin().await?;
    sessions::delete(&mut tx, &session.token_hash).await?;
    audit::commit(
        tx,
        By::User(&session.actor),
        core.now(),
        Change {
            action: "session.ended",
            entity_type: "user",
            entity_id: &session.actor.user_id,
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(())
}

/// Changes the password after checking the current one; every other session of the account
/// ends.
pub async fn change_password(
    core: &Core,
    session: &Session,
    current: &str,
    new: &str,
) -> CoreResult<()> {
    let actor = &session.actor;
    authorize(Some(actor), Action::UseOwnAccount)?;
    let mut conn = core.db().conn().await?;
    let user = users::by_id(&mut conn, &actor.user_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    drop(conn);
    let email = view(core, &user)?.email;
    if !password::verify(current, &user.password_hash).await {
        return Err(CoreError::field("current_password", "wrong_password"));
    }
    password::check_policy("new_password", new, &email).map_err(|e| CoreError::Invalid(vec![e]))?;
    let hash = password::hash(new).await?;
    let now = core.now();
    let mut tx = core.db().begin().await?;
    users::set_password(&mut tx, &user.id, &hash, now).await?;
    sessions::delete_for_user_except(&mut tx, &user.id, Some(&session.token_hash)).await?;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "account.password_changed",
            entity_type: "user",
            entity_id: &user.id,
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(())
}

/// Sets the account's language (used when no `?lang=` is given).
pub async fn set_language(core: &Core, actor: &Actor, lang: &str) -> CoreResult<()> {
    authorize(Some(actor), Action::UseOwnAccount)?;
    let lang = language("language", Some(lang)).map_err(|e| CoreError::Invalid(vec![e]))?;
    if lang == actor.language {
        return Ok(());
    }
    let now = core.now();
    let mut tx = core.db().begin().await?;
    users::set_language(&mut tx, &actor.user_id, &lang, now).await?;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "account.language_changed",
            entity_type: "user",
            entity_id: &actor.user_id,
            before: Some(json!({ "language": actor.language })),
            after: Some(json!({ "language": lang })),
        },
    )
    .await?;
    Ok(())
}

pub async fn account(core: &Core, actor: &Actor) -> CoreResult<AccountView> {
    authorize(Some(actor), Action::UseOwnAccount)?;
    let mut conn = core.db().conn().await?;
    let user = users::by_id(&mut conn, &actor.user_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    view(core, &user)
}

/// Creates an account of any role (staff in an organisation of a matching kind). By an admin,
/// or by the platform itself (the CLI and the demo loader). Returns the generated password
/// when none was given.
pub async fn create_account(
    core: &Core,
    by: By<'_>,
    input: NewAccount,
) -> CoreResult<(AccountView, Option<String>)> {
    if let By::User(actor) = by {
        authorize(Some(actor), Action::AdministerAccounts)?;
    }
    let mut problems = Problems::new();
    let email = text::email("email", &input.email)
        .map_err(|e| problems.add(e))
        .ok();
    let name = text::required("display_name", &input.display_name, 100)
        .map_err(|e| problems.add(e))
        .ok();
    let role = Role::parse(input.role.trim());
    if role.is_none() {
        problems.push("role", "unknown_role");
    }
    let lang = language("language", input.language.as_deref())
        .map_err(|e| problems.add(e))
        .ok();
    let generated = input.password.is_none().then(generate_password);
    let password_text = input
        .password
        .clone()
        .or_else(|| generated.clone())
        .unwrap_or_default();
    if let Err(p) =
        password::check_policy("password", &password_text, email.as_deref().unwrap_or(""))
    {
        problems.add(p);
    }
    let org_id = input
        .organisation_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let mut conn = core.db().conn().await?;
    if let Some(role) = role {
        match (&org_id, role.is_staff()) {
            (None, true) => problems.push("organisation_id", "required"),
            (Some(_), false) => problems.push("organisation_id", "worker_has_no_organisation"),
            (Some(id), true) => match organisations::by_id(&mut conn, id).await? {
                None => problems.push("organisation_id", "unknown_organisation"),
                Some(org) => {
                    let kind = OrgKind::parse(&org.kind);
                    if !kind.is_some_and(|k| role.organisation_kinds().contains(&k)) {
                        problems.add(
                            FieldError::new("role", "role_not_for_organisation_kind")
                                .with("kind", &org.kind),
                        );
                    }
                }
            },
            (None, false) => {}
        }
    }
    drop(conn);
    problems.into_result()?;
    let email = email.unwrap_or_default();
    let hash = password::hash(&password_text).await?;
    let now = core.now();
    let row = users::UserRow {
        id: new_id(),
        email_index: core.keys().index(&email),
        email_sealed: core.keys().seal(&email),
        display_name: name.unwrap_or_default(),
        role: role.map(|r| r.id().to_owned()).unwrap_or_default(),
        organisation_id: org_id,
        password_hash: hash,
        language: lang.unwrap_or_default(),
        disabled: 0,
        created_at: now,
        updated_at: now,
        password_changed_at: now,
    };
    let mut tx = core.db().begin().await?;
    insert_user(&mut tx, &row).await?;
    audit::commit(
        tx,
        by,
        now,
        Change {
            action: "account.created",
            entity_type: "user",
            entity_id: &row.id,
            before: None,
            after: Some(audit_snapshot(&row)),
        },
    )
    .await?;
    Ok((view(core, &row)?, generated))
}

/// Accounts, newest first: every account for an admin, an organisation's own staff for its
/// members.
pub async fn list_accounts(
    core: &Core,
    actor: &Actor,
    organisation_id: Option<&str>,
) -> CoreResult<Vec<AccountView>> {
    match organisation_id {
        Some(org) => authorize(
            Some(actor),
            Action::ViewOrganisationPrivate {
                organisation_id: org,
            },
        )?,
        None => authorize(Some(actor), Action::AdministerAccounts)?,
    }
    let mut conn = core.db().conn().await?;
    users::list(&mut conn, organisation_id, 500, 0)
        .await?
        .iter()
        .map(|u| view(core, u))
        .collect()
}

/// A password of 20 characters from an alphabet without look-alikes (≈ 110 bits).
fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes: [u8; 20] = rand::random();
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A worker's own record (only the worker may see it; anyone else gets 404).
pub async fn worker(core: &Core, actor: &Actor, worker_id: &str) -> CoreResult<AccountView> {
    authorize(Some(actor), Action::ViewWorker { worker_id })?;
    let mut conn = core.db().conn().await?;
    let user = users::by_id(&mut conn, worker_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    if user.role != Role::Worker.id() {
        return Err(CoreError::NotFound);
    }
    view(core, &user)
}

/// After a key rotation (a new `KAKEHASHI_SECRET_KEY`, the old one among the previous keys):
/// seals every e-mail address again under the new key and rebuilds its look-up index, so
/// accounts can sign in and the old key can be retired. Returns how many accounts changed.
pub async fn reseal_all(core: &Core, progress: &mut (dyn FnMut(u64) + Send)) -> CoreResult<u64> {
    const PAGE: i64 = 500;
    let mut after = String::new();
    let mut changed = 0u64;
    loop {
        let mut tx = core.db().begin().await?;
        let rows = users::page_by_id(&mut tx, &after, PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = last.id.clone();
        let mut here = 0u64;
        for u in rows
            .iter()
            .filter(|u| !core.keys().is_current(&u.email_sealed))
        {
            let email = core
                .keys()
                .open(&u.email_sealed)
                .map_err(|e| CoreError::Internal(format!("account {}: {e}", u.id)))?;
            users::set_email(
                &mut tx,
                &u.id,
                &core.keys().index(&email),
                &core.keys().seal(&email),
            )
            .await?;
            here += 1;
        }
        if here > 0 {
            audit::commit(
                tx,
                By::System("key-rotation"),
                core.now(),
                Change {
                    action: "accounts.resealed",
                    entity_type: "user",
                    entity_id: &after,
                    before: None,
                    after: Some(json!({ "accounts": here })),
                },
            )
            .await?;
        }
        changed += here;
        progress(changed);
    }
    Ok(changed)
}
