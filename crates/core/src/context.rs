use crate::clock::Clock;
use crate::crypto::Keys;
use kakehashi_store::Db;
use std::sync::Arc;

/// Tunables with safe defaults; the CLI fills them from flags and the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without a request (staff).
    pub staff_session_idle_secs: i64,
    /// The same for workers, who sign in from their own phones and come back weeks later.
    pub worker_session_idle_secs: i64,
    /// Sign-in throttling window.
    pub sign_in_window_secs: i64,
    /// Failed attempts allowed per account in the window.
    pub sign_in_max_per_account: i64,
    /// Failed attempts allowed per client address in the window (an office may share one).
    pub sign_in_max_per_address: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            staff_session_idle_secs: 12 * 3600,
            worker_session_idle_secs: 14 * 24 * 3600,
            sign_in_window_secs: 15 * 60,
            sign_in_max_per_account: 5,
            sign_in_max_per_address: 50,
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
}

impl Core {
    pub fn new(db: Db, clock: Arc<dyn Clock>, keys: Keys, settings: Settings) -> Self {
        Core {
            inner: Arc::new(Inner {
                db,
                clock,
                keys,
                settings,
            }),
        }
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
