//! Registry rules: the kinds of violation and sanction a regulator records, with their legal
//! basis.

use crate::data::DataFile;
use crate::{RuleError, RuleFiles, Source, rule_file};
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

/// The kinds of violation and sanction, from the compiled-in files or a rules directory's
/// replacements.
#[derive(Debug, Clone)]
pub struct RegistryRules {
    violations: Vec<ViolationKind>,
    sanctions: Vec<SanctionKind>,
    sources: Vec<Source>,
}

static EMBEDDED: LazyLock<RegistryRules> = LazyLock::new(|| {
    RegistryRules::load(&RuleFiles::embedded()).expect("embedded registry kinds parse")
});

impl RegistryRules {
    pub fn load(files: &RuleFiles) -> Result<RegistryRules, RuleError> {
        let violations = files.get(VIOLATION_KINDS_FILE)?;
        let sanctions = files.get(SANCTION_KINDS_FILE)?;
        let mut sources = violations.sources();
        sources.extend(sanctions.sources());
        sources.dedup();
        let sanction_rows: Vec<SanctionKind> = sanctions.rows()?;
        // The four sanctions are what enforcement acts on; a file may reword their basis,
        // not drop one.
        for id in SANCTIONS {
            if !sanction_rows.iter().any(|k| k.id == *id) {
                return Err(RuleError::Data {
                    file: sanctions.name.to_owned(),
                    reason: format!("the sanction kind {id} is missing"),
                });
            }
        }
        Ok(RegistryRules {
            violations: violations.rows()?,
            sanctions: sanction_rows,
            sources,
        })
    }

    pub fn embedded() -> &'static RegistryRules {
        &EMBEDDED
    }

    pub fn violation_kinds(&self) -> &[ViolationKind] {
        &self.violations
    }

    pub fn violation_kind(&self, id: &str) -> Option<&ViolationKind> {
        self.violations.iter().find(|v| v.id == id)
    }

    pub fn sanction_kinds(&self) -> &[SanctionKind] {
        &self.sanctions
    }

    pub fn sanction_kind(&self, id: &str) -> Option<&SanctionKind> {
        self.sanctions.iter().find(|v| v.id == id)
    }

    /// The sources the two files cite.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
}

/// The sanctions the registry knows how to enforce.
const SANCTIONS: [&str; 4] = ["warning", "fine", "suspension", "revocation"];

pub fn violation_kinds() -> &'static [ViolationKind] {
    RegistryRules::embedded().violation_kinds()
}

pub fn violation_kind(id: &str) -> Option<&'static ViolationKind> {
    RegistryRules::embedded().violation_kind(id)
}

pub fn sanction_kinds() -> &'static [SanctionKind] {
    RegistryRules::embedded().sanction_kinds()
}

pub fn sanction_kind(id: &str) -> Option<&'static SanctionKind> {
    RegistryRules::embedded().sanction_kind(id)
}

/// The sources the two compiled-in files cite.
pub fn sources() -> Vec<Source> {
    RegistryRules::embedded().sources().to_vec()
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
