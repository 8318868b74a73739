//! Storage for toasoan on SQLite (the embedded default) or PostgreSQL (several nodes), with one
//! SQL text per query for both engines.
//!
//! sqlx's `Any` driver cannot carry dates or JSON, so [`Db`] holds a pool of either engine and
//! every query is written once, with `$1…` placeholders, and run on whichever pool is there by
//! the [`on_pool!`]/[`on_tx!`] macros. Migrations exist per engine and must keep the same
//! versions (a test checks it).

mod articles;
mod authors;
pub mod backup;
pub mod baselines;
mod categories;
mod comments;
mod comments_moderation;
pub(crate) mod connect;
mod imports;
mod jobs;
mod logins;
mod media;
mod migrate;
pub mod model;
mod newsroom;
mod newsroom_lists;
mod newsroom_presence;
mod print;
mod print_pages;
mod search_feed;
mod sessions;
mod site;
mod sitemap;
mod taxonomy;
#[cfg(feature = "testing")]
pub mod testing;
mod users;
mod videos;
mod write;

pub use articles::{ArticleQuery, ListFilter};
pub use authors::Author;
pub use comments::{CommentStatus, NewComment, PublicComment, RateLimits, Submission};
pub use comments_moderation::{CommentFilter, ModerationComment};
pub use imports::{ExportedComment, ImportLink, ImportedComment};
pub use jobs::{ClaimedJob, JobCounts, NewJob};
pub use logins::{ADDRESS_FAILURES, LOCKOUT_FAILURES, LOCKOUT_WINDOW, LoginKey, Reservation};
pub use media::{MediaItem, NewMedia, StoredVariant};
pub use model::{Article, ArticleSummary, AuthorRef, Category, FeaturedMeta, Tag};
pub use newsroom::{ArticleEvent, PREVIEW_LIFETIME, Revision, Step};
pub use newsroom_lists::{NewsroomFilter, NewsroomRow};
pub use print::{IssueFields, IssueFilter, PrintIssue, TocEntry};
pub use print_pages::{NewPage, OcrText, PagesSummary, ScannedPage};
pub use search_feed::{IndexEntry, OutboxItem, OutboxTarget, PrintPageEntry, VideoEntry};
pub use sessions::{AuditEntry, Session};
pub use sitemap::SitemapEntry;
pub use taxonomy::TagCount;
pub use users::{NewUser, User, normalize_email};
pub use videos::{Video, VideoFields, VideoFilter, VideoSource};
pub use write::{CategoryCache, UpsertOutcome};

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// A connection pool to one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction on either engine. Dropping it without [`Tx::commit`] rolls back, so a
/// crash or an error mid-write leaves the data as it was.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Which engine a [`Db`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Errors of the storage layer, in English for logs and the command line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("unsupported database URL {0:?}: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
    #[error("database migration {version} ({name}) failed: {source}")]
    Migration { version: i64, name: String, source: sqlx::Error },
    #[error("the database holds migration {0}, which this version of toasoan does not know: upgrade toasoan")]
    UnknownMigration(i64),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The row changed since the caller read it (someone else saved the article meanwhile).
    #[error("changed by someone else since it was read")]
    Stale,
    /// The write would break a uniqueness rule (an e-mail already in use, …).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Runs `$body` with `$pool` bound to whichever pool `$db` holds.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Db::Sqlite($pool) => $body,
            $crate::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the connection of whichever transaction `$tx` holds.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads, then writes after another process has
    /// committed fails at once with "database is locked" instead of waiting its turn (seen when
    /// an import and a second process migrate the same new file).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}
