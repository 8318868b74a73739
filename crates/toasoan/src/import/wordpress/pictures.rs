//! The export's attachments into our media library (variants made, metadata stripped, as any
//! upload), once: a second run finds each picture by its link and reuses it. Every address
//! WordPress served a picture at — the file, its smaller copies, the attachment page — is kept
//! as a redirect to our copy.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use toasoan_core::import::wordpress::post::{Attachment, Site};
use toasoan_media::MediaStore;
use toasoan_store::Db;
use toasoan_web::features::library::{default_url, srcset};

use crate::import::media_files::{SourcePicture, stored_once};
use crate::import::report::Report;

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
    /// Our copy of the picture at an old address: any of its sizes, on the site's host or
    /// another (http and https, a CDN), known by its place under `wp-content/uploads`.
    pub fn find(&self, address: &str) -> Option<&Picture> {
        let address = address.split(['?', '#']).next().unwrap_or_default();
        let found = self.by_address.get(address).or_else(|| self.by_address.get(&without_size(address)));
        found.or_else(|| {
            let relative = uploads_relative(address)?;
            self.by_address.get(relative).or_else(|| self.by_address.get(&without_size(relative)))
        })
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
        let key = attachment.id.to_string();
        let item = match uploads {
            Some(uploads) => {
                let title_or_caption =
                    if attachment.caption.is_empty() { &attachment.title } else { &attachment.caption };
                let picture = SourcePicture {
                    key: &key,
                    files: files(uploads, attachment),
                    alt: if attachment.alt.is_empty() { title_or_caption } else { &attachment.alt },
                    caption: &attachment.caption,
                    label: format!("picture {} ({})", attachment.id, attachment.file),
                    line: attachment.line,
                };
                stored_once(db, media, &source, &picture, report).await?
            }
            None => {
                report.pictures.read += 1;
                report.pictures.not_imported += 1;
                None
            }
        };
        let Some(item) = item else { continue };
        let picture =
            Picture { url: default_url(&item).unwrap_or_default(), srcset: srcset(&item), alt: item.alt.clone() };
        let mut tx = db.begin().await?;
        for old in old_addresses(site, attachment) {
            tx.set_redirect(&old, &picture.url).await?;
            report.redirects += 1;
        }
        tx.commit().await?;
        for address in addresses(attachment) {
            if let Some(relative) = uploads_relative(&address) {
                pictures.by_address.insert(relative.to_owned(), picture.clone());
            }
            pictures.by_address.insert(address, picture.clone());
        }
        pictures.by_attachment.insert(attachment.id, picture);
    }
    Ok(pictures)
}

/// The attachment's file: the one WordPress serves, else the original it scaled down.
fn files(uploads: &Path, attachment: &Attachment) -> Vec<std::path::PathBuf> {
    let folder = Path::new(&attachment.file).parent().map(Path::to_path_buf).unwrap_or_default();
    let mut candidates = vec![uploads.join(&attachment.file)];
    if let Some(original) = &attachment.original_file {
        candidates.push(uploads.join(&folder).join(original));
    }
    candidates
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
    // The attachment's page; the form with or without a final slash is found by the lookup.
    paths.extend(site.old_path(&attachment.link));
    paths.sort();
    paths.dedup();
    paths
}

/// `https://any.host/wp-content/uploads/2026/06/a.jpg` → `2026/06/a.jpg`.
fn uploads_relative(address: &str) -> Option<&str> {
    address.split_once("/wp-content/uploads/").map(|(_, relative)| relative)
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
