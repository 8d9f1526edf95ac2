//! The background-job queue on both databases: a job runs once, a failed attempt is retried
//! after an exponential backoff measured on the core's clock, a job whose worker died is
//! claimed again when its lease runs out, and concurrent workers never run a job twice.

use crate::both;
use jiff::SignedDuration;
use kakehashi_core::jobs::{
    self, Handler, JobError, JobFuture, NewJob, Registry, Running, Worker, WorkerOptions,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Counts its runs per job and fails the first `failures` attempts of each (retryably).
#[derive(Clone, Default)]
struct Counting {
    runs: Arc<Mutex<BTreeMap<String, u32>>>,
    failures: u32,
    fatal: bool,
}

impl Handler for Counting {
    fn run<'a>(&'a self, job: &'a Running) -> JobFuture<'a> {
        Box::pin(async move {
            let n = {
                let mut runs = self.runs.lock().expect("lock");
                let n = runs.entry(job.id().to_owned()).or_default();
                *n += 1;
                *n
            };
            let payload: Value = job.payload()?;
            job.progress("counting", 1, 1).await?;
            if n <= self.failures {
                return Err(if self.fatal {
                    JobError::Fatal(format!("refused on run {n}"))
                } else {
                    JobError::Retry(format!("busy on run {n}"))
                });
            }
            Ok(json!({ "echo": payload, "run": n }))
        })
    }
}

fn options() -> WorkerOptions {
    WorkerOptions {
        lease: Duration::from_secs(60),
        retry_base: Duration::from_secs(5),
        retry_max: Duration::from_secs(3600),
        poll: Duration::from_millis(50),
    }
}

async fn queue(core: &kakehashi_core::Core, job: NewJob) -> String {
    let mut tx = core.db().begin().await.expect("tx");
    let id = jobs::enqueue(&mut tx, core.now(), job)
        .await
        .expect("enqueue");
    tx.commit().await.expect("commit");
    id
}

both!(
    a_job_runs_once_and_keeps_its_result,
    |app: crate::support::TestApp| async move {
        let handler = Counting::default();
        let worker = Worker::new(
            app.core.clone(),
            Registry::new().with("test.count", handler.clone()),
            options(),
        );
        assert_eq!(worker.run_once().await.expect("idle"), None);
        let id = queue(&app.core, NewJob::new("test.count", json!({ "n": 7 }))).await;
        // A job of a kind this worker does not run stays queued.
        let other = queue(&app.core, NewJob::new("test.other", json!({}))).await;
        let attempt = worker.run_once().await.expect("runs").expect("a job");
        assert_eq!(
            (attempt.job_id.as_str(), attempt.state.as_str()),
            (id.as_str(), "succeeded")
        );
        assert_eq!(worker.run_once().await.expect("idle"), None);
        let row = jobs::get(&app.core, &id).await.expect("get").expect("job");
        assert_eq!(row.state, "succeeded");
        assert_eq!(row.attempts, 1);
        assert_eq!(
            (
                row.progress_phase.as_str(),
                row.progress_done,
                row.progress_total
            ),
            ("counting", 1, 1)
        );
        let result: Value =
            serde_json::from_str(row.result.as_deref().expect("result")).expect("json");
        assert_eq!(result, json!({ "echo": { "n": 7 }, "run": 1 }));
        assert_eq!(row.finished_at, Some(app.core.now()));
        let other = jobs::get(&app.core, &other)
            .await
            .expect("get")
            .expect("job");
        assert_eq!((other.state.as_str(), other.attempts), ("queued", 0));
    }
);

both!(
    a_failed_attempt_is_retried_after_a_growing_backoff,
    |app: crate::support::TestApp| async move {
        let handler = Counting {
            failures: 2,
            ..Counting::default()
        };
        let worker = Worker::new(
            app.core.clone(),
            Registry::new().with("test.count", handler.clone()),
            options(),
        );
        let id = queue(&app.core, NewJob::new("test.count", json!({}))).await;
        let start = app.core.now();
        let first = worker.run_once().await.expect("runs").expect("a job");
        assert_eq!(first.state, "queued");
        let row = jobs::get(&app.core, &id).await.expect("get").expect("job");
        assert_eq!(
            row.run_after,
            start + 5_000_000,
            "first retry after the base wait"
        );
        assert_eq!(row.last_error.as_deref(), Some("busy on run 1"));
        // Not due yet: nothing to claim until the clock reaches run_after.
        app.clock.advance(SignedDuration::from_secs(4));
        assert_eq!(worker.run_once().await.expect("idle"), None);
        app.clock.advance(SignedDuration::from_secs(1));
        assert_eq!(
            worker.run_once().await.expect("runs").expect("due").state,
            "queued"
        );
        let row = jobs::get(&app.core, &id).await.expect("get").expect("job");
        assert_eq!(
            row.run_after,
            app.core.now() + 10_000_000,
            "the wait doubles"
        );
        app.clock.advance(SignedDuration::from_secs(10));
        assert_eq!(
            worker.run_once().await.expect("runs").expect("due").state,
            "succeeded"
        );
        let row = jobs::get(&app.core, &id).await.expect("get").expect("job");
        assert_eq!((row.state.as_str(), row.attempts), ("succeeded", 3));
    }
);

both!(
    a_job_fails_after_its_last_attempt_or_a_fatal_error,
    |app: crate::support::TestApp| async move {
        let retrying = Counting {
            failures: 10,
            ..Counting::default()
        };
        let fatal = Counting {
            failures: 10,
            fatal: true,
            ..Counting::default()
        };
        let worker = Worker::new(
            app.core.clone(),
            Registry::new()
                .with("test.retry", retrying)
                .with("test.fatal", fatal),
            options(),
        );
        let limited = queue(
            &app.core,
            NewJob {
                max_attempts: 2,
                ..NewJob::new("test.retry", json!({}))
            },
        )
        .await;
        let refused = queue(&app.core, NewJob::new("test.fatal", json!({}))).await;
        let mut states = BTreeMap::new();
        for _ in 0..2 {
            while let Some(a) = worker.run_once().await.expect("runs") {
                states.insert(a.job_id, a.state);
            }
            app.clock.advance(SignedDuration::from_secs(3600));
        }
        assert_eq!(states[&limited], "failed");
        assert_eq!(states[&refused], "failed");
        let row = jobs::get(&app.core, &limited)
            .await
            .expect("get")
            .expect("job");
        assert_eq!(
            (row.attempts, row.last_error.as_deref()),
            (2, Some("busy on run 2"))
        );
        let row = jobs::get(&app.core, &refused)
            .await
            .expect("get")
            .expect("job");
        assert_eq!(row.attempts, 1, "a fatal error is not retried");
    }
);

both!(
    a_dead_workers_job_is_claimed_again_after_its_lease,
    |app: crate::support::TestApp| async move {
        let id = queue(&app.core, NewJob::new("test.count", json!({}))).await;
        // A worker claims the job and dies: nothing renews its lease or finishes it.
        let now = app.core.now();
        let claimed = kakehashi_store::jobs::claim(
            app.core.db(),
            &["test.count"],
            "dead",
            now,
            now + 60_000_000,
        )
        .await
        .expect("claim")
        .expect("the job");
        assert_eq!(claimed.id, id);
        let handler = Counting::default();
        let worker = Worker::new(
            app.core.clone(),
            Registry::new().with("test.count", handler.clone()),
            options(),
        );
        assert_eq!(
            worker.run_once().await.expect("idle"),
            None,
            "held while the lease runs"
        );
        app.clock.advance(SignedDuration::from_secs(60));
        let attempt = worker
            .run_once()
            .await
            .expect("runs")
            .expect("claimed again");
        assert_eq!(
            (attempt.job_id.as_str(), attempt.state.as_str()),
            (id.as_str(), "succeeded")
        );
        let row = jobs::get(&app.core, &id).await.expect("get").expect("job");
        assert_eq!(row.attempts, 2);
        // The dead worker, were it to wake, can no longer touch the job.
        let mut conn = app.core.db().conn().await.expect("conn");
        assert!(
            !kakehashi_store::jobs::finish(
                &mut conn,
                &id,
                "dead",
                "failed",
                None,
                Some("late"),
                now
            )
            .await
            .expect("query")
        );
        let row = jobs::get(&app.core, &id).await.expect("get").expect("job");
        assert_eq!(row.state, "succeeded");
    }
);

both!(
    concurrent_workers_run_each_job_once,
    |app: crate::support::TestApp| async move {
        let handler = Counting::default();
        let registry = Registry::new().with("test.count", handler.clone());
        let mut ids = Vec::new();
        for n in 0..24 {
            ids.push(queue(&app.core, NewJob::new("test.count", json!({ "n": n }))).await);
        }
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let worker = Worker::new(app.core.clone(), registry.clone(), options());
            tasks.push(tokio::spawn(async move {
                let mut done = 0;
                while worker.run_once().await.expect("runs").is_some() {
                    done += 1;
                }
                done
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.expect("task");
        }
        assert_eq!(total, 24);
        let runs = handler.runs.lock().expect("lock").clone();
        assert_eq!(runs.len(), 24);
        assert!(runs.values().all(|n| *n == 1), "{runs:?}");
        for id in ids {
            assert_eq!(
                jobs::get(&app.core, &id)
                    .await
                    .expect("get")
                    .expect("job")
                    .state,
                "succeeded"
            );
        }
    }
);

/// Tells the test each job it finished.
struct Signalling(tokio::sync::mpsc::UnboundedSender<String>);

impl Handler for Signalling {
    fn run<'a>(&'a self, job: &'a Running) -> JobFuture<'a> {
        Box::pin(async move {
            let _ = self.0.send(job.id().to_owned());
            Ok(Value::Null)
        })
    }
}

both!(
    a_waiting_worker_is_woken_by_a_new_job,
    |app: crate::support::TestApp| async move {
        let (done, mut finished) = tokio::sync::mpsc::unbounded_channel();
        // It polls only hourly: running the job at once proves the wake-up.
        let worker = Worker::new(
            app.core.clone(),
            Registry::new().with("test.signal", Signalling(done)),
            WorkerOptions {
                poll: Duration::from_secs(3600),
                ..options()
            },
        );
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let task = tokio::spawn(worker.run(stopping));
        let id = queue(&app.core, NewJob::new("test.signal", json!({}))).await;
        // Committed before the wake-up: a worker not yet waiting finds the job when it looks.
        app.core.job_wake().notify_waiters();
        let ran = tokio::time::timeout(Duration::from_secs(30), finished.recv())
            .await
            .expect("woken long before the next poll");
        assert_eq!(ran.as_deref(), Some(id.as_str()));
        stop.send(true).expect("stop");
        task.await.expect("worker stops");
    }
);
