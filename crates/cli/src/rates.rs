//! `kakehashi rates import FILE.csv`: loads a bank's dated exchange rates.

use crate::setup::{self, DbArgs};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use kakehashi_core::audit::By;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum RatesCommand {
    /// Import dated rates for the yen: UTF-8 CSV with the header
    /// `date,currency,buying,transfer,selling,source` (and optionally `verification`), rates in
    /// dong per yen with two decimals, `transfer` may be empty. The whole file is checked
    /// first: one bad line and nothing is stored (exit code 1), each bad line reported with its
    /// column and reason. Re-importing the same file changes nothing; a changed rate is
    /// updated, audited.
    Import(ImportRates),
}

#[derive(Args)]
pub struct ImportRates {
    /// The rates file.
    file: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

pub async fn run(cmd: RatesCommand) -> Result<ExitCode> {
    match cmd {
        RatesCommand::Import(a) => {
            let bytes =
                std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
            let core = setup::open(&a.db).await?;
            let report = kakehashi_core::rates::import(&core, By::System("cli-rates"), &bytes)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            for e in &report.errors {
                crate::output::row_error(e.line, e.column.as_deref(), &e.detail, e.code);
            }
            if report.rejected > 0 {
                eprintln!("nothing was imported: {} bad lines", report.rejected);
            }
            println!("{}", report.summary());
            Ok(if report.rejected > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
