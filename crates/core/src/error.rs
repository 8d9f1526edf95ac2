//! The core layer's error: what went wrong in terms a user can be told, with the field at
//! fault and a stable code the web layer translates.

use kakehashi_store::{ConstraintKind, StoreError};
use serde::Serialize;
use std::collections::BTreeMap;
use thiserror::Error;

/// One problem with one input field. `code` is a stable, translatable id such as `required`
/// or `too_long`; `params` fill the message (e.g. the limit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code: code.into(),
            params: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }
}

#[derive(Debug, Clone, Error)]
pub enum CoreError {
    /// The input is wrong; nothing was stored.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// No such thing, or one the actor may not know exists.
    #[error("not found")]
    NotFound,
    /// Signed in, but the role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Sign-in needed.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Wrong e-mail or password (one answer for both, so accounts cannot be probed).
    #[error("bad credentials")]
    BadCredentials,
    /// Too many attempts; try again after `retry_after_secs`.
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// The request is valid but the rules refuse it now; `code` says which rule and `params`
    /// why (e.g. which sanction, since when).
    #[error("refused: {code}")]
    Refused {
        code: String,
        params: BTreeMap<String, String>,
    },
    /// The change conflicts with what is stored (a duplicate); `field` names it.
    #[error("conflict on {field}")]
    Conflict { field: String, code: String },
    /// The law's checks refuse it: every broken rule, with its value, limit and source.
    #[error("rules broken: {0:?}")]
    RulesBroken(Vec<BrokenRule>),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The database is busy with other writes: try again in a moment.
    #[error("busy: {0}")]
    Busy(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type CoreResult<T> = Result<T, CoreError>;

/// A legal check a change failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenRule {
    /// The check's id, e.g. `minimum_wage`, `service_fee_cap`, `no_brokerage`.
    pub id: String,
    /// Its outcome code (message `check-{id}-{code}`).
    pub code: String,
    pub value: String,
    pub limit: String,
    pub source: String,
    pub source_url: Option<String>,
    /// `verified`, `secondary` or `unverified`.
    pub verification: String,
    pub detail: String,
}

impl CoreError {
    pub fn field(field: &str, code: &str) -> Self {
        CoreError::Invalid(vec![FieldError::new(field, code)])
    }

    pub fn refused(code: &str, params: impl IntoIterator<Item = (&'static str, String)>) -> Self {
        CoreError::Refused {
            code: code.to_owned(),
            params: params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }
}

impl From<StoreError> for CoreError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => CoreError::NotFound,
            // Callers that expect a constraint match it and say what it means; what reaches
            // here was not expected: a duplicate names its column, a missing reference is a
            // record that went away meanwhile, anything else is our bug.
            StoreError::Conflict(c) => match c.kind {
                ConstraintKind::Unique => CoreError::Conflict {
                    field: c.columns.last().cloned().unwrap_or_default(),
                    code: "already_exists".into(),
                },
                ConstraintKind::ForeignKey => CoreError::Conflict {
                    field: c.columns.first().cloned().unwrap_or_default(),
                    code: "reference_missing".into(),
                },
                ConstraintKind::Check | ConstraintKind::NotNull => {
                    CoreError::Internal(format!("constraint violated: {c}"))
                }
            },
            StoreError::Unavailable(m) => CoreError::Unavailable(m),
            StoreError::Busy(m) => CoreError::Busy(m),
            other => CoreError::Internal(other.to_string()),
        }
    }
}

impl CoreError {
    /// Maps a violation of the unique key on `columns` of `table` to a conflict on `field`
    /// with `code`; every other error as usual.
    pub(crate) fn unique(
        table: &'static str,
        columns: &'static [&'static str],
        field: &'static str,
        code: &'static str,
    ) -> impl Fn(StoreError) -> CoreError {
        move |e| {
            if e.is_unique(table, columns) {
                CoreError::Conflict {
                    field: field.into(),
                    code: code.into(),
                }
            } else {
                CoreError::from(e)
            }
        }
    }
}

impl From<kakehashi_rules::RuleError> for CoreError {
    fn from(e: kakehashi_rules::RuleError) -> Self {
        use kakehashi_rules::RuleError;
        match e {
            RuleError::Invalid { field, reason } => {
                CoreError::Invalid(vec![FieldError::new(field, reason)])
            }
            RuleError::BeforeOldestRule {
                field,
                date,
                oldest,
            } => CoreError::Invalid(vec![
                FieldError::new(field, "before_oldest_rule")
                    .with("date", date)
                    .with("oldest", oldest),
            ]),
            RuleError::Data { file, reason } => {
                CoreError::Internal(format!("rule data {file}: {reason}"))
            }
        }
    }
}

/// Collects field errors so a form can show every problem at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn new() -> Self {
        Problems(Vec::new())
    }

    pub fn add(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn push(&mut self, field: &str, code: &str) {
        self.0.push(FieldError::new(field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> CoreResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Invalid(self.0))
        }
    }
}
