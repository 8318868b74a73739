//! Where the media store is, as a URL: `file://DIR` (a single node's folder) or
//! `s3://BUCKET[/PREFIX]` (a bucket every node shares; credentials, region and endpoint from the
//! standard `AWS_*` variables, so the same settings work for AWS, MinIO, Garage or a test server).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};
use std::time::Duration;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::prefix::PrefixStore;
use object_store::{ClientConfigKey, RetryConfig};

use crate::storage::{MediaStore, StorageError};

/// A media store's place, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaLocation {
    Folder(PathBuf),
    Bucket { bucket: String, prefix: String },
}

impl MediaLocation {
    /// Reads `file://DIR`, a bare path, or `s3://BUCKET[/PREFIX]`.
    pub fn parse(url: &str) -> Result<MediaLocation, StorageError> {
        let bad = |why: &str| StorageError::Url { url: url.to_owned(), why: why.to_owned() };
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty()
                || !bucket.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            {
                return Err(bad("the bucket name must be letters, digits, '-', '.' or '_'"));
            }
            let prefix = prefix.trim_matches('/').to_owned();
            if prefix.split('/').any(|part| part == ".." || part == ".") {
                return Err(bad("the prefix may not hold '.' or '..'"));
            }
            return Ok(MediaLocation::Bucket { bucket: bucket.to_owned(), prefix });
        }
        if let Some(path) = url.strip_prefix("file://") {
            if path.is_empty() {
                return Err(bad("file:// needs a folder"));
            }
            return Ok(MediaLocation::Folder(PathBuf::from(path)));
        }
        if url.contains("://") {
            return Err(bad("use file://FOLDER or s3://BUCKET[/PREFIX]"));
        }
        if url.is_empty() {
            return Err(bad("empty"));
        }
        Ok(MediaLocation::Folder(PathBuf::from(url)))
    }

    /// The store at this place. A relative folder is taken from `base` (the data folder).
    pub fn open(&self, base: &Path) -> Result<MediaStore, StorageError> {
        match self {
            MediaLocation::Folder(dir) => MediaStore::local(&base.join(dir)),
            MediaLocation::Bucket { bucket, prefix } => open_bucket(bucket, prefix),
        }
    }
}

impl std::fmt::Display for MediaLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MediaLocation::Folder(dir) => write!(f, "file://{}", dir.display()),
            MediaLocation::Bucket { bucket, prefix } if prefix.is_empty() => write!(f, "s3://{bucket}"),
            MediaLocation::Bucket { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

/// A request to the bucket gives up after this long (a stuck bucket must not hold a reader's
/// request for minutes), and retries a failed one within [`RETRY_WITHIN`].
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const RETRY_WITHIN: Duration = Duration::from_secs(15);

fn open_bucket(bucket: &str, prefix: &str) -> Result<MediaStore, StorageError> {
    install_tls_provider();
    // Set one by one: `with_client_options` would replace what `from_env` read (AWS_ALLOW_HTTP).
    let seconds = |d: Duration| format!("{}s", d.as_secs());
    let retry = RetryConfig { max_retries: 3, retry_timeout: RETRY_WITHIN, ..RetryConfig::default() };
    let store = AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), seconds(REQUEST_TIMEOUT))
        .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout), seconds(CONNECT_TIMEOUT))
        .with_retry(retry)
        .build()
        .map_err(|error| StorageError::Url { url: format!("s3://{bucket}"), why: error.to_string() })?;
    if prefix.is_empty() {
        return Ok(MediaStore::with_store(Arc::new(store)));
    }
    Ok(MediaStore::with_store(Arc::new(PrefixStore::new(store, prefix))))
}

/// HTTPS to the bucket uses rustls with ring (see the workspace's Cargo.toml); rustls needs it
/// named once per process. Installing fails only when a provider is already installed, which is
/// what we want either way.
fn install_tls_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_buckets_are_read() {
        assert_eq!(MediaLocation::parse("file:///srv/media").ok(), Some(MediaLocation::Folder("/srv/media".into())));
        assert_eq!(MediaLocation::parse("media").ok(), Some(MediaLocation::Folder("media".into())));
        let bucket = |b: &str, p: &str| Some(MediaLocation::Bucket { bucket: b.into(), prefix: p.into() });
        assert_eq!(MediaLocation::parse("s3://toasoan").ok(), bucket("toasoan", ""));
        assert_eq!(MediaLocation::parse("s3://toasoan/").ok(), bucket("toasoan", ""));
        assert_eq!(MediaLocation::parse("s3://toasoan/site-a/media/").ok(), bucket("toasoan", "site-a/media"));
        assert_eq!(MediaLocation::parse("s3://toasoan/a").map(|l| l.to_string()).ok(), Some("s3://toasoan/a".into()));
    }

    #[test]
    fn bad_urls_say_why() {
        for url in ["s3://", "s3:///x", "s3://a b", "s3://b/../x", "ftp://host/x", "file://", ""] {
            let error = MediaLocation::parse(url).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("media URL"), "{url:?} gave {error:?}");
        }
    }

    #[test]
    fn a_relative_folder_is_under_the_data_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        MediaLocation::parse("pictures").and_then(|l| l.open(dir.path())).expect("opens");
        assert!(dir.path().join("pictures").is_dir());
    }

    #[test]
    fn a_bucket_opens_without_contacting_it() {
        // Building the client checks the settings only; no request is made until a file is read.
        let store = MediaLocation::parse("s3://toasoan-test/p").and_then(|l| l.open(Path::new(".")));
        assert!(store.is_ok(), "{:?}", store.err());
    }
}
