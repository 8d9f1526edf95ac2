//! Passwords: Argon2id with the crate's recommended parameters, hashed off the async workers.

use crate::error::{CoreError, CoreResult, FieldError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

/// Checks a new password against the policy (NIST SP 800-63B: length, not the e-mail).
pub fn check_policy(field: &str, password: &str, email: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < MIN_LENGTH {
        return Err(FieldError::new(field, "too_short").with("min", MIN_LENGTH));
    }
    if chars > MAX_LENGTH {
        return Err(FieldError::new(field, "too_long").with("max", MAX_LENGTH));
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err(FieldError::new(field, "same_as_email"));
    }
    Ok(())
}

pub async fn hash(password: &str) -> CoreResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| CoreError::Internal(format!("password hashing: {e}")))
    })
    .await
    .map_err(|e| CoreError::Internal(format!("password hashing task: {e}")))?
}

/// True when `password` matches the stored PHC string.
pub async fn verify(password: &str, stored: &str) -> bool {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a random password, verified against when an account does not exist so that the
/// answer takes as long as for a real account.
pub async fn dummy_hash() -> &'static str {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_init(|| async {
            hash(&crate::crypto::random_token())
                .await
                .unwrap_or_default()
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_argon2id() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h).await);
        assert!(!verify("wrong horse battery", &h).await);
        assert!(!verify("x", "not a hash").await);
    }

    #[test]
    fn policy() {
        assert_eq!(
            check_policy("p", "short", "a@b").unwrap_err().code,
            "too_short"
        );
        assert_eq!(
            check_policy("p", &"x".repeat(129), "a@b").unwrap_err().code,
            "too_long"
        );
        assert_eq!(
            check_policy("p", "worker@example.vn", "worker@example.vn")
                .unwrap_err()
                .code,
            "same_as_email"
        );
        assert!(check_policy("p", "mật khẩu dài đủ", "a@b").is_ok());
    }
}
