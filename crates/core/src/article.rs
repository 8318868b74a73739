//! Articles as the newsroom writes them and the site shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One piece of an article body. Bodies are a list of typed blocks rather than HTML so that the
/// site, the feeds, the API and search each render or index them their own way, and so that no
/// markup from an import can reach a reader unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        text: String,
        /// The same words with bold, italic and links, as sanitised inline HTML (only `b`,
        /// `strong`, `i`, `em`, `a href`, `br` survive); absent for plain text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        html: Option<String>,
    },
    /// A photo with its caption. `image` is `None` where the source only kept the caption (the
    /// crawled pages lost their pictures but not the words under them).
    Figure {
        caption: String,
        #[serde(default)]
        image: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        alt: Option<String>,
        /// Sizes of an image from our media library (`/media/… 640w, …`), for `srcset`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        srcset: Option<String>,
    },
    Quote {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    Heading {
        text: String,
    },
    /// A bulleted (or numbered) list; items are plain text, with sanitised inline HTML beside.
    List {
        #[serde(default)]
        ordered: bool,
        items: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        html_items: Option<Vec<String>>,
    },
    /// A video from elsewhere (YouTube and the like), shown as a link until the reader asks.
    Video {
        url: String,
        #[serde(default)]
        title: String,
    },
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph { text: text.into(), html: None }
    }

    pub fn caption_only(caption: impl Into<String>) -> Block {
        Block::Figure { caption: caption.into(), image: None, alt: None, srcset: None }
    }

    /// The words of the block, for search, excerpts and feeds.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Block::Paragraph { text, .. } | Block::Quote { text, .. } | Block::Heading { text } => text.into(),
            Block::Figure { caption, .. } => caption.into(),
            Block::List { items, .. } => items.join("\n").into(),
            Block::Video { title, .. } => title.into(),
        }
    }
}

/// Where an article is in its life. Only `Published` articles are visible on the public site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
    Approved,
    Scheduled,
    Published,
    Unpublished,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Approved => "approved",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Draft, Status::Submitted, Status::Approved, Status::Scheduled, Status::Published, Status::Unpublished]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A category named by its Vietnamese name, optionally under a parent (also by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub name: String,
    #[serde(default)]
    pub parent: Option<String>,
}

/// An article as an importer or the newsroom hands it to the store: everything but the ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleDraft {
    /// The id the article had where it came from; re-importing the same id updates, never duplicates.
    pub source_id: Option<String>,
    pub category: CategoryRef,
    pub title: String,
    pub lead: String,
    pub byline: Option<String>,
    pub tags: Vec<String>,
    pub blocks: Vec<Block>,
    pub status: Status,
    pub published_at: DateTime<Utc>,
    pub featured: bool,
    /// The path the article had on the old site, answered later with a redirect.
    pub old_url: Option<String>,
}

impl ArticleDraft {
    /// The mark-free URL slug of the title, short enough to read.
    pub fn slug(&self) -> String {
        let slug = vn::slug_limited(&self.title, 80);
        if slug.is_empty() { "bai-viet".to_owned() } else { slug }
    }
}

/// First path segments the site uses for itself; a category named like one gets another slug.
pub const RESERVED_PATHS: &[&str] = &[
    "api",
    "healthz",
    "readyz",
    "static",
    "tim-kiem",
    "toa-soan",
    "xem-truoc",
    "media",
    "binh-luan",
    "tag",
    "the",
    "video",
    "tap-chi-in",
    "rss",
    "atom",
    "sitemap",
    "sitemaps",
    "favicon-ico",
    "robots-txt",
];

/// The address an article had on the old site, as the part our site can be asked for: the path
/// and query of a full URL (`https://old.vn/a/b.html?id=7` → `/a/b.html?id=7`), without a
/// fragment. `None` for nothing usable.
pub fn old_path(url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or_default();
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find(['/', '?']).map_or("/".to_owned(), |at| {
            let tail = &rest[at..];
            if tail.starts_with('?') { format!("/{tail}") } else { tail.to_owned() }
        }),
        None if url.starts_with('/') => url.to_owned(),
        None if url.is_empty() => return None,
        None => format!("/{url}"),
    };
    (path != "/").then_some(path)
}

/// The mark-free slug of a category name, never one of [`RESERVED_PATHS`].
pub fn category_slug(name: &str) -> String {
    let slug = vn::slug(name);
    if slug.is_empty() {
        "chuyen-muc".to_owned()
    } else if RESERVED_PATHS.contains(&slug.as_str()) {
        format!("{slug}-chuyen-muc")
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_serialise_with_their_type() {
        let blocks = vec![Block::paragraph("Một"), Block::caption_only("Hai")];
        let json = serde_json::to_string(&blocks).expect("blocks serialise");
        assert_eq!(json, r#"[{"type":"paragraph","text":"Một"},{"type":"figure","caption":"Hai","image":null}]"#);
        let back: Vec<Block> = serde_json::from_str(&json).expect("blocks parse");
        assert_eq!(back, blocks);
    }

    #[test]
    fn old_addresses_keep_their_path_and_query() {
        assert_eq!(old_path("https://old.vn/a/b.html?id=7#top").as_deref(), Some("/a/b.html?id=7"));
        assert_eq!(old_path("http://old.vn?id=7").as_deref(), Some("/?id=7"));
        assert_eq!(old_path("  /old/7.html ").as_deref(), Some("/old/7.html"));
        assert_eq!(old_path("tin-tuc/7.html").as_deref(), Some("/tin-tuc/7.html"));
        assert_eq!(old_path("https://old.vn/"), None, "the old home page is ours too");
        assert_eq!(old_path("https://old.vn"), None);
        assert_eq!(old_path(" "), None);
    }

    #[test]
    fn category_slugs_avoid_the_site_paths() {
        assert_eq!(category_slug("Thời sự - Chính trị"), "thoi-su-chinh-tri");
        assert_eq!(category_slug("Video"), "video-chuyen-muc");
        assert_eq!(category_slug("!!!"), "chuyen-muc");
    }

    #[test]
    fn statuses_round_trip_through_text() {
        for status in [
            Status::Draft,
            Status::Submitted,
            Status::Approved,
            Status::Scheduled,
            Status::Published,
            Status::Unpublished,
        ] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("deleted"), None);
    }
}
