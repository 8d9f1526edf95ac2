//! What every command needs: the database, the keys, the clock.

use anyhow::{Context, Result, bail};
use clap::Args;
use kakehashi_core::clock::SystemClock;
use kakehashi_core::crypto::Keys;
use kakehashi_core::{Core, Rules, Settings};
use kakehashi_store::Db;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://kakehashi.db";
const KEY_FILE: &str = "kakehashi.key";

#[derive(Args, Clone)]
pub struct DbArgs {
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB [default: sqlite://kakehashi.db]
    // The URL may carry a password: `--help` must not print it from the environment.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The 32-byte master key (base64) that seals personal data at rest. Without it a key file
    /// kakehashi.key in the working directory is used, created on first run.
    #[arg(long, env = "KAKEHASHI_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// Earlier master keys, comma-separated, still needed to open data sealed before a rotation.
    #[arg(
        long,
        env = "KAKEHASHI_PREVIOUS_SECRET_KEYS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub previous_secret_keys: Vec<String>,
    #[command(flatten)]
    pub rules: RulesArgs,
}

/// Where the rule tables come from.
#[derive(Args, Clone, Default)]
pub struct RulesArgs {
    /// A directory of rule files with the same relative names as under data/rules/ (e.g.
    /// recruitment/minimum-wages.csv); each file there replaces the compiled-in one.
    #[arg(long, env = "KAKEHASHI_RULES_DIR", value_name = "DIR")]
    pub rules_dir: Option<PathBuf>,
}

impl RulesArgs {
    /// The compiled-in tables, or those with the directory's files in their place; a file that
    /// does not load stops the command, naming it.
    pub fn load(&self) -> Result<Rules> {
        match self
            .rules_dir
            .as_deref()
            .filter(|d| !d.as_os_str().is_empty())
        {
            Some(dir) => Rules::load(dir)
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(|| format!("loading the rule files in {}", dir.display())),
            None => Ok(Rules::embedded()),
        }
    }
}

impl DbArgs {
    pub fn url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned())
    }
}

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn keys(args: &DbArgs) -> Result<Keys> {
    let previous: Vec<&str> = args
        .previous_secret_keys
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    let current = match &args.secret_key {
        Some(k) if !k.trim().is_empty() => k.clone(),
        _ => {
            let path = Path::new(KEY_FILE);
            if path.exists() {
                std::fs::read_to_string(path).with_context(|| format!("reading {KEY_FILE}"))?
            } else {
                let secret = Keys::generate_secret();
                write_key_file(path, &secret)?;
                eprintln!(
                    "note: created {KEY_FILE}, the key that seals personal data; back it up, and set \
                     KAKEHASHI_SECRET_KEY on every instance in production"
                );
                secret
            }
        }
    };
    Keys::from_base64(&current, &previous).context("KAKEHASHI_SECRET_KEY")
}

fn write_key_file(path: &Path, secret: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(secret.as_bytes())?;
    Ok(())
}

/// Connects, migrates and builds the core services with the rule tables the arguments name.
pub async fn open(args: &DbArgs) -> Result<Core> {
    open_with(args, Settings::default()).await
}

/// [`open`] with other core settings.
pub async fn open_with(args: &DbArgs, settings: Settings) -> Result<Core> {
    let url = args.url();
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    db.migrate().await.context("applying migrations")?;
    let keys = keys(args)?;
    let rules = args.rules.load()?;
    Ok(Core::new(db, Arc::new(SystemClock), keys, settings).with_rules(rules))
}

/// The URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    kakehashi_store::redact_url(url)
}

pub async fn migrate(args: DbArgs) -> Result<ExitCode> {
    open(&args).await?;
    println!("migrations applied to {}", redact(&args.url()));
    Ok(ExitCode::SUCCESS)
}

pub async fn demo(args: DbArgs) -> Result<ExitCode> {
    let core = open(&args).await?;
    load_demo(&core).await?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the demo data set if the database is empty and prints the sign-ins.
pub async fn load_demo(core: &Core) -> Result<()> {
    match kakehashi_core::demo::load_with_jobs(core)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        Some(sign_ins) => {
            println!(
                "Demo data loaded. Sign in with any of these (password: {}):",
                kakehashi_core::demo::DEMO_PASSWORD
            );
            for s in sign_ins {
                println!("  {:<16} {:<32} {}", s.role, s.email, s.name);
            }
        }
        None => println!(
            "The database already has data; the demo was not loaded again. Demo sign-ins use the password {}.",
            kakehashi_core::demo::DEMO_PASSWORD
        ),
    }
    Ok(())
}

pub fn bail_on<T>(r: kakehashi_core::CoreResult<T>) -> Result<T> {
    match r {
        Ok(v) => Ok(v),
        Err(kakehashi_core::CoreError::Invalid(errors)) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| {
                    let params: Vec<String> =
                        e.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
                    format!(
                        "--{}: {} {}",
                        e.field.replace('_', "-"),
                        e.code,
                        params.join(" ")
                    )
                })
                .collect();
            bail!("invalid input:\n  {}", lines.join("\n  "))
        }
        Err(e) => bail!("{e}"),
    }
}
