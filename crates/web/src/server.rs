//! The accept loop: HTTP/1.1 connections with a header-read timeout, an idle timeout and a
//! connection limit, so that slow or silent clients cannot hold the server's file descriptors.
//! (`axum::serve` has none of these.)
//!
//! - **Header-read timeout**: a request's head (request line and headers) must arrive within
//!   it, counted from the connection's opening for the first request and from the first byte
//!   for the next ones. A client trickling a header a byte at a time is cut off.
//! - **Idle timeout**: a kept-alive connection on which nothing moves between requests (or
//!   whose client stops reading an answer) is closed. Time spent computing an answer does not
//!   count; the request timeout bounds that.
//! - **Connection limit**: beyond it a connection is answered `503` with `Retry-After` and
//!   closed (a few at a time; beyond those it is closed at once), so the connections within it,
//!   health checks included, keep being served. It must stay below the process's
//!   file-descriptor limit, with room for the database pool and the 503 answers.
//!
//! Graceful shutdown: when `shutdown` resolves, the listener closes, idle connections close,
//! and requests in flight finish.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// How many connections beyond the limit are answered 503 at the same time.
const BUSY_ANSWERS: usize = 32;
/// File descriptors kept free beside the connections: the busy answers, the database pool,
/// the listener, logs and files.
const RESERVED_DESCRIPTORS: u64 = 128;

/// The connection limits (see the module documentation).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

/// The largest connection limit the process's file-descriptor limit allows: the soft
/// `RLIMIT_NOFILE` less what the server needs beside its connections.
pub fn max_connections_allowed() -> usize {
    #[cfg(unix)]
    {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
        match limit.current {
            Some(n) => n.saturating_sub(RESERVED_DESCRIPTORS).max(8) as usize,
            None => 1 << 16,
        }
    }
    #[cfg(not(unix))]
    {
        1024 - RESERVED_DESCRIPTORS as usize
    }
}

/// The connection limit when none is configured: 4096, or less when the file-descriptor limit
/// requires it.
pub fn default_max_connections() -> usize {
    4096.min(max_connections_allowed())
}

/// Serves `app` on `listener` within `limits` until `shutdown` resolves; then stops accepting,
/// closes idle connections and lets the requests in flight finish.
pub async fn serve_router(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let busy = Arc::new(Semaphore::new(BUSY_ANSWERS));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    // Our own timers below replace hyper's, which cannot tell a head from an idle wait.
    builder.header_read_timeout(None);
    let mut busy_builder = builder.clone();
    busy_builder.keep_alive(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was accepted: try
                    // again shortly instead of spinning.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        if let Ok(permit) = open.clone().try_acquire_owned() {
            let activity = Arc::new(Mutex::new(Activity::opened(limits)));
            let io = TokioIo::new(TimedIo::new(stream, activity.clone()));
            let app = app.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                let answering = Answering::start(activity.clone());
                req.extensions_mut().insert(ConnectInfo(peer));
                let app = app.clone();
                async move {
                    let res = app.oneshot(req).await;
                    drop(answering);
                    res
                }
            });
            let conn = graceful.watch(builder.serve_connection(io, service));
            tokio::spawn(async move {
                let _ = conn.await;
                drop(permit);
            });
        } else if let Ok(permit) = busy.clone().try_acquire_owned() {
            let activity = Arc::new(Mutex::new(Activity::opened(limits)));
            let io = TokioIo::new(TimedIo::new(stream, activity));
            let conn = busy_builder.serve_connection(io, hyper::service::service_fn(too_busy));
            tokio::spawn(async move {
                let _ = conn.await;
                drop(permit);
            });
        } else {
            drop(stream);
        }
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

async fn too_busy(
    _: hyper::Request<Incoming>,
) -> Result<hyper::Response<axum::body::Body>, std::convert::Infallible> {
    use axum::http::{HeaderValue, StatusCode, header};
    let mut res = hyper::Response::new(axum::body::Body::from(
        "The server is at its connection limit; try again in a moment.\n",
    ));
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let h = res.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    Ok(res)
}

/// What a connection is doing, for its timers.
#[derive(Debug)]
struct Activity {
    limits: ConnectionLimits,
    /// Requests being answered (their response not yet produced).
    answering: usize,
    /// When the head of the next request started (the connection's opening for the first).
    head_since: Option<Instant>,
    /// When a byte last moved either way.
    last: Instant,
    /// The connection's task, parked while a request was answered without a timer: woken when
    /// the answer is done so that it arms the idle timer.
    parked: Option<std::task::Waker>,
}

impl Activity {
    fn opened(limits: ConnectionLimits) -> Activity {
        let now = Instant::now();
        Activity {
            limits,
            answering: 0,
            head_since: Some(now),
            last: now,
            parked: None,
        }
    }

    /// When the connection times out, if nothing happens before; never while answering.
    fn deadline(&self) -> Option<Instant> {
        if self.answering > 0 {
            return None;
        }
        let idle = self.last + self.limits.idle_timeout;
        Some(match self.head_since {
            Some(since) => idle.min(since + self.limits.header_read_timeout),
            None => idle,
        })
    }

    fn moved(&mut self, read: bool) {
        self.last = Instant::now();
        if read && self.answering == 0 && self.head_since.is_none() {
            self.head_since = Some(self.last);
        }
    }
}

fn lock(a: &Mutex<Activity>) -> std::sync::MutexGuard<'_, Activity> {
    a.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Held while a request is being answered: the head is complete and the timers pause.
struct Answering(Arc<Mutex<Activity>>);

impl Answering {
    fn start(activity: Arc<Mutex<Activity>>) -> Answering {
        {
            let mut a = lock(&activity);
            a.answering += 1;
            a.head_since = None;
        }
        Answering(activity)
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        let mut a = lock(&self.0);
        a.answering -= 1;
        a.last = Instant::now();
        if let Some(w) = a.parked.take() {
            w.wake();
        }
    }
}

/// A connection that fails with `TimedOut` when its [`Activity`] deadline passes while it
/// waits for the client.
struct TimedIo {
    inner: TcpStream,
    activity: Arc<Mutex<Activity>>,
    timer: Pin<Box<Sleep>>,
}

impl TimedIo {
    fn new(inner: TcpStream, activity: Arc<Mutex<Activity>>) -> TimedIo {
        let deadline = lock(&activity).deadline().unwrap_or_else(Instant::now);
        TimedIo {
            inner,
            activity,
            timer: Box::pin(tokio::time::sleep_until(deadline)),
        }
    }

    /// Called when the connection would wait: arms the timer, or fails if it has run out.
    fn waiting(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let deadline = {
            let mut a = lock(&self.activity);
            match a.deadline() {
                Some(d) => d,
                None => {
                    a.parked = Some(cx.waker().clone());
                    return Poll::Pending;
                }
            }
        };
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        ready!(self.timer.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client was too slow or idle",
        ))
    }
}

impl TimedIo {
    /// After a write: bytes moved, or the connection waits for the client to read.
    fn wrote(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match written {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    lock(&self.activity).moved(false);
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => self.waiting(cx).map(Err),
        }
    }
}

impl AsyncRead for TimedIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    lock(&this.activity).moved(true);
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => this.waiting(cx).map(Err),
        }
    }
}

impl AsyncWrite for TimedIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write(cx, data);
        this.wrote(cx, written)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Pending => this.waiting(cx).map(Err),
            done => done,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.wrote(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(75),
            max_connections: 10,
        }
    }

    #[tokio::test]
    async fn the_deadline_follows_what_the_connection_does() {
        let mut a = Activity::opened(limits());
        let opened = a.last;
        // A new connection has the header-read timeout for its first request.
        assert_eq!(a.deadline(), Some(opened + Duration::from_secs(10)));
        a.answering += 1;
        a.head_since = None;
        assert_eq!(a.deadline(), None, "no timer while answering");
        a.answering -= 1;
        a.moved(false);
        let idle_from = a.last;
        assert_eq!(a.deadline(), Some(idle_from + Duration::from_secs(75)));
        // The next request's first byte starts its header-read timer.
        a.moved(true);
        assert_eq!(a.deadline(), Some(a.last + Duration::from_secs(10)));
    }
}
