//! Registry rules: the kinds of violation and sanction a regulator records, with their legal
//! basis.

use crate::data::DataFile;
use crate::{Source, rule_file};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

pub const VIOLATION_KINDS_FILE: DataFile = rule_file!("registry/violation-kinds.csv");
pub const SANCTION_KINDS_FILE: DataFile = rule_file!("registry/sanction-kinds.csv");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationKind {
    pub id: String,
    pub legal_basis: String,
    /// `verified` (primary text) or `secondary`.
    pub verification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionKind {
    pub id: String,
    pub legal_basis: String,
}

static VIOLATIONS: LazyLock<Vec<ViolationKind>> = LazyLock::new(|| {
    VIOLATION_KINDS_FILE
        .rows()
        .expect("embedded violation kinds parse")
});
static SANCTIONS: LazyLock<Vec<SanctionKind>> = LazyLock::new(|| {
    SANCTION_KINDS_FILE
        .rows()
        .expect("embedded sanction kinds parse")
});

pub fn violation_kinds() -> &'static [ViolationKind] {
    &VIOLATIONS
}

pub fn violation_kind(id: &str) -> Option<&'static ViolationKind> {
    VIOLATIONS.iter().find(|v| v.id == id)
}

pub fn sanction_kinds() -> &'static [SanctionKind] {
    &SANCTIONS
}

pub fn sanction_kind(id: &str) -> Option<&'static SanctionKind> {
    SANCTIONS.iter().find(|v| v.id == id)
}

/// The sources the two files cite.
pub fn sources() -> Vec<Source> {
    let mut s = VIOLATION_KINDS_FILE.sources();
    s.extend(SANCTION_KINDS_FILE.sources());
    s.dedup();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_the_issue_names_exist_with_a_basis() {
        for id in [
            "unlawful_service_fee",
            "brokerage_charged",
            "unlawful_deposit",
            "deception",
            "document_retention",
            "wage_arrears",
            "unlicensed_recruiting",
            "licence_lending",
            "document_fraud",
            "other",
        ] {
            let k = violation_kind(id).unwrap_or_else(|| panic!("{id}"));
            assert!(id == "other" || !k.legal_basis.is_empty(), "{id}");
        }
        for id in ["warning", "fine", "suspension", "revocation"] {
            assert!(!sanction_kind(id).unwrap().legal_basis.is_empty());
        }
        assert!(sources().len() >= 3);
    }
}
