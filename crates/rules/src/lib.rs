//! Law as code for the Viet Nam → Japan corridor.
//!
//! Every rate, cap, list and date lives in a data file under `data/rules/` that cites its
//! source. The files are compiled into the binary with `include_str!`, so the platform runs
//! offline; [`RuleFiles::with_overrides`] reads newer files from a directory without a
//! rebuild. Every computation is a pure function that returns the figures *and* the lines
//! that explain them (base, rate, amount, rule id, source).

pub mod data;
pub mod dated;
pub mod error;
pub mod geo;
pub mod hiring;
pub mod payroll;
pub mod recruitment;
pub mod registry;
pub mod source;

pub use data::{DataFile, RuleFiles};
pub use dated::{BeyondData, Dated, Picked};
pub use error::RuleError;
pub use source::Source;
