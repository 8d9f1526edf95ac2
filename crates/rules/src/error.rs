use thiserror::Error;

/// An input the rules cannot answer, naming the field at fault so the API and the pages can
/// put the message beside it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RuleError {
    /// The value of `field` is outside what the rules accept (`reason` is a stable code).
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// No rule in the data is in force on the date asked for.
    #[error("{field}: no rule in force on {date} (the oldest in the data starts {oldest})")]
    BeforeOldestRule {
        field: &'static str,
        date: jiff::civil::Date,
        oldest: jiff::civil::Date,
    },
    /// A data file is malformed (only at start-up or when loading overrides).
    #[error("rule data {file}: {reason}")]
    Data { file: String, reason: String },
}

impl RuleError {
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        RuleError::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// The input field this error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RuleError::Invalid { field, .. } | RuleError::BeforeOldestRule { field, .. } => {
                Some(field)
            }
            RuleError::Data { .. } => None,
        }
    }
}
