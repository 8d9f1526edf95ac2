//! Accounts. The e-mail address is stored sealed (encrypted) with a keyed index for look-up;
//! the store never sees it in clear.

use crate::{Conn, StoreResult};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct UserRow {
    pub id: String,
    pub email_index: String,
    pub email_sealed: String,
    pub display_name: String,
    pub role: String,
    pub organisation_id: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub language: String,
    pub disabled: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub password_changed_at: i64,
}

pub(crate) const COLUMNS: &str = "id, email_index, email_sealed, display_name, role, organisation_id, \
     password_hash, language, disabled, created_at, updated_at, password_changed_at";

pub async fn insert(conn: &mut Conn, u: &UserRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO users (id, email_index, email_sealed, display_name, role, organisation_id, \
         password_hash, language, disabled, created_at, updated_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(&u.id)
    .bind(&u.email_index)
    .bind(&u.email_sealed)
    .bind(&u.display_name)
    .bind(&u.role)
    .bind(&u.organisation_id)
    .bind(&u.password_hash)
    .bind(&u.language)
    .bind(u.disabled)
    .bind(u.created_at)
    .bind(u.updated_at)
    .bind(u.password_changed_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: &str) -> StoreResult<Option<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn by_email_index(conn: &mut Conn, index: &str) -> StoreResult<Option<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE email_index = $1"
    )))
    .bind(index)
    .fetch_optional(conn)
    .await?)
}

pub async fn set_password(conn: &mut Conn, id: &str, hash: &str, at: i64) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 \
         WHERE id = $3",
    )
    .bind(hash)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_language(conn: &mut Conn, id: &str, language: &str, at: i64) -> StoreResult<()> {
    sqlx::query("UPDATE users SET language = $1, updated_at = $2 WHERE id = $3")
        .bind(language)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Accounts in one organisation, or every account when `organisation_id` is `None`, newest
/// first.
pub async fn list(
    conn: &mut Conn,
    organisation_id: Option<&str>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE ($1 IS NULL OR organisation_id = $1) \
         ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"
    )))
    .bind(organisation_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?)
}

pub async fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(conn)
        .await?)
}

/// Accounts after `after_id` in id order, for walking the whole table in pages.
pub async fn page_by_id(conn: &mut Conn, after_id: &str, limit: i64) -> StoreResult<Vec<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE id > $1 ORDER BY id LIMIT $2"
    )))
    .bind(after_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// Replaces the sealed e-mail and its index (after a key rotation).
pub async fn set_email(conn: &mut Conn, id: &str, index: &str, sealed: &str) -> StoreResult<()> {
    sqlx::query("UPDATE users SET email_index = $1, email_sealed = $2 WHERE id = $3")
        .bind(index)
        .bind(sealed)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
