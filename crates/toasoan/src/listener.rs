//! Accepting connections with the limits a public server needs, which `axum::serve` does not
//! offer: a client must send its request headers within `header_timeout` (hyper starts that
//! clock again while a kept-alive connection waits for its next request, so it is also the idle
//! timeout), each piece of a request body must arrive within `body_timeout`, and at most
//! `max_connections` are open at once — one more is closed at once rather than left to use up
//! the process's open files (which the search index needs too).

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

/// The limits of one node's listener.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub max_connections: usize,
}

/// How long connections still open at shutdown may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` until `shutdown` completes, then lets open connections finish for a while.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let refused = AtomicU64::new(0);
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or the client left before we accepted: wait a
                    // moment rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            let count = refused.fetch_add(1, Ordering::Relaxed) + 1;
            if count.is_power_of_two() {
                tracing::warn!(max = limits.max_connections, count, "too many open connections: closing new ones");
            }
            drop(stream);
            continue;
        };
        let app = app.clone();
        let body_timeout = limits.body_timeout;
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let mut request = request.map(|body| Body::new(TimeoutBody::new(body_timeout, body)));
            request.extensions_mut().insert(ConnectInfo(peer));
            let app = app.clone();
            async move { Ok::<_, Infallible>(app.oneshot(request).await.unwrap_or_else(|never| match never {})) }
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => tracing::warn!("connections still open after the grace period: closed"),
    }
    Ok(())
}

/// Raises the soft limit on open files to the hard one (the usual soft limit, 1,024, is what a
/// few hundred slow clients and the search index reach together) and derives how many
/// connections to accept from it, keeping room for the index, the database and media files.
pub fn connection_budget(configured: Option<usize>) -> usize {
    const RESERVED_FILES: u64 = 512;
    let files = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(files) => {
            tracing::info!("open-file limit: {files}");
            files
        }
        Err(error) => {
            tracing::warn!(%error, "cannot raise the open-file limit; keeping 1024");
            1024
        }
    };
    let fitting = usize::try_from(files.saturating_sub(RESERVED_FILES)).unwrap_or(usize::MAX).clamp(64, 16_384);
    let budget = configured.map_or(fitting, |wanted| wanted.clamp(1, fitting));
    tracing::info!("accepting at most {budget} connections at once");
    budget
}
