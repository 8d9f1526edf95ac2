//! Authorisation: the one place that says who may do what. Every service calls [`authorize`]
//! before it reads anything private or changes anything; the web layer has no rules of its own.
//!
//! Scoped refusals answer [`CoreError::NotFound`], not `Forbidden`: staff of one organisation
//! must not learn whether another organisation's private record exists.

use crate::error::{CoreError, CoreResult};
use crate::roles::{Actor, Role};

/// Something an actor wants to do, with the owner of the thing it touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Create organisations, and staff accounts in any organisation.
    AdministerAccounts,
    /// See one's own account and change its password or language.
    UseOwnAccount,
    /// See the staff list and private contacts of an organisation.
    ViewOrganisationPrivate { organisation_id: &'a str },
    /// Change an organisation's contacts (address, phone, e-mail, website).
    EditOrganisationProfile { organisation_id: &'a str },
    /// Correct an organisation's identity (legal and romanised names, enterprise code), which
    /// otherwise only the licence register sets.
    CorrectOrganisationIdentity,
    /// See a worker's own records.
    ViewWorker { worker_id: &'a str },
    /// Read the audit trail.
    ReadAudit,
    /// Record licences, inspections, violations and sanctions; import a licence register.
    Regulate,
    /// Import the bank's exchange rates (regulators and admins).
    ImportRates,
    /// Create a job posting for an organisation.
    CreatePosting { organisation_id: &'a str },
    /// Edit, publish or close a posting owned by an organisation, or see it as a draft.
    ManagePosting { owner_id: &'a str },
    /// See a posting the public does not see (a draft, a closed one, one hidden by
    /// enforcement): its own staff, and regulators and admins.
    SeeUnpublishedPosting { owner_id: &'a str },
    /// Apply for a job (a worker, for themself).
    Apply,
    /// Read one's own inbox.
    ReadInbox,
    /// Follow a background job's progress and report: the account that asked for it.
    FollowJob { created_by: Option<&'a str> },
}

/// Allows or refuses `action` for `actor` (`None`: not signed in).
pub fn authorize(actor: Option<&Actor>, action: Action<'_>) -> CoreResult<()> {
    let Some(actor) = actor else {
        return Err(CoreError::Unauthenticated);
    };
    let role = actor.role;
    let allowed = match action {
        Action::AdministerAccounts => role == Role::Admin,
        Action::UseOwnAccount | Action::ReadInbox => true,
        Action::ViewOrganisationPrivate { organisation_id } => {
            return scoped(
                matches!(role, Role::Admin | Role::Regulator)
                    || actor.is_member_of(organisation_id),
            );
        }
        Action::EditOrganisationProfile { organisation_id } => {
            return scoped(
                role == Role::Admin || (role.is_staff() && actor.is_member_of(organisation_id)),
            );
        }
        Action::ViewWorker { worker_id } => return scoped(actor.user_id == worker_id),
        Action::FollowJob { created_by } => {
            return scoped(created_by == Some(actor.user_id.as_str()));
        }
        Action::ReadAudit | Action::CorrectOrganisationIdentity => {
            matches!(role, Role::Admin | Role::Regulator)
        }
        Action::Regulate => role == Role::Regulator,
        Action::ImportRates => matches!(role, Role::Admin | Role::Regulator),
        Action::CreatePosting { organisation_id } => {
            if role != Role::Employer {
                return Err(CoreError::Forbidden);
            }
            return scoped(actor.is_member_of(organisation_id));
        }
        Action::ManagePosting { owner_id } => {
            return scoped(role == Role::Employer && actor.is_member_of(owner_id));
        }
        Action::SeeUnpublishedPosting { owner_id } => {
            return scoped(
                matches!(role, Role::Regulator | Role::Admin)
                    || (role == Role::Employer && actor.is_member_of(owner_id)),
            );
        }
        Action::Apply => role == Role::Worker,
    };
    if allowed {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

/// Whether `actor` may do `action`: what a page asks to decide which buttons and forms to
/// show. The service behind the button still calls [`authorize`].
pub fn may(actor: Option<&Actor>, action: Action<'_>) -> bool {
    authorize(actor, action).is_ok()
}

/// A refusal of something owned by someone else looks like absence.
fn scoped(allowed: bool) -> CoreResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(CoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, org: Option<&str>) -> Actor {
        Actor {
            user_id: "u1".into(),
            role,
            organisation_id: org.map(str::to_owned),
            display_name: "x".into(),
            language: "vi".into(),
        }
    }

    #[test]
    fn anonymous_must_sign_in() {
        assert!(matches!(
            authorize(None, Action::UseOwnAccount),
            Err(CoreError::Unauthenticated)
        ));
    }

    #[test]
    fn staff_of_another_organisation_see_nothing() {
        let a = actor(Role::Employer, Some("A"));
        assert!(
            authorize(
                Some(&a),
                Action::ViewOrganisationPrivate {
                    organisation_id: "A"
                }
            )
            .is_ok()
        );
        assert!(matches!(
            authorize(
                Some(&a),
                Action::ViewOrganisationPrivate {
                    organisation_id: "B"
                }
            ),
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            authorize(Some(&a), Action::ManagePosting { owner_id: "B" }),
            Err(CoreError::NotFound)
        ));
        assert!(
            authorize(
                Some(&a),
                Action::CreatePosting {
                    organisation_id: "A"
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn only_admins_administer_and_only_regulators_regulate() {
        for role in Role::ALL {
            let a = actor(*role, Some("X"));
            assert_eq!(
                authorize(Some(&a), Action::AdministerAccounts).is_ok(),
                *role == Role::Admin
            );
            assert_eq!(
                authorize(Some(&a), Action::Regulate).is_ok(),
                *role == Role::Regulator
            );
            assert_eq!(
                authorize(Some(&a), Action::CorrectOrganisationIdentity).is_ok(),
                matches!(role, Role::Regulator | Role::Admin),
                "{role:?}"
            );
        }
    }

    #[test]
    fn unpublished_postings_are_seen_by_their_staff_regulators_and_admins() {
        for role in Role::ALL {
            for org in ["A", "B"] {
                let a = actor(*role, Some(org));
                let expected = matches!(role, Role::Regulator | Role::Admin)
                    || (*role == Role::Employer && org == "A");
                assert_eq!(
                    may(Some(&a), Action::SeeUnpublishedPosting { owner_id: "A" }),
                    expected,
                    "{role} of {org}"
                );
            }
        }
        assert!(!may(None, Action::SeeUnpublishedPosting { owner_id: "A" }));
        assert!(!may(None, Action::Apply));
    }

    #[test]
    fn a_worker_sees_only_their_own_records() {
        let w = actor(Role::Worker, None);
        assert!(authorize(Some(&w), Action::ViewWorker { worker_id: "u1" }).is_ok());
        assert!(matches!(
            authorize(Some(&w), Action::ViewWorker { worker_id: "u2" }),
            Err(CoreError::NotFound)
        ));
    }
}
