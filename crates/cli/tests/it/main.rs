//! Kakehashi's integration tests: one test binary, every story run on SQLite and on
//! PostgreSQL against the real server over real HTTP.

mod support;

mod api_doc;
mod calc;
mod constraints;
mod disclosure;
mod foundation_accounts;
mod foundation_audit;
mod foundation_http;
mod hiring;
mod i18n_pages;
mod idempotency;
mod identity;
mod import;
mod import_jobs;
mod jobs;
mod lookup_limits;
mod postings;
mod registry;
mod rules_dir;
mod search;
mod security;
mod standing_props;
mod statements;
