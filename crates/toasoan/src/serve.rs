//! `toasoan serve`: the site, the API, and the background tasks a node runs.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use toasoan_comments::SpamRules;
use toasoan_store::RateLimits;
use toasoan_web::kernel::notify::SmtpSettings;
use toasoan_web::{
    AppState, CommentSettings, SiteConfig, Tools, router, spawn_cache_watcher, spawn_outbox_pruner, spawn_search_sync,
};

use crate::demo;
use crate::listener::{ConnectionLimits, connection_budget};
use crate::setup::Setup;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (default: the settings' server.addr, else 127.0.0.1:8080).
    #[arg(long, env = "TOASOAN_ADDR")]
    pub addr: Option<String>,
    /// Load the demo magazine first when the database has no article.
    #[arg(long)]
    pub demo: bool,
}

/// How often a node checks whether another node or an import changed the content.
const CACHE_POLL: Duration = Duration::from_secs(1);
/// How often a node applies new changes to its search index.
const SEARCH_POLL: Duration = Duration::from_millis(500);
/// Search changes are kept this long: a node off for longer rebuilds its index when it returns.
const OUTBOX_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);
const OUTBOX_PRUNE_EVERY: Duration = Duration::from_secs(3600);

pub async fn run(context: &Setup, args: ServeArgs) -> Result<ExitCode> {
    let media = context.open_media()?;
    if args.demo {
        demo::load_if_empty(&context.db, &media).await?;
    }
    let addr = args.addr.or_else(|| context.config.server.addr.clone()).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let site = site_config(context, &addr);
    let search = crate::search_cmd::open_index(&context.data).context("cannot open the search index")?;
    let started = std::time::Instant::now();
    let applied =
        toasoan_search::catch_up(&context.db, &search).await.context("cannot bring the search index up to date")?;
    if applied > 0 {
        tracing::info!("search index: applied {applied} changes in {:.1} s", started.elapsed().as_secs_f64());
    }
    let tools = Tools { pdf: Some(std::sync::Arc::new(crate::pdf_text::ChildPdfReader::new())) };
    let state = AppState::new(context.db.clone(), site, search, media, tools).await.context("the site cannot start")?;
    spawn_cache_watcher(state.clone(), CACHE_POLL);
    spawn_search_sync(state.clone(), SEARCH_POLL);
    spawn_outbox_pruner(state.clone(), OUTBOX_PRUNE_EVERY, OUTBOX_RETENTION);
    toasoan_web::features::articles::spawn_scheduler(state.clone());
    let runner = toasoan_web::spawn_job_runner(state.clone());
    let server = &context.config.server;
    let limits = ConnectionLimits {
        header_timeout: Duration::from_secs(server.header_timeout_seconds.unwrap_or(15).max(1)),
        body_timeout: Duration::from_secs(server.body_timeout_seconds.unwrap_or(30).max(1)),
        max_connections: connection_budget(server.max_connections),
    };
    if let Some(metrics_addr) = server.metrics_addr.as_deref().filter(|a| !a.is_empty()) {
        serve_metrics(metrics_addr, &addr, state.clone()).await?;
    }
    let listener = tokio::net::TcpListener::bind(&addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    tracing::info!("serving on http://{addr} (data folder {}, media {})", context.data.display(), context.media);
    let served = crate::listener::serve(listener, router(state.clone()), limits, shutdown_signal()).await;
    runner.abort();
    toasoan_web::release_jobs(&state).await;
    served.context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

fn site_config(context: &Setup, addr: &str) -> SiteConfig {
    let defaults = SiteConfig::default();
    let site = &context.config.site;
    SiteConfig {
        name: site.name.clone().unwrap_or(defaults.name),
        description: site.description.clone().unwrap_or(defaults.description),
        base_url: context.config.server.base_url.clone().unwrap_or_else(|| format!("http://{addr}")),
        page_size: site.page_size.filter(|n| *n > 0).unwrap_or(defaults.page_size),
        theme_dir: site.theme.as_ref().map(|t| context.data.join(t)),
        comments: comment_settings(&context.config),
    }
}

/// `[comments]` and `[smtp]` over the defaults.
fn comment_settings(config: &crate::config::FileConfig) -> CommentSettings {
    let defaults = CommentSettings::default();
    let c = &config.comments;
    let smtp = config.smtp.url.clone().filter(|u| !u.is_empty()).map(|url| SmtpSettings {
        url,
        from: config.smtp.from.clone().unwrap_or_else(|| "toasoan@localhost".to_owned()),
        batch: Duration::from_secs(config.smtp.batch_seconds.unwrap_or(60)),
    });
    CommentSettings {
        captcha: c.captcha.unwrap_or(defaults.captcha),
        min_fill_seconds: c.min_fill_seconds.unwrap_or(defaults.min_fill_seconds).max(0),
        limits: RateLimits {
            per_ip: c.per_ip_per_hour.unwrap_or(defaults.limits.per_ip),
            per_email: c.per_email_per_hour.unwrap_or(defaults.limits.per_email),
            window: defaults.limits.window,
        },
        rules: SpamRules::new(&c.blocked_words, c.max_links.unwrap_or(defaults.rules.max_links)),
        trusted_proxies: c.trusted_proxies.clone(),
        notify: c.notify.clone(),
        smtp,
    }
}

/// `/metrics` on its own listener, beside the site.
async fn serve_metrics(metrics_addr: &str, public: &str, state: toasoan_web::SharedState) -> Result<()> {
    if metrics_addr == public {
        anyhow::bail!("server.metrics_addr is the public address {public}: give the metrics an address of their own");
    }
    let listener = tokio::net::TcpListener::bind(metrics_addr)
        .await
        .with_context(|| format!("cannot listen on {metrics_addr} for metrics"))?;
    tracing::info!("metrics on http://{metrics_addr}/metrics");
    tokio::spawn(async move {
        let app = toasoan_web::kernel::metrics::router(state);
        if let Err(error) = axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await {
            tracing::warn!(%error, "the metrics listener stopped");
        }
    });
    Ok(())
}

/// Ctrl-C or SIGTERM (what systemd and container runtimes send): stop accepting, let the
/// requests being answered finish.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
