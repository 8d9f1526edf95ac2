//! Japan's programmes for Vietnamese workers, the dates each is open for new postings and the
//! contract-length limits (data: `recruitment/programmes.csv`).

use super::Verification;
use crate::{DataFile, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A programme (status of residence) a posting recruits for. The serde ids are the ones the
/// JSON API and the database use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Programme {
    /// Technical Intern Training (技能実習): no new entries after the ESD transition.
    Titp,
    /// Employment for Skill Development (育成就労), from 2027-04-01.
    Esd,
    /// Specified Skilled Worker (i) (特定技能1号).
    Ssw1,
    /// Specified Skilled Worker (ii) (特定技能2号).
    Ssw2,
    /// EPA nurse candidate (看護師候補者).
    EpaNurse,
    /// EPA certified care worker candidate (介護福祉士候補者).
    EpaCareworker,
    /// Engineer/Specialist in Humanities/International Services (技術・人文知識・国際業務).
    EngineerSpecialist,
}

impl Programme {
    pub const ALL: [Programme; 7] = [
        Programme::Titp,
        Programme::Esd,
        Programme::Ssw1,
        Programme::Ssw2,
        Programme::EpaNurse,
        Programme::EpaCareworker,
        Programme::EngineerSpecialist,
    ];

    /// The stable id (`titp`, `esd`, `ssw1`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Programme::Titp => "titp",
            Programme::Esd => "esd",
            Programme::Ssw1 => "ssw1",
            Programme::Ssw2 => "ssw2",
            Programme::EpaNurse => "epa_nurse",
            Programme::EpaCareworker => "epa_careworker",
            Programme::EngineerSpecialist => "engineer_specialist",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Programme::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The programme with this id, or an error naming `field`.
    pub fn parse(id: &str, field: &'static str) -> Result<Self, RuleError> {
        Programme::from_id(id).ok_or_else(|| RuleError::invalid(field, "unknown_programme"))
    }

    pub const fn is_epa(self) -> bool {
        matches!(self, Programme::EpaNurse | Programme::EpaCareworker)
    }
}

/// What the data says about one programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeRule {
    pub programme: Programme,
    pub name_ja: String,
    pub name_en: String,
    /// Our translation, not an official Vietnamese name.
    pub name_vi: String,
    /// First start date a new posting may have (`None`: open before any date handled here).
    pub open_from: Option<Date>,
    /// Last start date a new posting may have (`None`: no end announced).
    pub open_to: Option<Date>,
    pub dates_verification: Verification,
    pub dates_source: Source,
    /// Conditions on the dates the check cannot see (e.g. TITP's plan application deadline).
    pub dates_note: String,
    /// Longest contract a posting may offer (`None`: no limit on one contract).
    pub max_contract_months: Option<u32>,
    pub length_verification: Verification,
    pub length_source: Source,
    pub length_note: String,
}

impl ProgrammeRule {
    /// Whether a posting starting on `date` is within the programme's window.
    pub fn is_open_on(&self, date: Date) -> bool {
        self.open_from.is_none_or(|from| from <= date) && self.open_to.is_none_or(|to| date <= to)
    }
}

#[derive(Deserialize)]
struct Row {
    id: Programme,
    name_ja: String,
    name_en: String,
    name_vi: String,
    open_from: Option<Date>,
    open_to: Option<Date>,
    dates_verification: Verification,
    dates_source: String,
    max_contract_months: Option<u32>,
    length_verification: Verification,
    length_source: String,
    dates_note: String,
    length_note: String,
}

/// Every programme's rule, one each.
#[derive(Debug, Clone)]
pub(crate) struct ProgrammeRules(Vec<ProgrammeRule>);

impl ProgrammeRules {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        let rules: Vec<ProgrammeRule> = file
            .rows::<Row>()?
            .into_iter()
            .map(|r| ProgrammeRule {
                programme: r.id,
                name_ja: r.name_ja,
                name_en: r.name_en,
                name_vi: r.name_vi,
                open_from: r.open_from,
                open_to: r.open_to,
                dates_verification: r.dates_verification,
                dates_source: Source::parse(&r.dates_source),
                dates_note: r.dates_note,
                max_contract_months: r.max_contract_months,
                length_verification: r.length_verification,
                length_source: Source::parse(&r.length_source),
                length_note: r.length_note,
            })
            .collect();
        for p in Programme::ALL {
            if rules.iter().filter(|r| r.programme == p).count() != 1 {
                return Err(RuleError::Data {
                    file: file.name.to_owned(),
                    reason: format!("programme {} must appear exactly once", p.id()),
                });
            }
        }
        Ok(ProgrammeRules(rules))
    }

    pub(crate) fn get(&self, programme: Programme) -> &ProgrammeRule {
        self.0
            .iter()
            .find(|r| r.programme == programme)
            .expect("parse checked that every programme is present")
    }
}
