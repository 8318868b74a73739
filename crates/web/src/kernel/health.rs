//! `GET /healthz` and `GET /readyz`, for load balancers and operators. `healthz` says the
//! process answers (nothing else is asked, so a slow database does not get a live node killed);
//! `readyz` says the node should get traffic: its database answers and its search index is no
//! more than a few seconds behind the outbox. Neither is cached, and neither reveals more than
//! a reason.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::SharedState;

/// A node whose index lacks changes older than this is not ready.
pub const MAX_SEARCH_LAG: Duration = Duration::from_secs(5);

pub async fn healthz() -> Response {
    ([(CACHE_CONTROL, "no-store")], "ok\n").into_response()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Readiness {
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Search changes this node's index has not applied yet.
    pub search_backlog: i64,
    /// Age in seconds of the oldest of them (0 when none).
    pub search_lag_seconds: f64,
}

/// One readiness check at a time per node: requests that arrive while one runs wait for it and
/// share its answer, so a thousand probes at once cost the database one check, not a thousand.
#[derive(Default)]
pub struct ReadinessCheck(tokio::sync::Mutex<Option<(Instant, Readiness)>>);

pub async fn readyz(State(state): State<SharedState>) -> Response {
    let arrived = Instant::now();
    let mut last = state.readiness.0.lock().await;
    let readiness = match &*last {
        Some((finished, answer)) if *finished >= arrived => answer.clone(),
        _ => {
            let answer = readiness(&state).await;
            *last = Some((Instant::now(), answer.clone()));
            answer
        }
    };
    drop(last);
    let status = if readiness.ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(CACHE_CONTROL, "no-store")], axum::Json(readiness)).into_response()
}

async fn readiness(state: &SharedState) -> Readiness {
    let not_ready =
        |reason: String| Readiness { ready: false, reason: Some(reason), search_backlog: 0, search_lag_seconds: 0.0 };
    let applied = match state.search.applied() {
        Ok(applied) => applied,
        Err(error) => return not_ready(format!("the search index cannot be read: {error}")),
    };
    let (backlog, oldest) = match tokio::time::timeout(Duration::from_secs(2), state.db.search_backlog(applied)).await {
        Ok(Ok(found)) => found,
        Ok(Err(error)) => return not_ready(format!("the database does not answer: {error}")),
        Err(_) => return not_ready("the database did not answer within 2 s".to_owned()),
    };
    let lag = oldest.map_or(0.0, |t| (chrono::Utc::now() - t).num_milliseconds().max(0) as f64 / 1000.0);
    let behind = lag > MAX_SEARCH_LAG.as_secs_f64();
    Readiness {
        ready: !behind,
        reason: behind.then(|| format!("the search index is {lag:.1} s behind ({backlog} changes waiting)")),
        search_backlog: backlog,
        search_lag_seconds: lag,
    }
}
