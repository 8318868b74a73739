//! A picture of an imported site into our media library, once: a second run finds it by its
//! link and reuses it; a missing or unreadable file is reported and the import goes on.

use std::path::PathBuf;

use anyhow::Result;
use toasoan_media::MediaStore;
use toasoan_store::{Db, MediaItem};
use toasoan_web::features::library::store_image;

use super::report::Report;

/// What to store: the picture's id on the old site and the files it may be in, best first.
pub struct SourcePicture<'a> {
    pub key: &'a str,
    pub files: Vec<PathBuf>,
    pub alt: &'a str,
    pub caption: &'a str,
    /// Where the file names it, for the report (`picture 5 (2026/06/a.jpg)`, line).
    pub label: String,
    pub line: usize,
}

pub async fn stored_once(
    db: &Db,
    media: &MediaStore,
    source: &str,
    picture: &SourcePicture<'_>,
    report: &mut Report,
) -> Result<Option<MediaItem>> {
    report.pictures.read += 1;
    if let Some(link) = db.import_link(source, "media", picture.key).await?
        && let Some(item) = db.media(link.target_id).await?
    {
        report.pictures.unchanged += 1;
        return Ok(Some(item));
    }
    let Some((path, bytes)) = picture.files.iter().find_map(|f| std::fs::read(f).ok().map(|b| (f, b))) else {
        report.pictures.failed += 1;
        let tried: Vec<String> = picture.files.iter().map(|f| f.display().to_string()).collect();
        report.warn(picture.line, format!("{}: no such file ({})", picture.label, tried.join(", ")));
        return Ok(None);
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let alt = if picture.alt.trim().is_empty() { name.as_str() } else { picture.alt };
    match store_image(db, media, None, &name, bytes, alt, picture.caption).await {
        Ok(item) => {
            report.pictures.created += 1;
            let mut tx = db.begin().await?;
            tx.set_import_link((source, "media", picture.key), item.id, "").await?;
            tx.commit().await?;
            Ok(Some(item))
        }
        Err(error) => {
            report.pictures.failed += 1;
            report.warn(picture.line, format!("{}: {error}", picture.label));
            Ok(None)
        }
    }
}
