//! What every request shares: the site's settings, the database, the search index, the media
//! store, the page cache, and the background loops that keep the last two in step.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::cache::PageCache;
use super::settings::CommentSettings;
use super::templates::{TemplateError, Templates};
use toasoan_media::pdf::PdfReader;
use toasoan_search::SearchIndex;
use toasoan_store::Db;

/// Settings of the site that the pages need.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The magazine's name, in the header and page titles.
    pub name: String,
    /// One sentence under the name, and the home page's description.
    pub description: String,
    /// The public address, without a trailing slash, for absolute links.
    pub base_url: String,
    /// Articles per category page.
    pub page_size: i64,
    /// A folder whose templates override the built-in ones (built-in < theme).
    pub theme_dir: Option<PathBuf>,
    /// Reader comments: captcha, spam limits, who is told.
    pub comments: CommentSettings,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "Toà soạn".to_owned(),
            description: "Tạp chí điện tử".to_owned(),
            base_url: "http://127.0.0.1:8080".to_owned(),
            page_size: 20,
            theme_dir: None,
            comments: CommentSettings::default(),
        }
    }
}

/// Everything a handler needs, shared by all requests.
pub struct AppState {
    pub db: Db,
    pub site: SiteConfig,
    pub cache: PageCache,
    pub templates: Templates,
    pub search: Arc<SearchIndex>,
    /// Uploaded files (object storage: the data folder's `media/` by default).
    pub media: toasoan_media::MediaStore,
    /// The comment form's tokens, under the key every node reads from the database.
    pub captcha: toasoan_comments::Captcha,
    /// Signs the known-device cookie (`features::accounts`); the same on every node.
    pub device_key: String,
    /// This node's name in the jobs table, and the bell that wakes its job runner.
    pub jobs: super::jobs::JobQueue,
    /// The moderators' e-mail settings, when SMTP is set up.
    pub notifier: Option<super::notify::Notifier>,
    /// Reads uploaded PDFs (their text, a cover from page 1); `None` on a server without one.
    pub pdf: Option<Arc<dyn PdfReader>>,
    /// This node's request counts and latencies, served on the metrics address.
    pub metrics: super::metrics::Metrics,
    /// The `/readyz` check in progress, shared by the probes that arrive meanwhile.
    pub readiness: super::health::ReadinessCheck,
}

/// What the binary hands the server besides its settings: tools that run outside the server's
/// own code (a PDF reader in a child process). Tests pass what they need, or nothing.
#[derive(Clone, Default)]
pub struct Tools {
    pub pdf: Option<Arc<dyn PdfReader>>,
}

/// Why a node could not start serving.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("a template is broken: {0:#}")]
    Template(#[from] TemplateError),
    #[error("cannot read the site's secrets: {0}")]
    Store(#[from] toasoan_store::StoreError),
    #[error("no source of randomness for the site's secret key: {0}")]
    Random(String),
    #[error("the SMTP settings are invalid: {0}")]
    Smtp(String),
}

pub type SharedState = Arc<AppState>;

impl AppState {
    /// Builds the state, loading templates (a broken theme template is an error at start, not
    /// at the first request).
    pub async fn new(
        db: Db,
        site: SiteConfig,
        search: Arc<SearchIndex>,
        media: toasoan_media::MediaStore,
        tools: Tools,
    ) -> Result<SharedState, StartError> {
        let templates = Templates::new(site.theme_dir.clone())?;
        let version = db.content_version().await.unwrap_or(0);
        let captcha = toasoan_comments::Captcha::new(captcha_key(&db).await?, super::settings::TOKEN_LIFETIME_SECONDS);
        let fresh = super::random::new_token().map_err(|e| StartError::Random(e.to_string()))?;
        let device_key = db.site_secret("device_key", || fresh).await?;
        let notifier = match &site.comments.smtp {
            Some(smtp) => Some(
                super::notify::Notifier::start(db.clone(), smtp, site.comments.notify.clone(), site.base_url.clone())
                    .map_err(|e| StartError::Smtp(e.to_string()))?,
            ),
            None => None,
        };
        let cache = PageCache::new(version);
        let node = super::random::new_token().map_err(|e| StartError::Random(e.to_string()))?;
        Ok(Arc::new(AppState {
            db,
            site,
            cache,
            templates,
            search,
            media,
            captcha,
            device_key,
            notifier,
            jobs: super::jobs::JobQueue::new(&node),
            pdf: tools.pdf,
            metrics: super::metrics::Metrics::new(),
            readiness: super::health::ReadinessCheck::default(),
        }))
    }
}

impl AppState {
    /// After a write on this node: its own readers see the change at once, without waiting
    /// for the watcher's next poll (other nodes catch up at theirs).
    pub async fn content_changed(&self) {
        match self.db.content_version().await {
            Ok(version) => self.cache.observe_version(version),
            Err(error) => tracing::warn!(%error, "cannot read the content version"),
        }
    }
}

/// The captcha key, the same on every node: made by whichever node starts first.
async fn captcha_key(db: &Db) -> Result<toasoan_comments::CaptchaKey, StartError> {
    let fresh = toasoan_comments::CaptchaKey::generate().map_err(|e| StartError::Random(e.to_string()))?;
    let stored = db.site_secret("captcha_key", || fresh.to_hex()).await?;
    toasoan_comments::CaptchaKey::from_hex(&stored).ok_or_else(|| {
        StartError::Store(toasoan_store::StoreError::Corrupt("the stored captcha key is not 64 hex digits".into()))
    })
}

/// Keeps the page cache in step with writes made elsewhere (another node, an import) by
/// polling the content version. Runs until the process ends.
pub fn spawn_cache_watcher(state: SharedState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            match state.db.content_version().await {
                Ok(version) => state.cache.observe_version(version),
                Err(error) => tracing::warn!(%error, "cannot read the content version"),
            }
        }
    })
}

/// Forgets search changes and finished jobs older than `keep`, every `every` (any node may: the
/// delete is the same on all). A node whose index is older than what is kept rebuilds it when it
/// catches up.
pub fn spawn_outbox_pruner(state: SharedState, every: Duration, keep: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            let before = chrono::Utc::now() - chrono::Duration::from_std(keep).unwrap_or(chrono::Duration::days(7));
            match state.db.prune_search_outbox(before).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "search outbox pruned"),
                Err(error) => tracing::warn!(%error, "cannot prune the search outbox"),
            }
            if let Err(error) = state.db.prune_jobs(before).await {
                tracing::warn!(%error, "cannot prune finished jobs");
            }
        }
    })
}

/// Keeps this node's search index in step with the database's outbox. Runs until the process ends.
pub fn spawn_search_sync(state: SharedState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            if let Err(error) = toasoan_search::catch_up(&state.db, &state.search).await {
                tracing::warn!(%error, "the search index could not catch up; retrying");
            }
        }
    })
}
