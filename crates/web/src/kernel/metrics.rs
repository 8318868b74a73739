//! Prometheus metrics of one node, served on their own address (`[server] metrics_addr`), never
//! on the public one: requests by route and status, latency by route, the page cache, the search
//! index's backlog and lag, jobs, the database pool. Labels are route templates (`/{category}/{rest}`),
//! never raw paths, so a crawler of random addresses cannot grow them.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::SharedState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct JobLabels {
    kind: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: String,
}

type LatencyFamily = Family<RouteLabel, Histogram, fn() -> Histogram>;

/// The node's metrics; gauges are read when scraped.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    cache_hits: Gauge,
    cache_misses: Gauge,
    cache_bytes: Gauge,
    cache_pages: Gauge,
    search_backlog: Gauge,
    search_lag: Gauge<f64, std::sync::atomic::AtomicU64>,
    pool_size: Gauge,
    pool_idle: Gauge,
    jobs_run: Family<JobLabels, Counter>,
    jobs_waiting: Gauge,
    jobs_running: Gauge,
    jobs_failed: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("toasoan");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "Requests answered, by route template, method and status", requests.clone());
        // 100 µs to about 13 s.
        let latency: LatencyFamily =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.0001, 2.0, 18)));
        registry.register("http_request_duration_seconds", "Time to answer, by route template", latency.clone());
        let metrics = Metrics {
            registry,
            requests,
            latency,
            cache_hits: Gauge::default(),
            cache_misses: Gauge::default(),
            cache_bytes: Gauge::default(),
            cache_pages: Gauge::default(),
            search_backlog: Gauge::default(),
            search_lag: Gauge::default(),
            pool_size: Gauge::default(),
            pool_idle: Gauge::default(),
            jobs_run: Family::default(),
            jobs_waiting: Gauge::default(),
            jobs_running: Gauge::default(),
            jobs_failed: Gauge::default(),
        };
        metrics.register_gauges()
    }

    fn register_gauges(mut self) -> Metrics {
        let r = &mut self.registry;
        r.register("page_cache_hits", "Page cache lookups that found a current page", self.cache_hits.clone());
        r.register("page_cache_misses", "Page cache lookups that did not", self.cache_misses.clone());
        r.register("page_cache_bytes", "Bytes of pages held", self.cache_bytes.clone());
        r.register("page_cache_pages", "Pages held", self.cache_pages.clone());
        r.register("search_backlog", "Search changes this node's index has not applied", self.search_backlog.clone());
        r.register("search_lag_seconds", "Age of the oldest change not applied", self.search_lag.clone());
        r.register("db_pool_connections", "Database connections open", self.pool_size.clone());
        r.register("db_pool_idle_connections", "Database connections idle", self.pool_idle.clone());
        r.register("jobs_run", "Jobs this node ran, by kind and outcome (done, error)", self.jobs_run.clone());
        r.register("jobs_waiting", "Jobs waiting in the jobs table (every node's)", self.jobs_waiting.clone());
        r.register("jobs_running", "Jobs held under a lease by some node", self.jobs_running.clone());
        r.register("jobs_failed", "Jobs that failed their last attempt", self.jobs_failed.clone());
        self
    }

    fn record(&self, route: String, method: &Method, status: u16, seconds: f64) {
        let method = match *method {
            Method::GET => "GET",
            Method::HEAD => "HEAD",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::PATCH => "PATCH",
            Method::DELETE => "DELETE",
            _ => "other",
        };
        self.latency.get_or_create(&RouteLabel { route: route.clone() }).observe(seconds);
        self.requests.get_or_create(&RequestLabels { route, method, status }).inc();
    }
}

impl Metrics {
    /// Counts a job this node ran.
    pub fn job_ran(&self, kind: &str, done: bool) {
        let outcome = if done { "done" } else { "error" };
        self.jobs_run.get_or_create(&JobLabels { kind: kind.to_owned(), outcome }).inc();
    }
}

/// Where the route's template is left by the inner layer for the outer one to read.
#[derive(Clone, Default)]
struct RouteSlot(Arc<OnceLock<String>>);

/// The outer layer: times every request (404s included) and records it.
pub async fn track(State(state): State<SharedState>, mut request: Request, next: Next) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    let route = slot.0.get().cloned().unwrap_or_else(|| "unmatched".to_owned());
    state.metrics.record(route, &method, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

/// The inner layer, on matched routes only: names the route's template.
pub async fn name_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) =
        (request.extensions().get::<RouteSlot>(), request.extensions().get::<MatchedPath>())
    {
        let _ = slot.0.set(path.as_str().to_owned());
    }
    next.run(request).await
}

/// `GET /metrics` on the metrics address: the text format Prometheus scrapes.
pub async fn scrape(State(state): State<SharedState>) -> Response {
    let m = &state.metrics;
    let (hits, misses) = state.cache.lookups();
    m.cache_hits.set(i64::try_from(hits).unwrap_or(i64::MAX));
    m.cache_misses.set(i64::try_from(misses).unwrap_or(i64::MAX));
    m.cache_bytes.set(i64::try_from(state.cache.weighted_size()).unwrap_or(i64::MAX));
    m.cache_pages.set(i64::try_from(state.cache.entries()).unwrap_or(i64::MAX));
    if let Ok(applied) = state.search.applied()
        && let Ok((backlog, oldest)) = state.db.search_backlog(applied).await
    {
        m.search_backlog.set(backlog);
        m.search_lag.set(oldest.map_or(0.0, |t| (chrono::Utc::now() - t).num_milliseconds().max(0) as f64 / 1000.0));
    }
    if let Ok(jobs) = state.db.job_counts().await {
        m.jobs_waiting.set(jobs.waiting);
        m.jobs_running.set(jobs.running);
        m.jobs_failed.set(jobs.failed);
    }
    let (size, idle) = state.db.pool_state();
    m.pool_size.set(i64::from(size));
    m.pool_idle.set(i64::try_from(idle).unwrap_or(i64::MAX));
    let mut text = String::new();
    if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &m.registry) {
        tracing::warn!(%error, "cannot encode the metrics");
    }
    ([(CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text).into_response()
}

/// The metrics address's whole router: `/metrics` and nothing else.
pub fn router(state: SharedState) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(scrape)).with_state(state)
}
