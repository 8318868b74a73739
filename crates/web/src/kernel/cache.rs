//! Rendered pages kept in memory per node, stamped with the content version they were made at.
//!
//! A page is rendered once per content version: every write anywhere bumps the version in the
//! database, each node notices (see `spawn_cache_watcher`) and stops serving older entries. The
//! gzip form is made once at insert time, so compressed answers cost nothing per request.
//!
//! The cache is bounded by bytes, not by entries, and evicts with moka's TinyLFU policy: a
//! stranger requesting a million distinct addresses (each a valid page: every query value is
//! checked and normalised before it becomes a key) fills at most [`MAX_BYTES`], and the pages
//! readers actually ask for again are the ones kept, instead of the whole cache being emptied.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::kernel::cache_slot::SlottedPage;

/// Memory the cached pages of a node may take (keys, bodies, gzip and slotted forms).
pub const MAX_BYTES: u64 = 128 * 1024 * 1024;
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

    /// About how many bytes the entry holds, for the cache's bound.
    fn weight(&self, key: &str) -> u32 {
        let slot = self.slot.as_ref().map_or(0, |slot| slot.weight());
        let bytes =
            key.len() + self.body.len() + self.gzip.as_ref().map_or(0, Bytes::len) + slot + self.etag.len() + 128;
        u32::try_from(bytes).unwrap_or(u32::MAX)
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
    pages: moka::sync::Cache<String, CachedPage>,
    hits: std::sync::atomic::AtomicU64,
    misses: std::sync::atomic::AtomicU64,
}

impl PageCache {
    pub fn new(version: i64) -> PageCache {
        PageCache::with_capacity(version, MAX_BYTES)
    }

    /// A cache holding at most `bytes` of pages.
    pub fn with_capacity(version: i64, bytes: u64) -> PageCache {
        let pages = moka::sync::Cache::builder()
            .max_capacity(bytes)
            .weigher(|key: &String, page: &CachedPage| page.weight(key))
            .build();
        PageCache { version: AtomicI64::new(version), pages, hits: Default::default(), misses: Default::default() }
    }

    /// The content version pages are currently rendered at.
    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    /// Records the database's content version; a newer one makes every cached page stale.
    pub fn observe_version(&self, version: i64) {
        let previous = self.version.fetch_max(version, Ordering::AcqRel);
        if version > previous {
            self.pages.invalidate_all();
        }
    }

    /// The page for `key` if it was rendered at the current version.
    pub fn get(&self, key: &str) -> Option<CachedPage> {
        let version = self.version();
        let found = self.pages.get(key).filter(|p| p.version == version);
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Lookups that found a current page, and those that did not, since the node started.
    pub fn lookups(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }

    /// Pages held now.
    pub fn entries(&self) -> u64 {
        self.pages.run_pending_tasks();
        self.pages.entry_count()
    }

    pub fn insert(&self, key: String, page: CachedPage) {
        if page.version != self.version() {
            return; // rendered from data that has changed since
        }
        self.pages.insert(key, page);
    }

    /// Bytes held now (after pending evictions are applied).
    pub fn weighted_size(&self) -> u64 {
        self.pages.run_pending_tasks();
        self.pages.weighted_size()
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

    #[test]
    fn the_cache_holds_at_most_its_bytes_and_keeps_what_is_read_again() {
        let cache = PageCache::with_capacity(1, 1024 * 1024);
        let page = |n: usize| CachedPage::new(1, format!("{n}{}", "x".repeat(10_000)), None);
        cache.insert("/pho-bien".into(), page(0));
        for _ in 0..20 {
            assert!(cache.get("/pho-bien").is_some());
        }
        for n in 1..2_000 {
            cache.insert(format!("/tap-chi-in?q={n}"), page(n));
        }
        assert!(cache.weighted_size() <= 1024 * 1024, "{} bytes", cache.weighted_size());
        assert!(cache.get("/pho-bien").is_some(), "a flood of new keys does not push out a page readers ask for");
    }
}
