//! The export's attachments into our media library (variants made, metadata stripped, as any
//! upload), once: a second run finds each picture by its link and reuses it. Every address
//! WordPress served a picture at — the file, its smaller copies, the attachment page — is kept
//! as a redirect to our copy.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use toasoan_core::import::wordpress::post::{Attachment, Site};
use toasoan_media::MediaStore;
use toasoan_store::{Db, MediaItem};
use toasoan_web::features::library::{default_url, srcset, store_image};

use super::report::Report;

/// Our copy of a picture, by every address the old site used for it.
#[derive(Debug, Default)]
pub struct Pictures {
    by_address: HashMap<String, Picture>,
    by_attachment: HashMap<i64, Picture>,
}

#[derive(Debug, Clone)]
pub struct Picture {
    pub url: String,
    pub srcset: String,
    pub alt: String,
}

impl Pictures {
    /// Our copy of the picture at an old address (any of its sizes, with or without the host).
    pub fn find(&self, address: &str) -> Option<&Picture> {
        let address = address.split(['?', '#']).next().unwrap_or_default();
        self.by_address.get(address).or_else(|| self.by_address.get(&without_size(address)))
    }

    pub fn of_attachment(&self, id: i64) -> Option<&Picture> {
        self.by_attachment.get(&id)
    }
}

/// Stores every attachment found in `uploads` (or already stored by a former run) and keeps the
/// old addresses as redirects.
pub async fn import(
    db: &Db,
    media: &MediaStore,
    site: &Site<'_>,
    uploads: Option<&Path>,
    report: &mut Report,
) -> Result<Pictures> {
    let source = site.source();
    let mut pictures = Pictures::default();
    for attachment in site.attachments() {
        report.pictures.read += 1;
        let key = attachment.id.to_string();
        let item = match db.import_link(&source, "media", &key).await? {
            Some(link) => match db.media(link.target_id).await? {
                Some(item) => {
                    report.pictures.unchanged += 1;
                    Some(item)
                }
                None => store(db, media, attachment, uploads, report).await?,
            },
            None => store(db, media, attachment, uploads, report).await?,
        };
        let Some(item) = item else { continue };
        let picture =
            Picture { url: default_url(&item).unwrap_or_default(), srcset: srcset(&item), alt: item.alt.clone() };
        let mut tx = db.begin().await?;
        tx.set_import_link((&source, "media", &key), item.id, "").await?;
        for old in old_addresses(site, attachment) {
            tx.set_redirect(&old, &picture.url).await?;
            report.redirects += 1;
        }
        tx.commit().await?;
        for address in addresses(attachment) {
            pictures.by_address.insert(address, picture.clone());
        }
        pictures.by_attachment.insert(attachment.id, picture);
    }
    Ok(pictures)
}

async fn store(
    db: &Db,
    media: &MediaStore,
    attachment: &Attachment,
    uploads: Option<&Path>,
    report: &mut Report,
) -> Result<Option<MediaItem>> {
    let Some(uploads) = uploads else {
        report.pictures.not_imported += 1;
        return Ok(None);
    };
    let Some((path, bytes)) = read_file(uploads, attachment) else {
        report.pictures.failed += 1;
        report.warn(
            attachment.line,
            format!("picture {} ({}): no such file under {}", attachment.id, attachment.file, uploads.display()),
        );
        return Ok(None);
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let alt = [&attachment.alt, &attachment.caption, &attachment.title, &name]
        .into_iter()
        .find(|t| !t.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| "Ảnh".to_owned());
    match store_image(db, media, None, &name, bytes, &alt, &attachment.caption).await {
        Ok(item) => {
            report.pictures.created += 1;
            Ok(Some(item))
        }
        Err(error) => {
            report.pictures.failed += 1;
            report.warn(attachment.line, format!("picture {} ({}): {error}", attachment.id, attachment.file));
            Ok(None)
        }
    }
}

/// The attachment's file: the one WordPress serves, else the original it scaled down.
fn read_file(uploads: &Path, attachment: &Attachment) -> Option<(std::path::PathBuf, Vec<u8>)> {
    let folder = Path::new(&attachment.file).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut candidates = vec![uploads.join(&attachment.file)];
    if let Some(original) = &attachment.original_file {
        candidates.push(uploads.join(&folder).join(original));
    }
    candidates.into_iter().find_map(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
}

/// Every address the old site served the picture at, as full URLs.
fn addresses(attachment: &Attachment) -> Vec<String> {
    let mut all = vec![attachment.url.clone()];
    if let Some((folder, _)) = attachment.url.rsplit_once('/') {
        all.extend(attachment.sizes.iter().map(|size| format!("{folder}/{size}")));
        if let Some(original) = &attachment.original_file {
            all.push(format!("{folder}/{original}"));
        }
    }
    all.into_iter().filter(|a| !a.is_empty()).collect()
}

/// The same addresses as paths of the old site, plus the attachment's own page.
fn old_addresses(site: &Site<'_>, attachment: &Attachment) -> Vec<String> {
    let mut paths: Vec<String> = addresses(attachment).iter().filter_map(|a| site.old_path(a)).collect();
    if let Some(page) = site.old_path(&attachment.link) {
        paths.push(page.trim_end_matches('/').to_owned());
        paths.push(format!("{}/", page.trim_end_matches('/')));
    }
    paths.sort();
    paths.dedup();
    paths
}

/// `…/a-300x200.jpg` → `…/a.jpg`: the original of one of WordPress's smaller copies.
fn without_size(address: &str) -> String {
    let Some((stem, extension)) = address.rsplit_once('.') else { return address.to_owned() };
    let Some((base, size)) = stem.rsplit_once('-') else { return address.to_owned() };
    let is_size = size.split_once('x').is_some_and(|(w, h)| {
        !w.is_empty() && !h.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) && h.bytes().all(|b| b.is_ascii_digit())
    });
    if is_size { format!("{base}.{extension}") } else { address.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::without_size;

    #[test]
    fn smaller_copies_lead_to_their_original() {
        assert_eq!(without_size("https://s/u/2026/06/a-300x200.jpg"), "https://s/u/2026/06/a.jpg");
        assert_eq!(without_size("https://s/u/a-b.jpg"), "https://s/u/a-b.jpg");
        assert_eq!(without_size("https://s/u/a-1024x.jpg"), "https://s/u/a-1024x.jpg");
        assert_eq!(without_size("noextension"), "noextension");
    }
}
