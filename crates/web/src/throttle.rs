//! Throttling of anonymous registry look-ups per client address, in memory: each instance
//! keeps its own counts, so behind a load balancer the limit is per instance (N instances let
//! an address make up to N times as many look-ups). Signed-in people are not throttled here.
//! Time comes from the core's clock, so tests move it instead of sleeping.

use crate::error::Failure;
use axum::http::StatusCode;
use governor::clock::{Clock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use kakehashi_core::Core;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How many anonymous look-ups one address may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LookupRate {
    /// Sustained rate.
    pub per_minute: u32,
    /// Look-ups allowed at once before the rate applies.
    pub burst: u32,
}

impl Default for LookupRate {
    fn default() -> Self {
        LookupRate {
            per_minute: 60,
            burst: 30,
        }
    }
}

/// The core's clock as governor's, made monotonic: when the clock steps back (a wall clock
/// corrected, a test's clock set to an earlier date), time goes on from where it was instead
/// of leaving every address throttled until the clock catches up.
#[derive(Clone)]
struct CoreClock {
    core: Core,
    /// (the last instant given, what to add to the clock's reading), in microseconds.
    state: std::sync::Arc<std::sync::Mutex<(i64, i64)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Micros(Duration);

impl std::ops::Add<governor::nanos::Nanos> for Micros {
    type Output = Micros;
    fn add(self, d: governor::nanos::Nanos) -> Micros {
        Micros(self.0 + Duration::from(d))
    }
}

impl Reference for Micros {
    fn duration_since(&self, earlier: Self) -> governor::nanos::Nanos {
        self.0.saturating_sub(earlier.0).into()
    }
    fn saturating_sub(&self, d: governor::nanos::Nanos) -> Self {
        Micros(self.0.saturating_sub(d.into()))
    }
}

impl Clock for CoreClock {
    type Instant = Micros;
    fn now(&self) -> Micros {
        let read = self.core.now();
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (last, offset) = &mut *state;
        if read.saturating_add(*offset) < *last {
            *offset = *last - read;
        }
        *last = read.saturating_add(*offset);
        Micros(Duration::from_micros(
            u64::try_from(*last).unwrap_or_default(),
        ))
    }
}

pub struct LookupLimiter {
    limiter: RateLimiter<String, DashMapStateStore<String>, CoreClock, NoOpMiddleware<Micros>>,
    clock: CoreClock,
    checks: AtomicU64,
}

/// Addresses are forgotten once their allowance is full again; this often.
const FORGET_EVERY: u64 = 4096;

impl LookupLimiter {
    pub fn new(core: &Core, rate: LookupRate) -> Option<LookupLimiter> {
        let per_minute = NonZeroU32::new(rate.per_minute)?;
        let burst = NonZeroU32::new(rate.burst.max(1))?;
        let clock = CoreClock {
            core: core.clone(),
            state: Default::default(),
        };
        Some(LookupLimiter {
            limiter: RateLimiter::dashmap_with_clock(
                Quota::per_minute(per_minute).allow_burst(burst),
                clock.clone(),
            ),
            clock,
            checks: AtomicU64::new(0),
        })
    }

    /// Counts one look-up from `address`; 429 with the seconds to wait when it is one too many.
    pub fn check(&self, address: &str) -> Result<(), Failure> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % FORGET_EVERY == FORGET_EVERY - 1 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter
            .check_key(&address.to_owned())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.clock.now());
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                Failure {
                    retry_after: Some(secs.max(1)),
                    ..Failure::new(StatusCode::TOO_MANY_REQUESTS, "lookup_rate_limited")
                }
                .with_param("retry_after", secs.max(1))
            })
    }
}
