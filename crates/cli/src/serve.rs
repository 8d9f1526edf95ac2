use crate::setup::{self, DbArgs};
use anyhow::{Context, Result};
use clap::Args;
use kakehashi_core::jobs::{Registry, Worker, WorkerOptions};
use kakehashi_web::server::ConnectionLimits;
use kakehashi_web::throttle::LookupRate;
use kakehashi_web::{AppState, WebConfig};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "KAKEHASHI_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Fill an empty database with the demo data set and print the demo sign-ins.
    #[arg(long)]
    demo: bool,
    /// The address people reach the platform at; https:// makes cookies Secure.
    #[arg(long, env = "KAKEHASHI_PUBLIC_URL")]
    public_url: Option<String>,
    /// Trust X-Forwarded-For and X-Forwarded-Proto (only behind a load balancer you run).
    #[arg(long, env = "KAKEHASHI_TRUST_PROXY")]
    trust_proxy: bool,
    /// With --trust-proxy: how many proxies of yours stand in front. The client's address is
    /// taken that many entries from the right of X-Forwarded-For; entries further left were
    /// written by the client.
    #[arg(long, env = "KAKEHASHI_TRUSTED_PROXIES", default_value_t = 1)]
    trusted_proxies: usize,
    /// Seconds before a request is abandoned with 503.
    #[arg(long, env = "KAKEHASHI_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    request_timeout_secs: u64,
    /// Largest JSON or form body, in bytes.
    #[arg(long, env = "KAKEHASHI_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    max_body_bytes: usize,
    /// Seconds between enforcement sweeps, which notify workers whose application goes
    /// through an organisation that has just lost (or regained) good standing.
    #[arg(
        long,
        env = "KAKEHASHI_ENFORCEMENT_INTERVAL_SECS",
        default_value_t = 300
    )]
    enforcement_interval_secs: u64,
    /// Anonymous registry look-ups one client address may make per minute on this instance
    /// (0: unlimited), after a burst of `--lookup-burst`.
    #[arg(long, env = "KAKEHASHI_LOOKUP_RATE_PER_MINUTE", default_value_t = 60)]
    lookup_rate_per_minute: u32,
    #[arg(long, env = "KAKEHASHI_LOOKUP_BURST", default_value_t = 30)]
    lookup_burst: u32,
    /// Seconds a client has to send a request's headers (from the connection's opening, then
    /// from the first byte of each next request).
    #[arg(long, env = "KAKEHASHI_HEADER_READ_TIMEOUT_SECS", default_value_t = 10)]
    header_read_timeout_secs: u64,
    /// Seconds a kept-alive connection may sit idle between requests.
    #[arg(long, env = "KAKEHASHI_IDLE_TIMEOUT_SECS", default_value_t = 75)]
    idle_timeout_secs: u64,
    /// Connections served at once; beyond them a connection is answered 503. Default: 4096, or
    /// less when the file-descriptor limit (ulimit -n) requires it.
    #[arg(long, env = "KAKEHASHI_MAX_CONNECTIONS")]
    max_connections: Option<usize>,
    /// Serve Prometheus metrics at http://ADDR/metrics (an address your monitoring reaches and
    /// the public does not). Without it no metrics are served.
    #[arg(long, env = "KAKEHASHI_METRICS_ADDR")]
    metrics_addr: Option<String>,
    /// Background-job workers in this instance (register imports and other queued work; every
    /// instance's workers share one queue).
    #[arg(long, env = "KAKEHASHI_JOB_WORKERS", default_value_t = 2)]
    job_workers: usize,
    /// Largest upload (the licence register), in bytes.
    #[arg(long, env = "KAKEHASHI_MAX_UPLOAD_BYTES", default_value_t = 64 * 1024 * 1024)]
    max_upload_bytes: usize,
    /// Where the search index keeps its snapshot, so a restart need not read every posting
    /// again; without it the index is rebuilt from the database at every start.
    #[arg(long, env = "KAKEHASHI_SEARCH_DIR", value_name = "DIR")]
    search_dir: Option<std::path::PathBuf>,
    /// Milliseconds between reads of the search outbox (how soon a change made through
    /// another instance is found here).
    #[arg(long, env = "KAKEHASHI_SEARCH_POLL_MS", default_value_t = 100)]
    search_poll_ms: u64,
    #[command(flatten)]
    db: DbArgs,
}

pub async fn run(args: ServeArgs) -> Result<ExitCode> {
    let settings = kakehashi_core::Settings {
        search_dir: args
            .search_dir
            .clone()
            .filter(|d| !d.as_os_str().is_empty()),
        search_poll_ms: args.search_poll_ms.max(10),
        ..Default::default()
    };
    let core = setup::open_with(&args.db, settings).await?;
    if args.demo {
        setup::load_demo(&core).await?;
    }
    // The index is ready (read from its snapshot or rebuilt) before the first request.
    core.search()
        .ready(&core)
        .await
        .map_err(|e| anyhow::anyhow!("building the search index: {e}"))?;
    core.search().follow(&core);
    let https = args
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let config = WebConfig {
        secure_cookies: https,
        strict_transport_security: https,
        trust_proxy: args.trust_proxy,
        trusted_proxies: args.trusted_proxies,
        max_body_bytes: args.max_body_bytes,
        max_upload_bytes: args.max_upload_bytes,
        request_timeout: Duration::from_secs(args.request_timeout_secs),
        lookup_rate: (args.lookup_rate_per_minute > 0).then_some(LookupRate {
            per_minute: args.lookup_rate_per_minute,
            burst: args.lookup_burst,
        }),
        connections: ConnectionLimits {
            header_read_timeout: Duration::from_secs(args.header_read_timeout_secs.max(1)),
            idle_timeout: Duration::from_secs(args.idle_timeout_secs.max(1)),
            max_connections: max_connections(args.max_connections),
        },
    };
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("listening on {}", args.addr))?;
    let local = listener.local_addr()?;
    println!(
        "Kakehashi is listening on http://{local} (database: {})",
        setup::redact(&args.db.url())
    );
    let state = AppState::new(core.clone(), config);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let stopped_rx = stopping.clone();
    let stopped = move || {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|s| *s).await;
        }
    };
    let metrics = match &args.metrics_addr {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("listening on {addr} for metrics"))?;
            println!("Metrics at http://{}/metrics", listener.local_addr()?);
            Some(tokio::spawn(kakehashi_web::serve_metrics(
                listener,
                state.clone(),
                stopped(),
            )))
        }
        None => None,
    };
    let sweeper = tokio::spawn(enforcement_loop(
        core.clone(),
        Duration::from_secs(args.enforcement_interval_secs.max(1)),
    ));
    let workers: Vec<_> = (0..args.job_workers)
        .map(|_| {
            let worker = Worker::new(core.clone(), Registry::standard(), WorkerOptions::default());
            let mut stopping = stopped_rx.clone();
            tokio::spawn(async move {
                tokio::select! {
                    () = worker.run(stopping.clone()) => {}
                    _ = stopping.wait_for(|s| *s) => {}
                }
            })
        })
        .collect();
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    kakehashi_web::serve(listener, state, stopped()).await?;
    if let Some(m) = metrics {
        m.await??;
    }
    sweeper.abort();
    // A job cut off here is claimed again when its lease runs out (by any instance).
    for w in workers {
        w.abort();
    }
    core.db().close().await;
    println!("Kakehashi stopped.");
    Ok(ExitCode::SUCCESS)
}

/// The connection limit: as asked, but below what the file-descriptor limit allows.
fn max_connections(asked: Option<usize>) -> usize {
    let allowed = kakehashi_web::server::max_connections_allowed();
    match asked {
        Some(n) if n > allowed => {
            tracing::warn!(
                asked = n,
                allowed,
                "KAKEHASHI_MAX_CONNECTIONS is above what the file-descriptor limit (ulimit -n) allows; using {allowed}"
            );
            allowed
        }
        Some(n) => n.max(1),
        None => kakehashi_web::server::default_max_connections(),
    }
}

/// Resolves on SIGTERM or Ctrl-C; the server then finishes the requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Runs the enforcement sweep now and then, expires offers past their deadline, and purges
/// expired idempotency keys. Standing
/// itself needs no job (it is computed on the day it is asked for); the sweep only tells the
/// people concerned.
async fn enforcement_loop(core: kakehashi_core::Core, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match kakehashi_core::registry::enforcement::sweep(&core).await {
            Ok(r) if r.lost_standing + r.restored > 0 => tracing::info!(
                lost = r.lost_standing,
                restored = r.restored,
                notified = r.notified,
                "enforcement sweep"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "enforcement sweep failed"),
        }
        // Offers not accepted by their deadline expire (safe on several instances at once).
        match kakehashi_core::postings::expire_offers(&core).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "offers expired"),
            Err(e) => tracing::warn!(error = %e, "offer expiry failed"),
        }
        // Idempotency keys answer retries for 24 hours, then go.
        match kakehashi_core::idempotency::purge(&core).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(purged = n, "expired idempotency keys"),
            Err(e) => tracing::warn!(error = %e, "idempotency purge failed"),
        }
        // Finished jobs stay visible (an import's report) for 30 days.
        if let Err(e) =
            kakehashi_core::jobs::purge(&core, Duration::from_secs(30 * 24 * 3600)).await
        {
            tracing::warn!(error = %e, "job purge failed");
        }
    }
}
