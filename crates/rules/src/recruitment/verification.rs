//! How sure the platform is of a rule: the labels of the domain notes (`[V]`, `[V2]`, UNVERIFIED).

use serde::{Deserialize, Serialize};

/// How well a rule is sourced. Ordered from weakest to strongest, so the `min` of several is
/// the label of a conclusion that rests on all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    /// Not found in any source: an assumption the page must flag as such.
    Unverified,
    /// Found only in a secondary source (news, law firm, an administrative scrivener's page).
    Secondary,
    /// Found in the cited primary text.
    Verified,
}
