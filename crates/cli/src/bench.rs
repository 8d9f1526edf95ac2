//! `kakehashi bench …`: benchmarks that print figures and ratios against a baseline measured
//! in the same run (being written).

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum BenchCommand {}

pub async fn run(cmd: BenchCommand) -> Result<ExitCode> {
    match cmd {}
}
