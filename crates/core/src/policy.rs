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
    /// See an application: its worker, the employer's staff, the staff of the sending
    /// enterprise it goes through or of the organisation supervising the posting, regulators
    /// and admins.
    ViewApplication { parties: Parties<'a> },
    /// Move an application to state `to` (see [`may_move`]).
    MoveApplication { to: &'a str, parties: Parties<'a> },
    /// List the applications an organisation handles (its own staff).
    ListOrganisationApplications { organisation_id: &'a str },
    /// Review flags such as possible contract substitution (regulators, admins).
    ReviewFlags,
}

/// Who takes part in an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parties<'a> {
    pub worker_id: &'a str,
    pub employer_id: &'a str,
    /// The sending enterprise the worker applied through.
    pub via_id: Option<&'a str>,
    /// The organisation supervising the posting.
    pub supervising_id: Option<&'a str>,
}

/// The part the actor plays in an application, as shown on its timeline: `worker`,
/// `employer`, `sending_enterprise` or `supervising_org`; `None` for anyone else.
pub fn party(actor: &Actor, p: &Parties<'_>) -> Option<&'static str> {
    match actor.role {
        Role::Worker if actor.user_id == p.worker_id => Some("worker"),
        Role::Employer if actor.is_member_of(p.employer_id) => Some("employer"),
        Role::SendingOrg if p.via_id.is_some_and(|v| actor.is_member_of(v)) => {
            Some("sending_enterprise")
        }
        Role::SupervisingOrg if p.supervising_id.is_some_and(|v| actor.is_member_of(v)) => {
            Some("supervising_org")
        }
        _ => None,
    }
}

/// Which party may move an application to `to`. The worker accepts an offer and may withdraw;
/// the employer makes the offer and records the contract and the certificate of eligibility;
/// the employer or the sending enterprise screens, interviews, rejects and records the visa and
/// the departure. Nobody moves an offer to `expired`: only the platform's deadline job does.
pub fn may_move(party: &str, to: &str) -> bool {
    match to {
        "accepted" | "withdrawn" => party == "worker",
        "offered" | "contract_signed" | "coe_issued" => party == "employer",
        "screening" | "interview" | "rejected" | "visa_issued" | "departed" => {
            matches!(party, "employer" | "sending_enterprise")
        }
        _ => false,
    }
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
        Action::ViewApplication { parties } => {
            return scoped(
                matches!(role, Role::Regulator | Role::Admin) || party(actor, &parties).is_some(),
            );
        }
        Action::MoveApplication { to, parties } => {
            let Some(p) = party(actor, &parties) else {
                return scoped(false);
            };
            may_move(p, to)
        }
        Action::ListOrganisationApplications { organisation_id } => {
            return scoped(role.is_staff() && actor.is_member_of(organisation_id));
        }
        Action::ReviewFlags => matches!(role, Role::Regulator | Role::Admin),
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
    fn each_party_moves_only_its_own_steps() {
        let parties = Parties {
            worker_id: "u1",
            employer_id: "E",
            via_id: Some("S"),
            supervising_id: Some("K"),
        };
        let worker = actor(Role::Worker, None);
        let employer = actor(Role::Employer, Some("E"));
        let sending = actor(Role::SendingOrg, Some("S"));
        let supervising = actor(Role::SupervisingOrg, Some("K"));
        let stranger = actor(Role::Employer, Some("X"));
        let moves = |a: &Actor, to: &str| {
            authorize(Some(a), Action::MoveApplication { to, parties }).is_ok()
        };
        assert!(moves(&worker, "accepted") && moves(&worker, "withdrawn"));
        assert!(!moves(&worker, "screening") && !moves(&worker, "offered"));
        assert!(moves(&employer, "offered") && moves(&employer, "contract_signed"));
        assert!(!moves(&employer, "accepted") && !moves(&employer, "withdrawn"));
        assert!(moves(&sending, "screening") && moves(&sending, "departed"));
        assert!(!moves(&sending, "offered") && !moves(&sending, "coe_issued"));
        assert!(!moves(&supervising, "screening"));
        for a in [&worker, &employer, &sending] {
            assert!(!moves(a, "expired"));
        }
        assert!(matches!(
            authorize(
                Some(&stranger),
                Action::MoveApplication {
                    to: "screening",
                    parties
                }
            ),
            Err(CoreError::NotFound)
        ));
        assert!(may(Some(&supervising), Action::ViewApplication { parties }));
        assert!(!may(Some(&stranger), Action::ViewApplication { parties }));
        let other_worker = Actor {
            user_id: "u2".into(),
            ..actor(Role::Worker, None)
        };
        assert!(!may(
            Some(&other_worker),
            Action::ViewApplication { parties }
        ));
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
