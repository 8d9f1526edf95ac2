use crate::clock::Clock;
use crate::crypto::Keys;
use kakehashi_rules::RuleFiles;
use kakehashi_rules::geo::Geo;
use kakehashi_rules::payroll::PayrollRules;
use kakehashi_rules::recruitment::RecruitmentRules;
use kakehashi_rules::registry::RegistryRules;
use kakehashi_store::Db;
use std::sync::Arc;

/// Tunables with safe defaults; the CLI fills them from flags and the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without a request (staff).
    pub staff_session_idle_secs: i64,
    /// The same for workers, who sign in from their own phones and come back weeks later.
    pub worker_session_idle_secs: i64,
    /// The window of the pair, address and known-device sign-in limits (see
    /// [`crate::sign_in_limit`]).
    pub sign_in_window_secs: i64,
    /// Failed attempts allowed per account and address pair in the window.
    pub sign_in_max_per_pair: i64,
    /// Failed attempts allowed per client address in the window, over all accounts (an office
    /// or a training centre may share one address).
    pub sign_in_max_per_address: i64,
    /// The window of the account-wide limit.
    pub sign_in_account_window_secs: i64,
    /// Failed attempts on an account, from all addresses, before each address is allowed only
    /// its first attempt of the window.
    pub sign_in_max_per_account: i64,
    /// Failed attempts allowed per known device and account in the window.
    pub sign_in_max_per_device: i64,
    /// How long a browser stays a known device after its last sign-in.
    pub known_device_secs: i64,
    /// Where the search index keeps its snapshot (`KAKEHASHI_SEARCH_DIR`); none: rebuilt from
    /// the database at every start.
    pub search_dir: Option<std::path::PathBuf>,
    /// How often each instance reads the search outbox.
    pub search_poll_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            staff_session_idle_secs: 12 * 3600,
            worker_session_idle_secs: 14 * 24 * 3600,
            sign_in_window_secs: 15 * 60,
            sign_in_max_per_pair: 5,
            sign_in_max_per_address: 100,
            sign_in_account_window_secs: 3600,
            sign_in_max_per_account: 20,
            sign_in_max_per_device: 10,
            known_device_secs: 180 * 24 * 3600,
            search_dir: None,
            search_poll_ms: 100,
        }
    }
}

/// Everything a service needs: the database, the clock, the keys and the settings. Cheap to
/// clone.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    clock: Arc<dyn Clock>,
    keys: Keys,
    settings: Settings,
    rules: Rules,
    search: crate::search::Search,
    /// Wakes this process's job workers when a job is queued (others poll).
    job_wake: Arc<tokio::sync::Notify>,
}

/// The law-as-code tables a server runs with: the copies compiled into the binary, or newer
/// files from a directory (`KAKEHASHI_RULES_DIR`) loaded once at start-up. Pages, the API
/// and the CLI read rule data only through these.
#[derive(Clone, Copy)]
pub struct Rules {
    pub payroll: &'static PayrollRules,
    pub recruitment: &'static RecruitmentRules,
    pub geo: &'static Geo,
    pub registry: &'static RegistryRules,
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rules")
    }
}

impl Rules {
    pub fn embedded() -> Rules {
        Rules {
            payroll: PayrollRules::embedded(),
            recruitment: RecruitmentRules::embedded(),
            geo: Geo::embedded(),
            registry: RegistryRules::embedded(),
        }
    }

    /// Loads every table with the files in `dir` replacing the embedded ones of the same
    /// relative name (`recruitment/minimum-wages.csv` …). A file that does not parse or breaks
    /// a table's consistency fails the load, naming the file. The tables live as long as the
    /// process (loaded once, at start-up).
    pub fn load(dir: &std::path::Path) -> Result<Rules, kakehashi_rules::RuleError> {
        if !dir.is_dir() {
            return Err(kakehashi_rules::RuleError::Data {
                file: dir.display().to_string(),
                reason: "not a directory".into(),
            });
        }
        let files = RuleFiles::with_overrides(dir);
        Ok(Rules {
            payroll: Box::leak(Box::new(PayrollRules::load(&files)?)),
            recruitment: Box::leak(Box::new(RecruitmentRules::load(&files)?)),
            geo: Box::leak(Box::new(Geo::load(&files)?)),
            registry: Box::leak(Box::new(RegistryRules::load(&files)?)),
        })
    }
}

impl Core {
    pub fn new(db: Db, clock: Arc<dyn Clock>, keys: Keys, settings: Settings) -> Self {
        Core {
            inner: Arc::new(Inner {
                db,
                clock,
                keys,
                settings,
                rules: Rules::embedded(),
                search: Default::default(),
                job_wake: Arc::new(tokio::sync::Notify::new()),
            }),
        }
    }

    /// The same core with other rule tables.
    pub fn with_rules(self, rules: Rules) -> Self {
        let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|arc| Inner {
            db: arc.db.clone(),
            clock: arc.clock.clone(),
            keys: arc.keys.clone(),
            settings: arc.settings.clone(),
            rules: arc.rules,
            search: Default::default(),
            job_wake: arc.job_wake.clone(),
        });
        Core {
            inner: Arc::new(Inner { rules, ..inner }),
        }
    }

    pub fn rules(&self) -> Rules {
        self.inner.rules
    }

    /// The signal this process's job workers wait on between polls.
    pub fn job_wake(&self) -> &tokio::sync::Notify {
        &self.inner.job_wake
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    pub fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    /// This instance's search index.
    pub fn search(&self) -> &crate::search::Search {
        &self.inner.search
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Now, in storage form (microseconds since the epoch).
    pub fn now(&self) -> i64 {
        self.inner.clock.now_micros()
    }

    pub fn today(&self) -> jiff::civil::Date {
        self.inner.clock.today()
    }
}
