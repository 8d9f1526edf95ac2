use crate::setup::{self, DbArgs};
use anyhow::Result;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use kakehashi_core::audit::{self, Verdict};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the audit chain and check every record's hash and link; exits 1 naming the first
    /// broken record.
    Verify(DbArgs),
}

pub async fn run(cmd: AuditCommand) -> Result<ExitCode> {
    match cmd {
        AuditCommand::Verify(db) => {
            let core = setup::open(&db).await?;
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} records")
                    .expect("valid template"),
            );
            let verdict = audit::verify(core.db(), |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            bar.finish_and_clear();
            match verdict {
                Verdict::Intact { records } => {
                    println!("audit chain intact: {records} records");
                    Ok(ExitCode::SUCCESS)
                }
                Verdict::Broken { seq, reason } => {
                    println!("audit chain broken at record {seq}: {reason}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
