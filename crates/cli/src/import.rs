//! `kakehashi import licences FILE.csv`: loads a licence register.

use crate::setup::{self, DbArgs};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use kakehashi_core::audit::By;
use kakehashi_core::jobs::{Registry, Worker, WorkerOptions};
use kakehashi_core::registry::import::{IMPORT_JOB, Importer, import_register};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import a licence register (CSV with the columns licence_number, issued_on, name,
    /// name_romanised, enterprise_code, kind, country, address, phone, website, status; see
    /// data/samples/README.md). The whole file is checked first: one bad row and nothing is
    /// imported (exit code 1) unless --skip-invalid.
    Licences(ImportLicences),
    /// Finish imports that were cut off (a killed command or server): each resumes after its
    /// last written batch. A running server does this by itself.
    Resume(DbArgs),
}

#[derive(Args)]
pub struct ImportLicences {
    /// The register, UTF-8 CSV with a header row.
    file: PathBuf,
    /// Import the good rows and report the bad ones.
    #[arg(long)]
    skip_invalid: bool,
    #[command(flatten)]
    db: DbArgs,
}

pub async fn run(cmd: ImportCommand) -> Result<ExitCode> {
    match cmd {
        ImportCommand::Licences(a) => {
            let bytes =
                std::fs::read(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
            let core = setup::open(&a.db).await?;
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{msg:>8} {bar:40} {percent}% ({eta})")
                    .expect("valid template"),
            );
            let report = import_register(
                &core,
                By::System("cli-import"),
                &bytes,
                a.skip_invalid,
                &|phase, done, total| {
                    bar.set_message(phase.to_owned());
                    bar.set_length(total);
                    bar.set_position(done);
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            bar.finish_and_clear();
            for e in &report.errors {
                let column = e.column.as_deref().unwrap_or("-");
                eprintln!(
                    "line {}, column {column}: {} ({})",
                    e.line, e.detail, e.code
                );
            }
            if !report.written && report.rejected > 0 && !a.skip_invalid {
                eprintln!(
                    "nothing was imported: {} bad rows (use --skip-invalid to import the good ones)",
                    report.rejected
                );
            }
            println!("{}", report.summary());
            Ok(if report.rejected > 0 && !a.skip_invalid {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        ImportCommand::Resume(db) => {
            let core = setup::open(&db).await?;
            let worker = Worker::new(
                core.clone(),
                Registry::new().with(IMPORT_JOB, Importer::new()),
                WorkerOptions::default(),
            );
            let mut resumed = 0;
            while let Some(attempt) = worker
                .run_once()
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                println!("{} {}", attempt.job_id, attempt.state);
                resumed += 1;
            }
            println!("resumed={resumed}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
