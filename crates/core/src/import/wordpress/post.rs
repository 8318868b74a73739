//! A WordPress post, page or attachment as we keep it: an article draft with what only an
//! importer needs beside it (the category's whole path, the author's login, the featured
//! picture, what had to change), a comment, a picture of the media library.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

use super::content::{Body, GalleryImage, body};
use super::{Comment, Export, Item, Term};
use crate::content::one_line;
use crate::import::ImportError;
use crate::rich_text::plain_text;
use crate::{ArticleDraft, CategoryRef, Status};

/// An item turned into an article, with what the importer does beside storing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub wordpress_id: i64,
    pub line: usize,
    pub is_page: bool,
    pub draft: ArticleDraft,
    /// Category names from the top down (`["Thời sự", "Xã hội", "Giáo dục"]`).
    pub category_path: Vec<String>,
    pub author_login: String,
    pub featured_attachment: Option<i64>,
    /// What could not be kept as it was ("private: imported as a draft").
    pub notes: Vec<String>,
    pub unknown_shortcodes: Vec<String>,
}

/// A file of the media library, as the export describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub line: usize,
    pub url: String,
    /// Under `wp-content/uploads` (`2026/06/DSC07269.jpg`).
    pub file: String,
    /// The file before WordPress scaled it down (`DSC01922.jpg` beside `DSC01922-scaled.jpg`).
    pub original_file: Option<String>,
    /// The smaller copies WordPress made (`DSC07269-300x200.jpg`), in the same folder.
    pub sizes: Vec<String>,
    pub title: String,
    pub caption: String,
    pub alt: String,
    pub link: String,
}

/// What every item's conversion needs to know about the site.
pub struct Site<'a> {
    pub export: &'a Export,
    /// The site's timezone, for the times of drafts (which have no UTC time in the file).
    pub offset: FixedOffset,
    categories_by_slug: HashMap<&'a str, &'a Term>,
    tag_ids: HashMap<&'a str, i64>,
    attachments: HashMap<i64, Attachment>,
    host: String,
}

impl<'a> Site<'a> {
    pub fn new(export: &'a Export, offset: FixedOffset) -> Site<'a> {
        let categories_by_slug = export.categories.iter().map(|t| (t.slug.as_str(), t)).collect();
        let tag_ids = export.tags.iter().map(|t| (t.slug.as_str(), t.id)).collect();
        let attachments =
            export.items.iter().filter(|i| i.kind == "attachment").map(|i| (i.id, attachment(i))).collect();
        let host = export
            .base_url
            .split_once("://")
            .map_or(export.base_url.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
            .to_owned();
        Site { export, offset, categories_by_slug, tag_ids, attachments, host }
    }

    pub fn attachment(&self, id: i64) -> Option<&Attachment> {
        self.attachments.get(&id)
    }

    pub fn attachments(&self) -> impl Iterator<Item = &Attachment> {
        let mut all: Vec<&Attachment> = self.attachments.values().collect();
        all.sort_by_key(|a| a.id);
        all.into_iter()
    }

    /// The id our articles keep, so a second import of the same site updates them.
    pub fn source_id(&self, wordpress_id: i64) -> String {
        format!("{}:{wordpress_id}", self.source())
    }

    /// The site as a source of imports (`wordpress:tapchithoisu.example.com`).
    pub fn source(&self) -> String {
        format!("wordpress:{}", self.host)
    }

    /// The address WordPress gave a category's page (`/category/thoi-su/chinh-tri/`), under the
    /// site's category base.
    pub fn category_address(&self, term: &Term, base: &str) -> String {
        let mut slugs = vec![term.slug.as_str()];
        let mut next = self.categories_by_slug.get(term.parent_slug.as_str()).copied();
        while let Some(parent) = next.filter(|_| slugs.len() <= 10) {
            slugs.push(parent.slug.as_str());
            next = self.categories_by_slug.get(parent.parent_slug.as_str()).copied();
        }
        slugs.reverse();
        percent_decode(&format!("/{}/{}/", base.trim_matches('/'), slugs.join("/")))
    }

    /// A path of the old site for one of its addresses (`https://site/a/b-4.html` → `/a/b-4.html`),
    /// percent-decoded; `None` for another site's address or a `?p=ID` link.
    pub fn old_path(&self, link: &str) -> Option<String> {
        let base = &self.export.base_url;
        let rest = link.strip_prefix(base.as_str()).or_else(|| {
            let other_scheme = base.replacen("https://", "http://", 1);
            let other_scheme =
                if &other_scheme == base { base.replacen("http://", "https://", 1) } else { other_scheme };
            link.strip_prefix(other_scheme.as_str())
        })?;
        let path = if rest.starts_with('/') { rest.to_owned() } else { format!("/{rest}") };
        if path == "/" || path.starts_with("/?") {
            return None;
        }
        Some(percent_decode(&path))
    }

    /// The names of the category and its parents, from the top.
    pub fn category_path(&self, slug: &str) -> Vec<String> {
        let mut path = Vec::new();
        let mut next = self.categories_by_slug.get(slug).copied();
        while let Some(term) = next {
            if path.len() > 10 {
                break; // a loop in the parents; the file is broken, keep what we have
            }
            path.push(vn::nfc(&term.name));
            next = self
                .categories_by_slug
                .get(term.parent_slug.as_str())
                .copied()
                .filter(|_| !term.parent_slug.is_empty());
        }
        path.reverse();
        path
    }

    /// The post's category path: of its category with the lowest id (the one WordPress puts in
    /// the permalink); a category the file's header does not list (a partial export, or WXR
    /// 1.0's `<category>` without a domain) stands on its own by name.
    fn item_category(&self, item: &Item) -> Vec<String> {
        let categories: Vec<&(String, String, String)> =
            item.terms.iter().filter(|(domain, _, _)| domain == "category" || domain.is_empty()).collect();
        let known = categories
            .iter()
            .filter_map(|(_, slug, _)| self.categories_by_slug.get(slug.as_str()))
            .min_by_key(|term| term.id)
            .map(|term| self.category_path(&term.slug));
        if let Some(path) = known.filter(|p| !p.is_empty()) {
            return path;
        }
        let by_name = categories.iter().map(|(_, _, name)| one_line(name)).find(|name| !name.is_empty());
        match by_name {
            Some(name) => {
                let listed = self.export.categories.iter().find(|t| one_line(&t.name) == name);
                listed.map(|t| self.category_path(&t.slug)).unwrap_or_else(|| vec![name])
            }
            None if item.kind == "page" => vec!["Trang".to_owned()],
            None => vec!["Khác".to_owned()],
        }
    }

    /// The post's tags in WordPress's order (by term id: it keeps no order of its own).
    fn tags(&self, item: &Item) -> Vec<String> {
        let mut terms: Vec<(i64, String)> = item
            .terms
            .iter()
            .filter(|(domain, _, _)| domain == "post_tag")
            .map(|(_, slug, name)| {
                let id = self.tag_ids.get(slug.as_str()).copied().unwrap_or(i64::MAX);
                (id, one_line(name))
            })
            .filter(|(_, name)| !name.is_empty())
            .collect();
        terms.sort_by_key(|(id, _)| *id);
        let mut tags: Vec<String> = Vec::new();
        for (_, name) in terms {
            if !tags.contains(&name) {
                tags.push(name);
            }
        }
        tags
    }

    fn gallery_image(&self, id: i64) -> Option<GalleryImage> {
        self.attachment(id).map(|a| GalleryImage { url: a.url.clone(), caption: a.caption.clone(), alt: a.alt.clone() })
    }

    /// The time the item carries: its UTC time when the file has one, else its local time in the
    /// site's timezone.
    pub fn time(&self, local: &str, gmt: &str, line: usize) -> Result<DateTime<Utc>, ImportError> {
        if let Some(utc) = parse_wordpress_time(gmt) {
            return Ok(utc.and_utc());
        }
        let local = parse_wordpress_time(local)
            .ok_or_else(|| ImportError::new(line, format!("the date \"{local}\" is not a WordPress date")))?;
        self.offset.from_local_datetime(&local).single().map(|t| t.with_timezone(&Utc)).ok_or_else(|| {
            ImportError::new(line, format!("the date \"{local}\" does not exist in the site's timezone"))
        })
    }

    /// A post or page as an article draft.
    pub fn post(&self, item: &Item) -> Result<Post, ImportError> {
        let mut notes = Vec::new();
        let status = match (item.status.as_str(), item.password.is_empty()) {
            ("publish", true) => Status::Published,
            ("publish", false) => {
                notes.push("password-protected: imported as a draft".to_owned());
                Status::Draft
            }
            ("future", _) => Status::Scheduled,
            ("pending", _) => Status::Submitted,
            ("private", _) => {
                notes.push("private: imported as a draft".to_owned());
                Status::Draft
            }
            ("trash", _) => Status::Unpublished,
            _ => Status::Draft,
        };
        let category_path = self.item_category(item);
        let Body { blocks, unknown_shortcodes } = body(&item.content, &|id| self.gallery_image(id));
        let title = one_line(&plain_text(&item.title));
        if title.is_empty() {
            return Err(ImportError::new(item.line, format!("{} {} has no title", item.kind, item.id)));
        }
        let published_at = match self.time(&item.date, &item.date_gmt, item.line) {
            Ok(time) => time,
            Err(_) if parse_wordpress_time(&item.date).is_none() && status != Status::Published => {
                notes.push("no date in the file: dated now".to_owned());
                Utc::now()
            }
            Err(error) => return Err(error),
        };
        let draft = ArticleDraft {
            source_id: Some(self.source_id(item.id)),
            category: category_ref(&category_path),
            title,
            lead: one_line(&plain_text(&item.excerpt)),
            byline: None,
            tags: self.tags(item),
            blocks,
            status,
            published_at,
            featured: item.sticky,
            old_url: self.old_path(&item.link),
        };
        Ok(Post {
            wordpress_id: item.id,
            line: item.line,
            is_page: item.kind == "page",
            draft,
            category_path,
            author_login: item.creator.clone(),
            featured_attachment: item.meta("_thumbnail_id").and_then(|v| v.trim().parse().ok()),
            notes,
            unknown_shortcodes,
        })
    }
}

fn category_ref(path: &[String]) -> CategoryRef {
    let name = path.last().cloned().unwrap_or_else(|| "Khác".to_owned());
    let parent = path.len().checked_sub(2).and_then(|i| path.get(i)).cloned();
    CategoryRef { name, parent }
}

fn attachment(item: &Item) -> Attachment {
    let mut file = item.meta("_wp_attached_file").unwrap_or_default().trim().to_owned();
    if file.is_empty() {
        // Older exports and some plugins leave the meta out: the address says where it is.
        file = item.attachment_url.split_once("/wp-content/uploads/").map(|(_, f)| f.to_owned()).unwrap_or_default();
    }
    let metadata = item.meta("_wp_attachment_metadata").unwrap_or_default();
    Attachment {
        id: item.id,
        line: item.line,
        url: item.attachment_url.clone(),
        file,
        original_file: php_string_after(metadata, "original_image").into_iter().next(),
        sizes: php_string_after(metadata, "file").into_iter().skip(1).collect(),
        title: one_line(&plain_text(&item.title)),
        caption: one_line(&plain_text(&item.excerpt)),
        alt: one_line(item.meta("_wp_attachment_image_alt").unwrap_or_default()),
        link: item.link.clone(),
    }
}

/// Every string value that follows the key `key` in a PHP-serialised array
/// (`s:4:"file";s:20:"DSC07269-300x200.jpg";`), without unserialising the rest.
fn php_string_after(serialized: &str, key: &str) -> Vec<String> {
    let marker = format!("s:{}:\"{key}\";s:", key.len());
    let mut found = Vec::new();
    let mut rest = serialized;
    while let Some(at) = rest.find(&marker) {
        rest = &rest[at + marker.len()..];
        let Some((length, after)) = rest.split_once(":\"") else { break };
        let Ok(length) = length.parse::<usize>() else { continue };
        if let Some(value) = after.get(..length) {
            found.push(value.to_owned());
        }
    }
    found
}

/// A comment as we keep it; `None` for pingbacks and trackbacks, which are not readers' words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedComment {
    pub wordpress_id: i64,
    pub parent: Option<i64>,
    pub name: String,
    pub email: String,
    pub ip: String,
    pub body: String,
    /// `approved`, `pending`, `spam`, or `rejected` (WordPress's bin).
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
    pub wordpress_user: i64,
}

impl Site<'_> {
    pub fn comment(&self, comment: &Comment, line: usize) -> Result<Option<ImportedComment>, ImportError> {
        if matches!(comment.kind.as_str(), "pingback" | "trackback") {
            return Ok(None);
        }
        let status = match comment.approved.as_str() {
            "1" | "approve" | "approved" => "approved",
            "spam" => "spam",
            "trash" | "post-trashed" => "rejected",
            _ => "pending",
        };
        let body = plain_text(&comment.content.replace("</p>", "</p>\n").replace("\n\n", "\n"));
        let body = vn::nfc(body.trim());
        if body.is_empty() {
            return Ok(None);
        }
        let name = one_line(&comment.author);
        Ok(Some(ImportedComment {
            wordpress_id: comment.id,
            parent: (comment.parent > 0).then_some(comment.parent),
            name: if name.is_empty() { "Bạn đọc".to_owned() } else { name },
            email: comment.email.trim().to_owned(),
            ip: comment.ip.trim().to_owned(),
            body,
            status,
            created_at: self.time(&comment.date, &comment.date_gmt, line)?,
            wordpress_user: comment.user_id,
        }))
    }
}

/// `2026-06-02 08:59:00`; `None` for WordPress's empty date `0000-00-00 00:00:00`.
pub fn parse_wordpress_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if text.is_empty() || text.starts_with("0000") {
        return None;
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()
}

/// The offset the site's clock had from UTC: the most common difference between the local and
/// UTC times of the items that have both.
pub fn site_offset(export: &Export) -> Option<FixedOffset> {
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for item in &export.items {
        if let (Some(local), Some(utc)) = (parse_wordpress_time(&item.date), parse_wordpress_time(&item.date_gmt)) {
            *counts.entry((local - utc).num_seconds()).or_default() += 1;
        }
    }
    let (seconds, _) = counts.into_iter().max_by_key(|(seconds, count)| (*count, -seconds.abs()))?;
    FixedOffset::east_opt(i32::try_from(seconds).ok()?)
}

/// `+07:00`, `-05:30`, `UTC`, or a name of Vietnam's zone: the offset a `--timezone` names.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    match text {
        "UTC" | "Z" | "GMT" => return FixedOffset::east_opt(0),
        "Asia/Ho_Chi_Minh" | "Asia/Saigon" | "Asia/Bangkok" | "Asia/Jakarta" => return FixedOffset::east_opt(7 * 3600),
        _ => {}
    }
    let text = text.strip_prefix("UTC").unwrap_or(text);
    let (sign, rest) = match text.chars().next()? {
        '+' => (1, &text[1..]),
        '-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let seconds = hours.parse::<i32>().ok()? * 3600 + minutes.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * seconds)
}

/// `%e1%bb%a9` → `ứ`; an invalid sequence leaves the text as it was.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}
