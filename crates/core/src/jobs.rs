//! Background jobs: the platform's one mechanism for work that outlives a request (register
//! imports now; offer expiry, notification delivery and escalations later).
//!
//! A job is a row in `jobs` (kind, JSON payload, state, attempts, due time, lease, progress),
//! queued with [`enqueue`] inside the transaction of the change that asks for it, so it exists
//! exactly when the change does. Every `kakehashi serve` runs [`Worker`]s that claim due jobs
//! of the kinds in their [`Registry`] under a lease, which the worker renews while the job
//! runs: a worker killed mid-job leaves it `running` until the lease runs out, then any
//! instance claims it again (a job that works in steps keeps its resume point with
//! [`Running::checkpoint`], in the same transaction as each step). A failed attempt is tried
//! again after an exponential backoff, until `max_attempts`. Time comes from the core's clock,
//! so tests move it instead of waiting.

use crate::Core;
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use kakehashi_store::Conn;
use kakehashi_store::jobs::{self as store, JobRow};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub use kakehashi_store::jobs::{FAILED, QUEUED, RUNNING, SUCCEEDED};

/// A job's outcome as its handler reports it.
#[derive(Debug, Clone)]
pub enum JobError {
    /// Worth another attempt (the database was busy, a gateway did not answer).
    Retry(String),
    /// Another attempt would fail the same way (bad payload): the job fails now.
    Fatal(String),
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Retry(m) | JobError::Fatal(m) => f.write_str(m),
        }
    }
}

impl From<CoreError> for JobError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Unavailable(_) | CoreError::Busy(_) | CoreError::Internal(_) => {
                JobError::Retry(e.to_string())
            }
            other => JobError::Fatal(other.to_string()),
        }
    }
}

pub type JobFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, JobError>> + Send + 'a>>;

/// Runs jobs of one kind; the value it answers is stored as the job's result.
pub trait Handler: Send + Sync {
    fn run<'a>(&'a self, job: &'a Running) -> JobFuture<'a>;
}

/// The kinds a worker runs and their handlers.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: BTreeMap<&'static str, Arc<dyn Handler>>,
}

impl Registry {
    pub fn new() -> Self {
        Registry::default()
    }

    /// Every kind of job the platform queues.
    pub fn standard() -> Self {
        Registry::new().with(
            crate::registry::import::IMPORT_JOB,
            crate::registry::import::Importer::new(),
        )
    }

    pub fn with(mut self, kind: &'static str, handler: impl Handler + 'static) -> Self {
        self.handlers.insert(kind, Arc::new(handler));
        self
    }

    pub fn kinds(&self) -> Vec<&'static str> {
        self.handlers.keys().copied().collect()
    }
}

/// A job to queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: Value,
    pub max_attempts: i64,
    /// Not before this instant (microseconds); now when `None`.
    pub run_after: Option<i64>,
    /// The account that asked for it (who may see its progress).
    pub created_by: Option<String>,
}

impl NewJob {
    pub fn new(kind: &'static str, payload: impl Serialize) -> Self {
        NewJob {
            kind,
            payload: serde_json::to_value(payload).unwrap_or(Value::Null),
            max_attempts: 5,
            run_after: None,
            created_by: None,
        }
    }
}

/// Queues `job` inside the caller's transaction and returns its id. Call
/// [`Core::job_wake`]`().notify_waiters()` after the commit to start it at once in this process.
pub async fn enqueue(conn: &mut Conn, now: i64, job: NewJob) -> CoreResult<String> {
    let id = new_id();
    store::insert(
        conn,
        &JobRow {
            id: id.clone(),
            kind: job.kind.to_owned(),
            payload: job.payload.to_string(),
            state: QUEUED.to_owned(),
            attempts: 0,
            max_attempts: job.max_attempts.max(1),
            run_after: job.run_after.unwrap_or(now),
            locked_until: None,
            locked_by: None,
            progress_phase: String::new(),
            progress_done: 0,
            progress_total: 0,
            checkpoint: None,
            result: None,
            last_error: None,
            created_by: job.created_by,
            created_at: now,
            updated_at: now,
            finished_at: None,
        },
    )
    .await?;
    Ok(id)
}

/// A job as the system sees it (no authorisation: callers check who may see it).
pub async fn get(core: &Core, id: &str) -> CoreResult<Option<JobRow>> {
    let mut conn = core.db().conn().await?;
    Ok(store::by_id(&mut conn, id).await?)
}

/// How workers claim and retry.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// How long a claim holds without renewal; a dead worker's job is claimed again after it.
    pub lease: Duration,
    /// The wait after the first failed attempt; doubled after each further one.
    pub retry_base: Duration,
    /// The longest wait between attempts.
    pub retry_max: Duration,
    /// How often an idle worker looks for due jobs queued by other instances.
    pub poll: Duration,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            lease: Duration::from_secs(60),
            retry_base: Duration::from_secs(5),
            retry_max: Duration::from_secs(3600),
            poll: Duration::from_secs(2),
        }
    }
}

impl WorkerOptions {
    /// The wait before attempt `attempts + 1`, after `attempts` failed ones.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.retry_base
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.retry_max)
    }
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

/// A claimed job, handed to its handler.
pub struct Running {
    core: Core,
    row: JobRow,
    worker: String,
    lease: Duration,
}

impl Running {
    pub fn core(&self) -> &Core {
        &self.core
    }

    pub fn id(&self) -> &str {
        &self.row.id
    }

    pub fn row(&self) -> &JobRow {
        &self.row
    }

    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, JobError> {
        serde_json::from_str(&self.row.payload)
            .map_err(|e| JobError::Fatal(format!("job payload: {e}")))
    }

    /// The resume point the last committed step left, if any.
    pub fn checkpoint<T: DeserializeOwned>(&self) -> Option<T> {
        self.row
            .checkpoint
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
    }

    fn lease_until(&self) -> i64 {
        self.core.now().saturating_add(micros(self.lease))
    }

    /// Shows progress (its own short write) and renews the lease.
    pub async fn progress(&self, phase: &str, done: u64, total: u64) -> CoreResult<()> {
        let mut conn = self.core.db().conn().await?;
        self.record(&mut conn, phase, done, total, None).await
    }

    /// Records a step's progress and resume point inside the step's own transaction, so the
    /// step and the point it reached commit together. Fails (and so rolls the step back) when
    /// this worker lost the job to another after its lease ran out.
    pub async fn step(
        &self,
        conn: &mut Conn,
        phase: &str,
        done: u64,
        total: u64,
        checkpoint: &impl Serialize,
    ) -> CoreResult<()> {
        let c =
            serde_json::to_string(checkpoint).map_err(|e| CoreError::Internal(e.to_string()))?;
        self.record(conn, phase, done, total, Some(&c)).await
    }

    async fn record(
        &self,
        conn: &mut Conn,
        phase: &str,
        done: u64,
        total: u64,
        checkpoint: Option<&str>,
    ) -> CoreResult<()> {
        let held = store::progress(
            conn,
            &self.row.id,
            &self.worker,
            phase,
            i64::try_from(done).unwrap_or(i64::MAX),
            i64::try_from(total).unwrap_or(i64::MAX),
            checkpoint,
            self.core.now(),
            self.lease_until(),
        )
        .await?;
        if held {
            Ok(())
        } else {
            Err(CoreError::Internal(format!(
                "job {} was claimed by another worker after this one's lease ran out",
                self.row.id
            )))
        }
    }
}

/// Extends the lease of job `id` every third of `lease` until aborted.
async fn renew_while_running(core: Core, id: String, worker: String, lease: Duration) {
    let mut tick = tokio::time::interval((lease / 3).max(Duration::from_millis(100)));
    tick.tick().await;
    loop {
        tick.tick().await;
        let renewed = match core.db().conn().await {
            Ok(mut conn) => {
                let now = core.now();
                store::renew(
                    &mut conn,
                    &id,
                    &worker,
                    now,
                    now.saturating_add(micros(lease)),
                )
                .await
            }
            Err(e) => Err(e),
        };
        if let Err(e) = renewed {
            tracing::warn!(job = %id, error = %e, "could not renew a job's lease");
        }
    }
}

/// What one attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub job_id: String,
    pub kind: String,
    /// The job's state after the attempt: succeeded, queued (to retry) or failed.
    pub state: String,
}

/// Claims and runs jobs of its registry's kinds, one at a time.
#[derive(Clone)]
pub struct Worker {
    core: Core,
    registry: Registry,
    options: WorkerOptions,
    id: String,
}

impl Worker {
    pub fn new(core: Core, registry: Registry, options: WorkerOptions) -> Self {
        Worker {
            core,
            registry,
            options,
            id: format!("worker-{}", new_id()),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Claims one due job and runs it to the end of this attempt; `None` when nothing is due.
    pub async fn run_once(&self) -> CoreResult<Option<Attempt>> {
        let kinds = self.registry.kinds();
        if kinds.is_empty() {
            return Ok(None);
        }
        let now = self.core.now();
        let Some(row) = store::claim(
            self.core.db(),
            &kinds,
            &self.id,
            now,
            now.saturating_add(micros(self.options.lease)),
        )
        .await?
        else {
            return Ok(None);
        };
        let Some(handler) = self.registry.handlers.get(row.kind.as_str()).cloned() else {
            return Err(CoreError::Internal(format!("no handler for {}", row.kind)));
        };
        self.execute(row, handler.as_ref()).await.map(Some)
    }

    /// Claims job `id` if it is due (queued, or running with its lease run out) and runs it
    /// with `handler`, here; `None` when it is not due (another worker holds it, or it ended).
    pub async fn run_job(&self, id: &str, handler: &dyn Handler) -> CoreResult<Option<Attempt>> {
        let now = self.core.now();
        let Some(row) = store::claim_id(
            self.core.db(),
            id,
            &self.id,
            now,
            now.saturating_add(micros(self.options.lease)),
        )
        .await?
        else {
            return Ok(None);
        };
        self.execute(row, handler).await.map(Some)
    }

    async fn execute(&self, row: JobRow, handler: &dyn Handler) -> CoreResult<Attempt> {
        let running = Running {
            core: self.core.clone(),
            row,
            worker: self.id.clone(),
            lease: self.options.lease,
        };
        // Renew the lease while the handler works, so only a dead worker loses its job. On its
        // own task: a renewal waiting for SQLite's write lock must not stop the handler that
        // holds it.
        let renewer = tokio::spawn(renew_while_running(
            self.core.clone(),
            running.row.id.clone(),
            self.id.clone(),
            self.options.lease,
        ));
        let outcome = handler.run(&running).await;
        renewer.abort();
        let mut conn = self.core.db().conn().await?;
        let now = self.core.now();
        let row = &running.row;
        let state = match outcome {
            Ok(result) => {
                store::finish(
                    &mut conn,
                    &row.id,
                    &self.id,
                    SUCCEEDED,
                    Some(&result.to_string()),
                    None,
                    now,
                )
                .await?;
                SUCCEEDED
            }
            Err(JobError::Retry(m)) if row.attempts < row.max_attempts => {
                let after = now.saturating_add(micros(self.options.backoff(row.attempts)));
                tracing::warn!(job = %row.id, kind = %row.kind, attempt = row.attempts, error = %m, "job failed; will retry");
                store::retry_later(&mut conn, &row.id, &self.id, &m, after, now).await?;
                QUEUED
            }
            Err(e) => {
                tracing::warn!(job = %row.id, kind = %row.kind, attempt = row.attempts, error = %e, "job failed");
                store::finish(
                    &mut conn,
                    &row.id,
                    &self.id,
                    FAILED,
                    None,
                    Some(&e.to_string()),
                    now,
                )
                .await?;
                FAILED
            }
        };
        Ok(Attempt {
            job_id: row.id.clone(),
            kind: row.kind.clone(),
            state: state.to_owned(),
        })
    }

    /// Runs jobs until `stop` turns true: at once when woken ([`Core::job_wake`]), otherwise
    /// every `poll`. A job still running when the process ends is claimed again after its lease.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let wake = self.core.job_wake().notified();
            match self.run_once().await {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(e) => tracing::warn!(worker = %self.id, error = %e, "job worker"),
            }
            tokio::select! {
                () = wake => {}
                () = tokio::time::sleep(self.options.poll) => {}
                _ = stop.changed() => {}
            }
        }
    }
}

/// Forgets finished jobs older than `age`.
pub async fn purge(core: &Core, age: Duration) -> CoreResult<u64> {
    let mut conn = core.db().conn().await?;
    Ok(store::purge_finished(&mut conn, core.now().saturating_sub(micros(age))).await?)
}
