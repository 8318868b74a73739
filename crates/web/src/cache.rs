//! Rendered pages kept in memory per node, stamped with the content version they were made at.
//!
//! A page is rendered once per content version: every write anywhere bumps the version in the
//! database, each node notices (see `spawn_cache_watcher`) and stops serving older entries. The
//! gzip form is made once at insert time, so compressed answers cost nothing per request.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::RwLock;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::cache_slot::SlottedPage;

/// Beyond this many pages the cache starts over; pages are cheap to render again.
const MAX_ENTRIES: usize = 20_000;
/// Bodies shorter than this are not worth compressing.
const MIN_GZIP_BYTES: usize = 1024;

/// One rendered page (always a 200: errors and redirects are never cached), ready to send.
#[derive(Debug, Clone)]
pub struct CachedPage {
    pub version: i64,
    pub body: Bytes,
    pub gzip: Option<Bytes>,
    pub etag: String,
    pub last_modified: Option<DateTime<Utc>>,
    /// Set when the page has a hole filled per request (see [`crate::cache_slot`]); `body` and
    /// `gzip` are then not sent as they are.
    pub slot: Option<SlottedPage>,
}

impl CachedPage {
    pub fn new(version: i64, body: String, last_modified: Option<DateTime<Utc>>) -> CachedPage {
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        let etag = format!("\"{:016x}\"", hasher.finish());
        let slot = SlottedPage::split(&body);
        let gzip = (slot.is_none() && body.len() >= MIN_GZIP_BYTES).then(|| gzip(body.as_bytes())).flatten();
        CachedPage { version, body: Bytes::from(body), gzip, etag, last_modified, slot }
    }
}

fn gzip(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::default());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok().map(Bytes::from)
}

/// The per-node cache of rendered pages.
pub struct PageCache {
    version: AtomicI64,
    pages: RwLock<HashMap<String, CachedPage>>,
}

impl PageCache {
    pub fn new(version: i64) -> PageCache {
        PageCache { version: AtomicI64::new(version), pages: RwLock::new(HashMap::new()) }
    }

    /// The content version pages are currently rendered at.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    /// Records the database's content version; a newer one makes every cached page stale.
    pub fn observe_version(&self, version: i64) {
        let previous = self.version.fetch_max(version, Ordering::AcqRel);
        if version > previous
            && let Ok(mut pages) = self.pages.write()
        {
            pages.clear();
        }
    }

    /// The page for `key` if it was rendered at the current version.
    pub fn get(&self, key: &str) -> Option<CachedPage> {
        let version = self.version();
        let pages = self.pages.read().ok()?;
        pages.get(key).filter(|p| p.version == version).cloned()
    }

    pub fn insert(&self, key: String, page: CachedPage) {
        if page.version != self.version() {
            return; // rendered from data that has changed since
        }
        if let Ok(mut pages) = self.pages.write() {
            if pages.len() >= MAX_ENTRIES {
                pages.clear();
            }
            pages.insert(key, page);
        }
    }

    pub fn len(&self) -> usize {
        self.pages.read().map(|p| p.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_go_stale_when_the_version_moves() {
        let cache = PageCache::new(1);
        cache.insert("/".into(), CachedPage::new(1, "trang chủ".into(), None));
        assert!(cache.get("/").is_some());
        cache.observe_version(1);
        assert!(cache.get("/").is_some());
        cache.observe_version(2);
        assert!(cache.get("/").is_none());
        cache.insert("/".into(), CachedPage::new(1, "cũ".into(), None));
        assert!(cache.get("/").is_none(), "a page rendered before the write is not kept");
    }

    #[test]
    fn equal_bodies_share_an_etag_and_large_ones_are_gzipped() {
        let a = CachedPage::new(1, "x".repeat(2000), None);
        let b = CachedPage::new(2, "x".repeat(2000), None);
        assert_eq!(a.etag, b.etag);
        assert!(a.gzip.as_ref().is_some_and(|g| g.len() < 200));
        assert!(CachedPage::new(1, "ngắn".into(), None).gzip.is_none());
    }
}
