//! `toasoan media webp`: makes the WebP copies that pictures uploaded before copies existed do
//! not have, so browsers that take WebP get them too (uploads make their own since then).
//! Resumable and safe to run on a live site: a picture that already has its copy is skipped,
//! a copy is written only where smaller, and one that cannot be read is reported and left.

use std::collections::HashSet;

use toasoan_media::{MediaStore, webp_for_stored, webp_sibling};

/// What a run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WebpCopies {
    pub made: u64,
    pub saved_bytes: u64,
    pub already_there: u64,
    /// Pictures whose WebP copy would not be smaller: served as they are.
    pub not_smaller: u64,
    pub failed: Vec<(String, String)>,
}

/// Makes the missing copies for every JPEG and PNG among `files` (a listing of `media`).
pub async fn make_copies(media: &MediaStore, files: &[String], mut tick: impl FnMut()) -> WebpCopies {
    let existing: HashSet<&str> = files.iter().map(String::as_str).collect();
    let mut outcome = WebpCopies::default();
    for (path, webp) in files.iter().filter_map(|p| webp_sibling(p).map(|w| (p, w))) {
        if existing.contains(webp.as_str()) {
            outcome.already_there += 1;
        } else {
            match copy_one(media, path, &webp).await {
                Ok(Some(saved)) => {
                    outcome.made += 1;
                    outcome.saved_bytes += saved;
                }
                Ok(None) => outcome.not_smaller += 1,
                Err(error) => outcome.failed.push((path.clone(), error)),
            }
        }
        tick();
    }
    outcome
}

async fn copy_one(media: &MediaStore, path: &str, webp: &str) -> Result<Option<u64>, String> {
    let bytes = media.get(path).await.map_err(|e| e.to_string())?;
    let original = bytes.len() as u64;
    let copy = tokio::task::spawn_blocking(move || webp_for_stored(&bytes))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    let Some(copy) = copy else { return Ok(None) };
    let saved = original.saturating_sub(copy.len() as u64);
    media.put(webp, copy).await.map_err(|e| e.to_string())?;
    Ok(Some(saved))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture =
            image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y * 3 % 256) as u8, 90]));
        let mut bytes = Vec::new();
        image::DynamicImage::from(picture)
            .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
            .expect("encode");
        bytes
    }

    #[tokio::test]
    async fn copies_are_made_once_and_broken_files_are_reported() {
        let media = MediaStore::in_memory();
        media.put("1/lua-640.jpg", jpeg(640, 400)).await.expect("put");
        media.put("2/cu-320.jpg", jpeg(320, 200)).await.expect("put");
        media.put("2/cu-320.webp", vec![1, 2, 3]).await.expect("an existing copy");
        media.put("3/hong-320.jpg", b"not a picture".to_vec()).await.expect("put");
        media.put("print/1/so-1.pdf", b"%PDF".to_vec()).await.expect("put");
        let files = media.list("").await.expect("list");
        let first = make_copies(&media, &files, || {}).await;
        assert_eq!((first.made, first.already_there, first.failed.len()), (1, 1, 1), "{first:?}");
        assert!(first.saved_bytes > 0);
        let copy = media.get("1/lua-640.webp").await.expect("made");
        assert_eq!(image::load_from_memory_with_format(&copy, image::ImageFormat::WebP).expect("WebP").width(), 640);
        let again = make_copies(&media, &media.list("").await.expect("list"), || {}).await;
        assert_eq!((again.made, again.already_there), (0, 2));
    }
}
