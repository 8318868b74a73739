//! Files through `object_store`, so a single node keeps them in its data folder and several
//! nodes share one bucket with the same code.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot prepare the media folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("media storage: {0}")]
    Store(#[from] object_store::Error),
    #[error("no such media file")]
    NotFound,
    #[error("cannot read the file to store: {0}")]
    Io(#[from] std::io::Error),
    #[error("media URL {url:?}: {why}")]
    Url { url: String, why: String },
}

/// Where media files are kept.
#[derive(Clone, Debug)]
pub struct MediaStore {
    store: Arc<dyn ObjectStore>,
}

impl MediaStore {
    /// Files under `dir` (created if missing, its owner's only: drafts' pictures and print PDFs
    /// not yet published are in it; the site serves what readers may see).
    pub fn local(dir: &Path) -> Result<MediaStore, StorageError> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|source| StorageError::Folder { path: dir.display().to_string(), source })?;
        Ok(MediaStore { store: Arc::new(LocalFileSystem::new_with_prefix(dir)?) })
    }

    /// Files in memory only: for tests and throwaway sites.
    pub fn in_memory() -> MediaStore {
        MediaStore { store: Arc::new(object_store::memory::InMemory::new()) }
    }

    /// Any other store (S3-compatible, in memory for tests).
    pub fn with_store(store: Arc<dyn ObjectStore>) -> MediaStore {
        MediaStore { store }
    }

    pub async fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), StorageError> {
        self.store.put(&StorePath::from(path), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// Stores a file from the local disk piece by piece (a multipart upload where the store has
    /// one), so a 500 MB clip never sits in memory.
    pub async fn put_file(&self, path: &str, source: &std::path::Path) -> Result<(), StorageError> {
        use tokio::io::AsyncWriteExt;
        let mut file = tokio::fs::File::open(source).await?;
        let mut writer = object_store::buffered::BufWriter::new(self.store.clone(), StorePath::from(path));
        if let Err(error) = tokio::io::copy(&mut file, &mut writer).await {
            let _ = writer.abort().await;
            return Err(error.into());
        }
        writer.shutdown().await?;
        Ok(())
    }

    /// Every stored file under `prefix` (a folder, without trailing slash), in no order.
    pub async fn list(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        use futures_util::TryStreamExt;
        let prefix = StorePath::from(prefix);
        let metas: Vec<_> = self.store.list(Some(&prefix)).try_collect().await?;
        Ok(metas.into_iter().map(|meta| meta.location.to_string()).collect())
    }

    /// Removes a stored file (what a refused save had already written); a missing one is fine.
    pub async fn delete(&self, path: &str) -> Result<(), StorageError> {
        let location = StorePath::parse(path).map_err(|_| StorageError::NotFound)?;
        match self.store.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    pub async fn get(&self, path: &str) -> Result<Bytes, StorageError> {
        let location = StorePath::parse(path).map_err(|_| StorageError::NotFound)?;
        match self.store.get(&location).await {
            Ok(result) => Ok(result.bytes().await?),
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::NotFound),
            Err(error) => Err(error.into()),
        }
    }
}

/// A stored file on its way out: its whole size, and the bytes asked for as a stream (a video
/// or a whole-issue PDF is never held in memory).
pub struct MediaBody {
    pub size: u64,
    /// The part of the file in `stream` (all of it when no part was asked for).
    pub range: Range<u64>,
    pub stream: BoxStream<'static, Result<Bytes, object_store::Error>>,
}

impl MediaStore {
    /// The file's size, to decide what part of it a request may have.
    pub async fn size(&self, path: &str) -> Result<u64, StorageError> {
        let location = StorePath::parse(path).map_err(|_| StorageError::NotFound)?;
        match self.store.head(&location).await {
            Ok(meta) => Ok(meta.size),
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::NotFound),
            Err(error) => Err(error.into()),
        }
    }

    /// The file, or the bytes `range` of it (which the caller checked against [`size`]).
    pub async fn open(&self, path: &str, range: Option<Range<u64>>) -> Result<MediaBody, StorageError> {
        let location = StorePath::parse(path).map_err(|_| StorageError::NotFound)?;
        let options = GetOptions { range: range.map(GetRange::Bounded), ..GetOptions::default() };
        match self.store.get_opts(&location, options).await {
            Ok(result) => {
                Ok(MediaBody { size: result.meta.size, range: result.range.clone(), stream: result.into_stream() })
            }
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::NotFound),
            Err(error) => Err(error.into()),
        }
    }
}

impl MediaStore {
    /// Copies the file at `path` into `target` under the same name, as a stream (a video is never
    /// held whole in memory). Returns the bytes copied.
    pub async fn copy_to(&self, path: &str, target: &MediaStore) -> Result<u64, StorageError> {
        use futures_util::TryStreamExt;
        use tokio::io::AsyncWriteExt;
        let body = self.open(path, None).await?;
        let mut writer = object_store::buffered::BufWriter::new(target.store.clone(), StorePath::from(path));
        let mut stream = body.stream;
        let mut copied = 0u64;
        loop {
            let chunk = match stream.try_next().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => {
                    let _ = writer.abort().await;
                    return Err(error.into());
                }
            };
            if let Err(error) = writer.write_all(&chunk).await {
                let _ = writer.abort().await;
                return Err(error.into());
            }
            copied += chunk.len() as u64;
        }
        writer.shutdown().await?;
        Ok(copied)
    }
}

/// The content type of a stored file, by its extension (we name every file we store).
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("jpg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("pdf") => "application/pdf",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_is_stored_from_disk_and_deleted_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::local(&dir.path().join("media")).expect("store");
        let source = dir.path().join("clip.mp4");
        let content: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&source, &content).expect("write");
        store.put_file("video/2026/a.mp4", &source).await.expect("put");
        assert_eq!(store.get("video/2026/a.mp4").await.expect("get").as_ref(), content.as_slice());
        assert_eq!(store.list("video").await.expect("list"), ["video/2026/a.mp4"]);
        store.delete("video/2026/a.mp4").await.expect("delete");
        assert!(store.list("video").await.expect("list").is_empty());
        assert!(matches!(store.get("video/2026/a.mp4").await, Err(StorageError::NotFound)));
        store.delete("video/2026/a.mp4").await.expect("deleting a missing file is fine");
    }

    #[test]
    fn a_new_media_folder_is_the_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        MediaStore::local(&dir.path().join("media")).expect("store");
        let mode = std::fs::metadata(dir.path().join("media")).expect("exists").permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[tokio::test]
    async fn files_round_trip_and_missing_ones_are_not_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = MediaStore::local(&dir.path().join("media")).expect("store");
        store.put("1/a.jpg", b"abc".to_vec()).await.expect("put");
        assert_eq!(store.get("1/a.jpg").await.expect("get").as_ref(), b"abc");
        assert!(matches!(store.get("1/b.jpg").await, Err(StorageError::NotFound)));
        assert!(matches!(store.get("../etc/passwd").await, Err(StorageError::NotFound)));
        assert_eq!(content_type("1/a.jpg"), "image/jpeg");
    }

    #[tokio::test]
    async fn parts_of_a_file_come_as_streams() {
        use futures_util::TryStreamExt;
        let dir = tempfile::tempdir().expect("temp dir");
        for store in [MediaStore::in_memory(), MediaStore::local(dir.path()).expect("local")] {
            store.put("v/a.mp4", b"0123456789".to_vec()).await.expect("put");
            assert_eq!(store.size("v/a.mp4").await.expect("size"), 10);
            let part = store.open("v/a.mp4", Some(2..5)).await.expect("open");
            assert_eq!((part.size, part.range.clone()), (10, 2..5));
            let bytes: Vec<Bytes> = part.stream.try_collect().await.expect("read");
            assert_eq!(bytes.concat(), b"234");
            let all = store.open("v/a.mp4", None).await.expect("open");
            assert_eq!(all.range, 0..10);
            assert!(matches!(store.size("v/b.mp4").await, Err(StorageError::NotFound)));
        }
    }

    #[tokio::test]
    async fn a_file_is_copied_to_another_store_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (from, to) = (MediaStore::local(dir.path()).expect("local"), MediaStore::in_memory());
        let content: Vec<u8> = (0..12_000_000u32).map(|i| (i % 253) as u8).collect();
        from.put("v/clip.mp4", content.clone()).await.expect("put");
        assert_eq!(from.copy_to("v/clip.mp4", &to).await.expect("copy"), 12_000_000);
        assert_eq!(to.get("v/clip.mp4").await.expect("get").as_ref(), content.as_slice());
        assert!(matches!(from.copy_to("v/none.mp4", &to).await, Err(StorageError::NotFound)));
    }
}
