//! The HTTP face of toasoan: the public site (server-rendered, works without JavaScript), the
//! JSON API, the newsroom, static assets, and the cache of rendered pages that makes them fast.
//!
//! Three things to learn, and everything else is found by name:
//! - [`kernel`]: what every feature shares — the state, the two error types, the extractors, the
//!   rendering and its page cache, HTTP helpers, templates, assets, addresses, page metadata.
//!   The kernel imports no feature.
//! - [`features`]: one folder per feature (articles, search, comments, print, video, accounts,
//!   library, taxonomy, syndication), each with its reader pages, API handlers, newsroom pages
//!   and, where the binary needs one, a `service` without HTTP types. A feature uses another
//!   only through what that feature's `mod.rs` exports (`tests/boundaries.rs` checks it).
//! - [`router()`]: the one table of routes.

pub mod features;
pub mod jobs;
pub mod kernel;
mod openapi;
mod router;

pub use jobs::{release_jobs, spawn_job_runner};
pub use kernel::settings::CommentSettings;
pub use kernel::state::{
    AppState, SharedState, SiteConfig, StartError, Tools, spawn_cache_watcher, spawn_outbox_pruner, spawn_search_sync,
};
pub use router::router;
