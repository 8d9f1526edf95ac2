//! Who people are on the platform: account roles and organisation kinds, with the ids the API
//! and the database use.

use serde::Serialize;

macro_rules! id_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $id)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($id => Some($name::$variant),)+ _ => None }
            }
        }

        // By hand: the derive does not see the `serde(rename)` of a macro's literal and would
        // document the variants' Rust names instead of the ids that are sent.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($id),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}
pub(crate) use id_enum;

id_enum! {
    /// An account's role. Every role except `worker` is staff of exactly one organisation.
    Role {
        Worker = "worker",
        SendingOrg = "sending_org",
        Employer = "employer",
        SupervisingOrg = "supervising_org",
        CaseOfficer = "case_officer",
        Regulator = "regulator",
        Admin = "admin",
    }
}

id_enum! {
    /// The kinds of organisation in the registry.
    OrgKind {
        SendingEnterprise = "sending_enterprise",
        SupervisingOrg = "supervising_org",
        RegisteredSupportOrg = "registered_support_org",
        Employer = "employer",
        TrainingCentre = "training_centre",
        TradeUnion = "trade_union",
        Ngo = "ngo",
        Authority = "authority",
    }
}

impl Role {
    /// The organisation kinds whose staff may hold this role (empty for workers).
    pub fn organisation_kinds(self) -> &'static [OrgKind] {
        use OrgKind::*;
        match self {
            Role::Worker => &[],
            Role::SendingOrg => &[SendingEnterprise, TrainingCentre],
            Role::Employer => &[Employer],
            Role::SupervisingOrg => &[OrgKind::SupervisingOrg, RegisteredSupportOrg],
            Role::CaseOfficer => &[Authority, Ngo, TradeUnion],
            Role::Regulator | Role::Admin => &[Authority],
        }
    }

    pub fn is_staff(self) -> bool {
        self != Role::Worker
    }
}

impl OrgKind {
    /// Kinds that may recruit only under a licence (or permit/registration) in force: a
    /// Vietnamese sending enterprise (Law 69/2020 Art. 9–10), a Japanese supervising
    /// organisation (permit) and a registered support organisation (registration).
    pub fn needs_licence(self) -> bool {
        matches!(
            self,
            OrgKind::SendingEnterprise | OrgKind::SupervisingOrg | OrgKind::RegisteredSupportOrg
        )
    }

    /// Kinds that take part in recruitment and so are subject to enforcement.
    pub fn recruits(self) -> bool {
        matches!(
            self,
            OrgKind::SendingEnterprise
                | OrgKind::SupervisingOrg
                | OrgKind::RegisteredSupportOrg
                | OrgKind::Employer
        )
    }
}

/// The signed-in person a request acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    pub organisation_id: Option<String>,
    pub display_name: String,
    pub language: String,
}

impl Actor {
    pub fn is_member_of(&self, organisation_id: &str) -> bool {
        self.organisation_id.as_deref() == Some(organisation_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.id()), Some(*r));
        }
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.id()), Some(*k));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::ALL.len(), 7);
        assert_eq!(OrgKind::ALL.len(), 8);
    }

    #[test]
    fn every_staff_role_has_an_organisation_kind() {
        for r in Role::ALL {
            assert_eq!(r.is_staff(), !r.organisation_kinds().is_empty());
        }
    }
}
