//! Japanese-language levels and the minimum each programme requires at entry
//! (data: `recruitment/japanese-requirements.csv`).
//!
//! Levels compare on one ladder, none < JLPT N5 ≈ JFT A1 < N4 ≈ JFT A2 < N3 < N2 < N1, the
//! CEFR-based ladder the systems use (ESD entry A1/N5, SSW(i) A2/N4, SSW(ii) B1/N3 in some
//! fields). The exact statutory JLPT↔CEFR equivalence table is UNVERIFIED, so a comparison
//! across the two tests is reported as resting on it.

use super::{Programme, Verification};
use crate::{DataFile, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A Japanese-language level a posting can require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JapaneseLevel {
    /// No Japanese required.
    None,
    JlptN1,
    JlptN2,
    JlptN3,
    JlptN4,
    JlptN5,
    /// JFT-Basic A1 band (145–174 of 250 from August 2026).
    JftA1,
    /// JFT-Basic A2 (200–250 of 250), the SSW(i) pass mark.
    JftA2,
}

/// The test a level is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageTest {
    /// Japanese-Language Proficiency Test.
    Jlpt,
    /// Japan Foundation Test for Basic Japanese.
    Jft,
}

impl JapaneseLevel {
    pub const ALL: [JapaneseLevel; 8] = [
        JapaneseLevel::None,
        JapaneseLevel::JlptN1,
        JapaneseLevel::JlptN2,
        JapaneseLevel::JlptN3,
        JapaneseLevel::JlptN4,
        JapaneseLevel::JlptN5,
        JapaneseLevel::JftA1,
        JapaneseLevel::JftA2,
    ];

    /// The stable id (`none`, `jlpt_n1` … `jlpt_n5`, `jft_a1`, `jft_a2`).
    pub const fn id(self) -> &'static str {
        match self {
            JapaneseLevel::None => "none",
            JapaneseLevel::JlptN1 => "jlpt_n1",
            JapaneseLevel::JlptN2 => "jlpt_n2",
            JapaneseLevel::JlptN3 => "jlpt_n3",
            JapaneseLevel::JlptN4 => "jlpt_n4",
            JapaneseLevel::JlptN5 => "jlpt_n5",
            JapaneseLevel::JftA1 => "jft_a1",
            JapaneseLevel::JftA2 => "jft_a2",
        }
    }

    /// The level with this id, or an error naming `field`.
    pub fn parse(id: &str, field: &'static str) -> Result<Self, RuleError> {
        JapaneseLevel::ALL
            .into_iter()
            .find(|l| l.id() == id)
            .ok_or_else(|| RuleError::invalid(field, "unknown_japanese_level"))
    }

    /// Position on the ladder: 0 none, 1 N5/A1, 2 N4/A2, 3 N3, 4 N2, 5 N1.
    pub const fn rank(self) -> u8 {
        match self {
            JapaneseLevel::None => 0,
            JapaneseLevel::JlptN5 | JapaneseLevel::JftA1 => 1,
            JapaneseLevel::JlptN4 | JapaneseLevel::JftA2 => 2,
            JapaneseLevel::JlptN3 => 3,
            JapaneseLevel::JlptN2 => 4,
            JapaneseLevel::JlptN1 => 5,
        }
    }

    /// Whether this level is at least `other` on the ladder (across tests only by the
    /// approximate equivalence: see [`JapaneseLevel::same_test`]).
    pub const fn at_least(self, other: JapaneseLevel) -> bool {
        self.rank() >= other.rank()
    }

    pub const fn test(self) -> Option<LanguageTest> {
        match self {
            JapaneseLevel::None => None,
            JapaneseLevel::JftA1 | JapaneseLevel::JftA2 => Some(LanguageTest::Jft),
            _ => Some(LanguageTest::Jlpt),
        }
    }

    /// Whether comparing the two needs no cross-test equivalence (same test, or one is `none`).
    pub fn same_test(self, other: JapaneseLevel) -> bool {
        match (self.test(), other.test()) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }
}

/// A way into the programme without passing the language test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlternativeRoute {
    /// At least 100 hours of A1-level instruction before entry (ESD).
    #[serde(rename = "a1_course_100h")]
    A1Course100h,
    /// TITP (ii) completed in a matching field exempts from the SSW(i) tests.
    TitpIiCompleted,
}

/// The minimum Japanese level a programme (or one of its fields) requires at entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageRequirement {
    pub programme: Programme,
    /// `None`: every field of the programme without a row of its own.
    pub field: Option<String>,
    pub min_level: JapaneseLevel,
    /// The same rung measured by the other test, where the rule names both.
    pub also_accepted: Option<JapaneseLevel>,
    pub alternative_route: Option<AlternativeRoute>,
    pub effective_from: Option<Date>,
    pub verification: Verification,
    #[serde(deserialize_with = "super::source_from_text")]
    pub source: Source,
    pub note: String,
}

/// How a posting's required level compares with the programme's minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelComparison {
    /// At least the minimum, on the same test as the rule names.
    Meets,
    /// At least the minimum only by the approximate JLPT↔JFT equivalence (UNVERIFIED).
    MeetsByEquivalence,
    /// Below the minimum.
    Below,
}

impl LanguageRequirement {
    /// The accepted levels, the minimum first.
    pub fn accepted(&self) -> impl Iterator<Item = JapaneseLevel> + '_ {
        std::iter::once(self.min_level).chain(self.also_accepted)
    }

    pub fn compare(&self, level: JapaneseLevel) -> LevelComparison {
        let mut met = self
            .accepted()
            .filter(|&min| level.at_least(min))
            .peekable();
        if met.peek().is_none() {
            LevelComparison::Below
        } else if met.any(|min| level.same_test(min)) {
            LevelComparison::Meets
        } else {
            LevelComparison::MeetsByEquivalence
        }
    }

    fn in_force_on(&self, date: Date) -> bool {
        self.effective_from.is_none_or(|from| from <= date)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LanguageRules(Vec<LanguageRequirement>);

impl LanguageRules {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        Ok(LanguageRules(file.rows()?))
    }

    /// The field's own requirement in force on `date`, else the programme-wide one.
    pub(crate) fn requirement(
        &self,
        programme: Programme,
        field: &str,
        date: Date,
    ) -> Option<&LanguageRequirement> {
        let newest = |for_field: Option<&str>| {
            self.0
                .iter()
                .filter(|r| r.programme == programme && r.field.as_deref() == for_field)
                .filter(|r| r.in_force_on(date))
                .max_by_key(|r| r.effective_from)
        };
        newest(Some(field)).or_else(|| newest(None))
    }
}
