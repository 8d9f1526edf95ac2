//! Persistence for Kakehashi.
//!
//! One SQL text per query serves both databases: every query goes through sqlx's `Any`
//! driver, and the schema keeps to what both dialects share (ids as text, instants as
//! integer microseconds since the Unix epoch, civil dates as `YYYY-MM-DD` text, money as
//! integers, flags as 0/1 integers, JSON as text, `$N` placeholders). Only what is truly
//! dialect-specific is written twice: the migrations, and the few statements that
//! [`Backend`] selects between.

pub mod audit;
pub mod bulk;
mod db;
pub mod error;
pub mod exchange_rates;
pub mod hiring;
pub mod idempotency;
pub mod jobs;
pub mod notifications;
pub mod organisations;
pub mod postings;
mod redact;
pub mod registry;
pub mod search_outbox;
pub mod sessions;
pub mod sign_in;
pub mod sql;
pub mod testing;
pub mod users;

pub use db::{Backend, Conn, Db, Tx};
pub use error::{Constraint, ConstraintKind, StoreError, StoreResult};
pub use redact::{redact_url, scrub};
