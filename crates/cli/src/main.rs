//! `kakehashi`: the one binary of the platform.

mod admin;
mod audit;
mod bench;
mod bench_import;
mod bench_registry;
mod bench_relevance;
mod calc;
mod import;
mod output;
mod rates;
mod serve;
mod setup;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kakehashi",
    version,
    about = "Kakehashi (架け橋): fair labour migration from Viet Nam to Japan",
    long_about = "Kakehashi (架け橋): fair labour migration from Viet Nam to Japan.\n\n\
                  With no database URL every command uses the SQLite file kakehashi.db in the \
                  working directory; give --database-url postgres://… (or DATABASE_URL) for PostgreSQL."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (pages and the JSON API).
    Serve(serve::ServeArgs),
    /// Apply database migrations and exit.
    Migrate(setup::DbArgs),
    /// Fill an empty database with the demo data set and print the sign-ins.
    Demo(setup::DbArgs),
    /// Administration: organisations and accounts.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Import data: a licence register.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Exchange rates: import a bank's dated rates.
    #[command(subcommand)]
    Rates(rates::RatesCommand),
    /// Calculators: take-home pay.
    #[command(subcommand)]
    Calc(calc::CalcCommand),
    /// Benchmarks that print their figures.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    setup::init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Migrate(db) => setup::migrate(db).await,
            Command::Demo(db) => setup::demo(db).await,
            Command::Admin(cmd) => admin::run(cmd).await,
            Command::Audit(cmd) => audit::run(cmd).await,
            Command::Import(cmd) => import::run(cmd).await,
            Command::Rates(cmd) => rates::run(cmd).await,
            Command::Calc(cmd) => calc::run(cmd).await,
            Command::Bench(cmd) => bench::run(cmd).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            // Errors may quote a file's content or a path.
            eprintln!("error: {}", output::safe(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
