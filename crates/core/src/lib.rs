//! Kakehashi's domain services and policies. Every state change goes through here: it is
//! authorised by [`policy`], validated, stored through `kakehashi-store` and audited in the
//! same transaction. This crate knows no SQL and no HTTP.

pub mod accounts;
pub mod audit;
pub mod calculator;
pub mod clock;
mod context;
pub mod crypto;
pub mod demo;
pub mod demo_jobs;
pub mod error;
pub mod idempotency;
pub mod ids;
pub mod jobs;
pub mod notifications;
pub mod organisations;
pub mod password;
pub mod policy;
pub mod postings;
pub mod rates;
pub mod registry;
pub mod roles;
pub mod search;
pub mod sign_in_limit;
pub mod text;

pub use context::{Core, Rules, Settings};
pub use error::{CoreError, CoreResult, FieldError};
pub use kakehashi_i18n::Lang;
pub use roles::{Actor, OrgKind, Role};
