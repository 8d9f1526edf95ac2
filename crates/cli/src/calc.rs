//! `kakehashi calc …`: the calculators on the command line (being written).

use anyhow::Result;
use clap::Subcommand;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum CalcCommand {}

pub async fn run(cmd: CalcCommand) -> Result<ExitCode> {
    match cmd {}
}
