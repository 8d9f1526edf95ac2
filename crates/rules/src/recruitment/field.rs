//! Industrial fields (分野) and which programme allows which field on which date
//! (data: `recruitment/fields.csv`, `recruitment/field-allowances.csv`).

use super::{Programme, Verification};
use crate::{DataFile, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An industrial field a posting can be for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Stable snake_case id (kept when Japan renames the field).
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// Our translation, not an official Vietnamese name.
    pub name_vi: String,
}

/// One programme allowing one field over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldAllowance {
    pub programme: Programme,
    pub field: String,
    /// `None`: since the programme opened.
    pub effective_from: Option<Date>,
    /// `None`: no end known.
    pub effective_to: Option<Date>,
    pub verification: Verification,
    #[serde(deserialize_with = "super::source_from_text")]
    pub source: Source,
}

impl FieldAllowance {
    pub fn in_force_on(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|from| from <= date)
            && self.effective_to.is_none_or(|to| date <= to)
    }
}

/// Why a field is not allowed for a programme on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum FieldRefusal {
    /// No field has this id (an input error rather than a rule).
    #[error("unknown field")]
    UnknownField,
    /// The programme's official list has never had this field.
    #[error("the programme does not cover this field")]
    NotInProgramme,
    /// The programme covers the field only from a later date.
    #[error("the programme covers this field only from {from}")]
    NotYet { from: Date },
    /// The programme stopped covering the field.
    #[error("the programme covered this field only until {to}")]
    Ended { to: Date },
}

impl FieldRefusal {
    /// Stable code for messages and the API.
    pub const fn code(&self) -> &'static str {
        match self {
            FieldRefusal::UnknownField => "unknown_field",
            FieldRefusal::NotInProgramme => "not_in_programme",
            FieldRefusal::NotYet { .. } => "not_yet",
            FieldRefusal::Ended { .. } => "ended",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct FieldRules {
    fields: Vec<Field>,
    allowances: Vec<FieldAllowance>,
}

impl FieldRules {
    pub(crate) fn parse(fields: &DataFile, allowances: &DataFile) -> Result<Self, RuleError> {
        let rules = FieldRules {
            fields: fields.rows()?,
            allowances: allowances.rows()?,
        };
        let bad = |file: &DataFile, reason: String| RuleError::Data {
            file: file.name.to_owned(),
            reason,
        };
        for (i, f) in rules.fields.iter().enumerate() {
            if rules.fields[..i].iter().any(|g| g.id == f.id) {
                return Err(bad(fields, format!("field {} appears twice", f.id)));
            }
        }
        if let Some(a) = rules
            .allowances
            .iter()
            .find(|a| rules.field(&a.field).is_none())
        {
            return Err(bad(allowances, format!("unknown field {}", a.field)));
        }
        Ok(rules)
    }

    pub(crate) fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub(crate) fn all(&self) -> &[Field] {
        &self.fields
    }

    /// Allowances of `programme` for `field` in force on `date`.
    pub(crate) fn allowance(
        &self,
        programme: Programme,
        field: &str,
        date: Date,
    ) -> Option<&FieldAllowance> {
        self.allowances
            .iter()
            .find(|a| a.programme == programme && a.field == field && a.in_force_on(date))
    }

    /// The fields `programme` allows on `date`, in the order of the field list.
    pub(crate) fn fields_for(&self, programme: Programme, date: Date) -> Vec<&Field> {
        self.fields
            .iter()
            .filter(|f| self.allowance(programme, &f.id, date).is_some())
            .collect()
    }

    pub(crate) fn field_allowed(
        &self,
        programme: Programme,
        field: &str,
        date: Date,
    ) -> Result<(), FieldRefusal> {
        if self.field(field).is_none() {
            return Err(FieldRefusal::UnknownField);
        }
        let periods: Vec<&FieldAllowance> = self
            .allowances
            .iter()
            .filter(|a| a.programme == programme && a.field == field)
            .collect();
        if periods.iter().any(|a| a.in_force_on(date)) {
            return Ok(());
        }
        let next = periods
            .iter()
            .filter_map(|a| a.effective_from)
            .filter(|&f| f > date)
            .min();
        let last = periods
            .iter()
            .filter_map(|a| a.effective_to)
            .filter(|&t| t < date)
            .max();
        match (next, last) {
            (Some(from), _) => Err(FieldRefusal::NotYet { from }),
            (None, Some(to)) => Err(FieldRefusal::Ended { to }),
            (None, None) => Err(FieldRefusal::NotInProgramme),
        }
    }

    /// The weakest label among the programme's allowances in force on `date`: how sure a
    /// refusal based on that list is.
    pub(crate) fn list_verification(&self, programme: Programme, date: Date) -> Verification {
        self.allowances
            .iter()
            .filter(|a| a.programme == programme && a.in_force_on(date))
            .map(|a| a.verification)
            .min()
            .unwrap_or(Verification::Unverified)
    }

    /// A source for the programme's list on `date` (the first allowance in force, else any).
    pub(crate) fn list_source(&self, programme: Programme, date: Date) -> Option<&Source> {
        let of_programme = || self.allowances.iter().filter(|a| a.programme == programme);
        of_programme()
            .find(|a| a.in_force_on(date))
            .or_else(|| of_programme().next())
            .map(|a| &a.source)
    }
}
