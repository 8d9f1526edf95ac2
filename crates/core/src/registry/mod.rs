//! The registry: organisations' licences, inspections, violations and sanctions, the public
//! record, and enforcement — who is not in good standing on a date cannot recruit.

mod actions;
pub mod enforcement;
pub mod import;
mod lookup;
mod record;
pub mod register_csv;
mod standing;
mod terms;

pub use actions::{
    InspectionInput, LicenceInput, SanctionInput, ViolationInput, add_licence, record_inspection,
    record_sanction, record_violation, set_appeal_status, set_licence_status,
};
pub use lookup::{LookupItem, LookupPage, LookupQuery, lookup};
pub use record::{
    ComplianceScore, FeeCompliance, InspectionView, LicenceView, PublicRecord, SanctionView,
    ScoreLine, ViolationView, public_record,
};
pub(crate) use standing::{Record, record_of, records, require_all_in_good_standing};
pub use standing::{
    Standing, in_good_standing, licence_valid_on, licensed_kinds, recruiting_kinds,
    require_good_standing, sanction_in_force, standing, status_in_force,
};
pub(crate) use terms::refresh_search;
pub use terms::search_fields;

use crate::roles::id_enum;

id_enum! {
    /// A licence's recorded status. The status *in force* on a date also depends on its end
    /// date and on sanctions (see [`standing`]).
    LicenceStatus {
        Active = "active",
        Suspended = "suspended",
        Revoked = "revoked",
        Returned = "returned",
        Expired = "expired",
    }
}

id_enum! {
    /// Sanctions a regulator imposes.
    SanctionKind {
        Warning = "warning",
        Fine = "fine",
        Suspension = "suspension",
        Revocation = "revocation",
    }
}

id_enum! {
    /// Where an appeal against a sanction stands; an overturned sanction is not in force.
    AppealStatus {
        None = "none",
        Pending = "pending",
        Upheld = "upheld",
        Overturned = "overturned",
    }
}
