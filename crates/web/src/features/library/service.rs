//! An image upload, for both the media library page and `POST /api/v1/media`: checked and
//! resized off the async threads, stored, recorded; a failure stores nothing.

use toasoan_media::{ImageError, process_image};
use toasoan_store::{MediaItem, NewMedia, StoredVariant, User};

use crate::SharedState;
use crate::kernel::urls::media_url;

/// Longest alt text and caption, in characters.
const MAX_TEXT: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("alt text is required (a short description for readers who cannot see the image)")]
    MissingAlt,
    #[error("{0}")]
    Image(#[from] ImageError),
    #[error("your role cannot upload media")]
    Forbidden,
    #[error("storage failed: {0}")]
    Internal(String),
}

impl UploadError {
    /// The message the newsroom shows.
    pub fn vietnamese(&self) -> String {
        match self {
            UploadError::MissingAlt => "Hãy nhập mô tả ảnh (cho người không xem được ảnh).".to_owned(),
            UploadError::Image(ImageError::TooLarge) => "Tệp lớn quá 20 MB.".to_owned(),
            UploadError::Image(ImageError::UnsupportedType) => "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.".to_owned(),
            UploadError::Image(ImageError::TooManyPixels { .. }) => {
                "Ảnh quá nhiều điểm ảnh (tối đa 12.000 điểm mỗi chiều, 60 triệu điểm).".to_owned()
            }
            UploadError::Image(ImageError::TooMuchMemory { width, height, needed, .. }) => format!(
                "Ảnh {width}×{height} điểm cần {} MB bộ nhớ để đọc (tối đa {} MB); hãy lưu lại ảnh ở 8 bit mỗi kênh \
                 hoặc nhỏ hơn.",
                needed / 1024 / 1024,
                toasoan_media::images::MAX_DECODED_BYTES / 1024 / 1024
            ),
            UploadError::Image(ImageError::Broken(_)) => "Tệp ảnh bị hỏng, không đọc được.".to_owned(),
            UploadError::Forbidden => "Vai trò của bạn không được tải tệp lên.".to_owned(),
            UploadError::Internal(_) => "Lỗi hệ thống khi lưu tệp; xin thử lại.".to_owned(),
        }
    }
}

/// Checks, resizes, stores and records one image.
pub async fn upload_image(
    state: &SharedState,
    user: &User,
    file_name: &str,
    bytes: Vec<u8>,
    alt: &str,
    caption: &str,
) -> Result<MediaItem, UploadError> {
    if !user.actor().can_write() {
        return Err(UploadError::Forbidden);
    }
    let item = store_image(&state.db, &state.media, Some(user.id), file_name, bytes, alt, caption).await?;
    let internal = |e: &dyn std::fmt::Display| UploadError::Internal(e.to_string());
    let target = format!("media {}", item.id);
    state.db.audit(Some(user.id), "media_upload", &target, &item.original_name).await.map_err(|e| internal(&e))?;
    Ok(item)
}

/// Images being decoded on this node: each may hold up to twice
/// `toasoan_media::images::MAX_DECODED_BYTES` at its peak, so a burst of uploads waits its turn
/// instead of adding up.
static DECODING: tokio::sync::Semaphore =
    tokio::sync::Semaphore::const_new(toasoan_media::images::MAX_DECODING_AT_ONCE);

/// Checks, resizes, stores and records one image, for whoever may (the newsroom's handlers and
/// the command-line importers).
pub async fn store_image(
    db: &toasoan_store::Db,
    media: &toasoan_media::MediaStore,
    uploaded_by: Option<i64>,
    file_name: &str,
    bytes: Vec<u8>,
    alt: &str,
    caption: &str,
) -> Result<MediaItem, UploadError> {
    let alt: String = alt.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_TEXT).collect();
    if alt.is_empty() {
        return Err(UploadError::MissingAlt);
    }
    let caption: String = caption.trim().chars().take(MAX_TEXT).collect();
    let size = bytes.len();
    let turn = DECODING.acquire().await.map_err(|e| UploadError::Internal(e.to_string()))?;
    let processed = tokio::task::spawn_blocking(move || process_image(&bytes))
        .await
        .map_err(|e| UploadError::Internal(e.to_string()))??;
    drop(turn);
    let name = file_name.chars().take(200).collect::<String>();
    let record = NewMedia {
        original_name: &name,
        mime: processed.mime,
        width: processed.width,
        height: processed.height,
        bytes: size,
        alt: &vn::nfc(&alt),
        caption: &vn::nfc(&caption),
        uploaded_by,
    };
    let internal = |e: &dyn std::fmt::Display| UploadError::Internal(e.to_string());
    let id = db.create_media(&record).await.map_err(|e| internal(&e))?;
    let stem = vn::slug_limited(name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s), 60);
    let stem = if stem.is_empty() { "anh".to_owned() } else { stem };
    let mut stored = Vec::with_capacity(processed.variants.len());
    for variant in processed.variants {
        let path = format!("{id}/{stem}-{}.{}", variant.width, variant.extension);
        let webp = variant.webp.zip(toasoan_media::webp_sibling(&path));
        let written = match media.put(&path, variant.bytes).await {
            Ok(()) => match webp {
                Some((bytes, webp_path)) => media.put(&webp_path, bytes).await,
                None => Ok(()),
            },
            Err(error) => Err(error),
        };
        if let Err(error) = written {
            let _ = db.delete_media(id).await;
            return Err(internal(&error));
        }
        stored.push(StoredVariant { width: variant.width, height: variant.height, path });
    }
    db.set_media_variants(id, &stored).await.map_err(|e| internal(&e))?;
    db.media(id).await.map_err(|e| internal(&e))?.ok_or_else(|| UploadError::Internal("vanished".into()))
}

/// What a save wrote to storage before the database agreed: undone when the save is refused,
/// so a refused form leaves no file behind.
#[derive(Default)]
pub struct Staged {
    files: Vec<String>,
    images: Vec<MediaItem>,
}

impl Staged {
    pub fn file(&mut self, path: String) {
        self.files.push(path);
    }

    pub fn image(&mut self, item: MediaItem) {
        self.images.push(item);
    }

    /// Removes everything staged (failures are logged: the save is refused either way).
    pub async fn undo(self, state: &SharedState) {
        let mut paths = self.files;
        for item in &self.images {
            paths.extend(item.variants.iter().map(|variant| variant.path.clone()));
        }
        for path in &paths {
            // WebP copies exist only where smaller than their variant: absent ones are no error.
            if let Some(webp) = toasoan_media::webp_sibling(path) {
                let _ = state.media.delete(&webp).await;
            }
        }
        for path in paths {
            if let Err(error) = state.media.delete(&path).await {
                tracing::warn!(%error, path, "a file of a refused save could not be removed");
            }
        }
        for item in self.images {
            if let Err(error) = state.db.delete_media(item.id).await {
                tracing::warn!(%error, id = item.id, "a picture of a refused save could not be removed");
            }
        }
    }
}

/// `url 320w, url 640w, …` for an `<img srcset>`.
pub fn srcset(item: &MediaItem) -> String {
    item.variants.iter().map(|v| format!("{} {}w", media_url(&v.path), v.width)).collect::<Vec<_>>().join(", ")
}

/// The media library item an address of ours names (`/media/{id}/…`), if it is one.
pub fn library_id(url: &str) -> Option<i64> {
    url.strip_prefix("/media/").and_then(|rest| rest.split('/').next()).and_then(|id| id.parse().ok())
}

/// The variant to use as `src`: the one nearest 1024 px wide, or the largest.
pub fn default_url(item: &MediaItem) -> Option<String> {
    let best = item.variants.iter().filter(|v| v.width <= 1024).max_by_key(|v| v.width).or(item.variants.last());
    best.map(|v| media_url(&v.path))
}
