//! Feeds for readers and aggregators: RSS 2.0 and Atom for the whole site (`/rss.xml`,
//! `/atom.xml`) and for each category (`/{category}/rss.xml`, `/{category}/atom.xml`), the
//! newest published articles with full addresses, times in `+07:00` and the featured image as an
//! enclosure. Cached like pages, per content version.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::{ArticleQuery, ArticleSummary, ListFilter, Video, VideoFilter, VideoSource};

use super::{atom, rss};
use crate::SharedState;
use crate::kernel::urls::absolute;
use crate::kernel::{PageError, Rendered, serve_cached_as};

/// Articles in a feed.
const ENTRIES: i64 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
}

impl Format {
    /// The format named by a feed file (`rss.xml`, `atom.xml`).
    pub fn from_file(name: &str) -> Option<Format> {
        match name {
            "rss.xml" => Some(Format::Rss),
            "atom.xml" => Some(Format::Atom),
            _ => None,
        }
    }

    fn file(self) -> &'static str {
        match self {
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Atom => "application/atom+xml; charset=utf-8",
        }
    }
}

/// One entry of a feed: an article or a clip.
pub struct FeedEntry {
    pub path: String,
    pub title: String,
    pub summary: String,
    pub byline: Option<String>,
    /// Slug and name.
    pub category: Option<(String, String)>,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The picture, or a clip's file: its address, type and size (0: unknown).
    pub enclosure: Option<(String, String, i64)>,
}

impl From<&ArticleSummary> for FeedEntry {
    fn from(a: &ArticleSummary) -> Self {
        FeedEntry {
            path: a.path(),
            title: a.title.clone(),
            summary: a.excerpt.clone(),
            byline: a.byline.clone(),
            category: Some((a.category_slug.clone(), a.category_name.clone())),
            published_at: a.published_at,
            updated_at: a.updated_at,
            enclosure: (!a.image.is_empty()).then(|| (a.image.clone(), image_type(&a.image).to_owned(), 0)),
        }
    }
}

impl From<&Video> for FeedEntry {
    fn from(v: &Video) -> Self {
        let enclosure = match &v.source {
            VideoSource::File { path, bytes, mime } => {
                Some((crate::kernel::urls::media_url(path), mime.clone(), *bytes))
            }
            VideoSource::Embed { .. } => {
                (!v.poster_url.is_empty()).then(|| (v.poster_url.clone(), image_type(&v.poster_url).to_owned(), 0))
            }
        };
        FeedEntry {
            path: v.path(),
            title: v.title.clone(),
            summary: v.description.clone(),
            byline: None,
            category: v.category.as_ref().map(|c| (c.2.clone(), c.1.clone())),
            published_at: v.published_at,
            updated_at: v.updated_at,
            enclosure,
        }
    }
}

/// What a feed is about, with its entries; addresses are absolute.
pub struct FeedSource {
    pub title: String,
    pub description: String,
    /// The page the feed follows.
    pub page_url: String,
    /// The feed's own address.
    pub self_url: String,
    pub entries: Vec<FeedEntry>,
    /// The site's address, for the entries' links.
    pub base_url: String,
}

impl FeedSource {
    pub fn absolute(&self, path: &str) -> String {
        absolute(&self.base_url, path)
    }
}

pub async fn site_rss(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    site_feed(&state, Format::Rss, &headers).await
}

pub async fn site_atom(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    site_feed(&state, Format::Atom, &headers).await
}

async fn site_feed(state: &SharedState, format: Format, headers: &HeaderMap) -> Response {
    let key = format!("/{}", format.file());
    serve_cached_as(state, &key, headers, format.content_type(), || async {
        let (_, entries) = state.db.published_articles(&ArticleQuery::new(ListFilter::All, ENTRIES, 0)).await?;
        let site = &state.site;
        let source = FeedSource {
            title: site.name.clone(),
            description: site.description.clone(),
            page_url: absolute(&site.base_url, "/"),
            self_url: absolute(&site.base_url, &key),
            entries: entries.iter().map(FeedEntry::from).collect(),
            base_url: site.base_url.clone(),
        };
        Ok(rendered(&source, format))
    })
    .await
}

/// The clips' feed (`/video/rss.xml`, `/video/atom.xml`): a file clip's enclosure is the file.
pub async fn video_feed(state: &SharedState, format: Format, headers: &HeaderMap) -> Response {
    let key = format!("/video/{}", format.file());
    serve_cached_as(state, &key, headers, format.content_type(), || async {
        let (_, videos) = state.db.videos(&VideoFilter { limit: ENTRIES, ..VideoFilter::default() }).await?;
        let site = &state.site;
        let source = FeedSource {
            title: format!("Video | {}", site.name),
            description: format!("Video clip của {}", site.name),
            page_url: absolute(&site.base_url, "/video"),
            self_url: absolute(&site.base_url, &key),
            entries: videos.iter().map(FeedEntry::from).collect(),
            base_url: site.base_url.clone(),
        };
        Ok(rendered(&source, format))
    })
    .await
}

/// The feed of a category (and its subcategories); an unknown category is the 404 page.
pub async fn category_feed(state: &SharedState, slug: &str, format: Format, headers: &HeaderMap) -> Response {
    let key = format!("/{slug}/{}", format.file());
    serve_cached_as(state, &key, headers, format.content_type(), || async {
        let category = state.db.category_by_slug(slug).await?.ok_or(PageError::NotFound)?;
        let query = ArticleQuery::new(ListFilter::Category(category.id), ENTRIES, 0);
        let (_, entries) = state.db.published_articles(&query).await?;
        let site = &state.site;
        let source = FeedSource {
            title: format!("{} | {}", category.name, site.name),
            description: format!("Bài mới chuyên mục {} của {}", category.name, site.name),
            page_url: absolute(&site.base_url, &crate::kernel::views::category_path(&category.slug)),
            self_url: absolute(&site.base_url, &key),
            entries: entries.iter().map(FeedEntry::from).collect(),
            base_url: site.base_url.clone(),
        };
        Ok(rendered(&source, format))
    })
    .await
}

fn rendered(source: &FeedSource, format: Format) -> Rendered {
    let body = match format {
        Format::Rss => rss::channel(source),
        Format::Atom => atom::feed(source),
    };
    Rendered { html: body, last_modified: source.entries.iter().map(|e| e.updated_at).max() }
}

/// The MIME type of an image by its address's extension (feeds must say it).
pub fn image_type(url: &str) -> &'static str {
    let lower = url.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    match lower.as_str() {
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        _ => "image/jpeg",
    }
}
