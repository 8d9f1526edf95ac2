use crate::server::ConnectionLimits;
use crate::throttle::{LookupLimiter, LookupRate};
use kakehashi_core::Core;
use metrics_exporter_prometheus::PrometheusHandle;
use std::sync::Arc;
use std::time::Duration;

/// HTTP settings; the CLI fills them from flags and the environment.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when the public URL is https, or a trusted proxy says the
    /// request came over https).
    pub secure_cookies: bool,
    /// Send `Strict-Transport-Security`: the public URL is https, so browsers should never
    /// come over plain http again.
    pub strict_transport_security: bool,
    /// Believe `X-Forwarded-For` / `X-Forwarded-Proto` from the load balancer in front.
    pub trust_proxy: bool,
    /// How many proxies of ours stand in front (each appends to `X-Forwarded-For`): the
    /// client's address is the entry this far from the right.
    pub trusted_proxies: usize,
    /// Largest JSON or form body accepted.
    pub max_body_bytes: usize,
    /// Largest file upload accepted (the licence register upload).
    pub max_upload_bytes: usize,
    /// A request that takes longer is answered 503 and abandoned.
    pub request_timeout: Duration,
    /// Anonymous registry look-ups per client address (per instance); `None`: unlimited.
    pub lookup_rate: Option<LookupRate>,
    /// Connection timeouts and limit (see [`crate::server`]).
    pub connections: ConnectionLimits,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            strict_transport_security: false,
            trust_proxy: false,
            trusted_proxies: 1,
            max_body_bytes: 1024 * 1024,
            max_upload_bytes: 64 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            lookup_rate: Some(LookupRate::default()),
            connections: ConnectionLimits {
                header_read_timeout: Duration::from_secs(10),
                idle_timeout: Duration::from_secs(75),
                max_connections: crate::server::default_max_connections(),
            },
        }
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub core: Core,
    pub config: Arc<WebConfig>,
    pub metrics: PrometheusHandle,
    pub lookups: Option<Arc<LookupLimiter>>,
}

impl AppState {
    /// Counts an anonymous registry look-up against its address's allowance.
    pub fn throttle_lookup(&self, ctx: &crate::context::Ctx) -> Result<(), crate::error::Failure> {
        match (&self.lookups, ctx.actor()) {
            (Some(l), None) => l.check(&ctx.client.address),
            _ => Ok(()),
        }
    }

    pub fn new(core: Core, config: WebConfig) -> Self {
        AppState {
            lookups: config
                .lookup_rate
                .and_then(|r| LookupLimiter::new(&core, r))
                .map(Arc::new),
            core,
            config: Arc::new(config),
            metrics: crate::metrics::handle(),
        }
    }
}
