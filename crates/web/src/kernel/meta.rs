//! What a page tells search engines and the apps it is shared to: OpenGraph and Twitter cards,
//! and schema.org JSON-LD (`NewsArticle`, `BreadcrumbList`, `WebSite` with its search). Built
//! here once, put in `<head>` by `base.html`.

use serde::Serialize;
use serde_json::{Value, json};
use toasoan_core::Block;
use toasoan_store::Article;

use crate::SiteConfig;
use crate::kernel::urls::absolute;
use crate::kernel::views::category_path;

/// Google shows at most this many characters of a headline.
const HEADLINE_CHARS: usize = 110;

#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `article` or `website`.
    pub og_type: &'static str,
    pub title: String,
    pub description: String,
    /// The page's absolute address.
    pub url: String,
    pub image: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub section: Option<String>,
    pub tags: Vec<String>,
    /// JSON-LD documents, serialised and safe inside `<script>`.
    pub json_ld: Vec<String>,
}

/// One step of a breadcrumb: its name and path.
pub type Crumb<'a> = (&'a str, String);

impl PageMeta {
    /// A page that is not an article (home, lists, the print archive).
    pub fn website(site: &SiteConfig, path: &str, title: &str, description: &str, crumbs: &[Crumb<'_>]) -> PageMeta {
        let mut json_ld = Vec::new();
        if path == "/" {
            json_ld.push(script(&website(site)));
        }
        if !crumbs.is_empty() {
            json_ld.push(script(&breadcrumbs(site, crumbs)));
        }
        PageMeta {
            og_type: "website",
            title: title.to_owned(),
            description: description.to_owned(),
            url: absolute(&site.base_url, path),
            image: None,
            published: None,
            modified: None,
            section: None,
            tags: Vec::new(),
            json_ld,
        }
    }

    /// An article: `NewsArticle` and the way to it from the home page.
    pub fn article(site: &SiteConfig, article: &Article, parent: Option<Crumb<'_>>) -> PageMeta {
        let title = if article.seo_title.is_empty() { article.title.clone() } else { article.seo_title.clone() };
        let description = if article.seo_description.is_empty() {
            toasoan_store::model::excerpt(&article.lead, &article.blocks)
        } else {
            article.seo_description.clone()
        };
        let image = image_of(article).map(|path| absolute(&site.base_url, &path));
        let url = absolute(&site.base_url, &article.path());
        let mut crumbs: Vec<Crumb<'_>> = parent.into_iter().collect();
        crumbs.push((&article.category.name, category_path(&article.category.slug)));
        crumbs.push((&article.title, article.path()));
        let news = news_article(site, article, &url, &description, image.as_deref());
        PageMeta {
            og_type: "article",
            title,
            description,
            url,
            image,
            published: Some(vn::time::format_rfc3339(article.published_at)),
            modified: Some(vn::time::format_rfc3339(article.updated_at)),
            section: Some(article.category.name.clone()),
            tags: article.tags.iter().map(|t| t.name.clone()).collect(),
            json_ld: vec![script(&news), script(&breadcrumbs(site, &crumbs))],
        }
    }
}

/// A link that shares the page, opened by the reader's click (no third-party script loads).
#[derive(Debug, Clone, Serialize)]
pub struct ShareLink {
    pub label: &'static str,
    pub url: String,
}

/// Facebook, X and e-mail links for a page.
pub fn share_links(meta: &PageMeta) -> Vec<ShareLink> {
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let (url, title) = (encode(&meta.url), encode(&meta.title));
    vec![
        ShareLink { label: "Facebook", url: format!("https://www.facebook.com/sharer/sharer.php?u={url}") },
        ShareLink { label: "X", url: format!("https://twitter.com/intent/tweet?url={url}&text={title}") },
        ShareLink { label: "Email", url: format!("mailto:?subject={title}&body={url}") },
    ]
}

impl PageMeta {
    /// A clip's page: `VideoObject` (name, description, thumbnail, upload date, duration, and
    /// where it plays) and the way to it.
    pub fn video(site: &SiteConfig, video: &crate::kernel::views::VideoView) -> PageMeta {
        let url = absolute(&site.base_url, &video.url);
        let image = (!video.poster.is_empty()).then(|| absolute(&site.base_url, &video.poster));
        let (content_url, embed_url) = match &video.player {
            crate::kernel::views::Player::File { url, .. } => (Some(absolute(&site.base_url, url)), None),
            crate::kernel::views::Player::Embed { player_url, .. } => (None, Some(player_url.clone())),
            crate::kernel::views::Player::Link { url } => (Some(url.clone()), None),
        };
        let object = json!({
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": video.title,
            "description": if video.description.is_empty() { &video.title } else { &video.description },
            "thumbnailUrl": image.iter().collect::<Vec<_>>(),
            "uploadDate": video.published_iso,
            "duration": video.duration_iso,
            "contentUrl": content_url,
            "embedUrl": embed_url,
            "publisher": { "@type": "Organization", "name": site.name, "url": absolute(&site.base_url, "/") },
            "inLanguage": "vi",
        });
        let crumbs = [("Video", "/video".to_owned()), (video.title.as_str(), video.url.clone())];
        PageMeta {
            og_type: "video.other",
            title: video.title.clone(),
            description: if video.description.is_empty() { video.title.clone() } else { video.description.clone() },
            url,
            image,
            published: None,
            modified: None,
            section: None,
            tags: Vec::new(),
            json_ld: vec![script(&object), script(&breadcrumbs(site, &crumbs))],
        }
    }
}

/// The featured image, else the article's first photo.
fn image_of(article: &Article) -> Option<String> {
    if !article.featured_image.is_empty() {
        return Some(article.featured_image.clone());
    }
    article.blocks.iter().find_map(|b| match b {
        Block::Figure { image: Some(image), .. } => Some(image.clone()),
        _ => None,
    })
}

fn news_article(site: &SiteConfig, article: &Article, url: &str, description: &str, image: Option<&str>) -> Value {
    let people: Vec<Value> = article
        .authors
        .iter()
        .map(|a| json!({ "@type": "Person", "name": a.name, "url": absolute(&site.base_url, &crate::kernel::views::author_path(&a.slug)) }))
        .collect();
    let author = match &article.byline {
        _ if !people.is_empty() => Value::Array(people),
        Some(byline) => json!([{ "@type": "Person", "name": byline }]),
        None => json!([{ "@type": "Organization", "name": site.name }]),
    };
    json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title.chars().take(HEADLINE_CHARS).collect::<String>(),
        "description": description,
        "image": image.map(|i| vec![i]).unwrap_or_default(),
        "datePublished": vn::time::format_rfc3339(article.published_at),
        "dateModified": vn::time::format_rfc3339(article.updated_at),
        "author": author,
        "publisher": { "@type": "Organization", "name": site.name, "url": absolute(&site.base_url, "/") },
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "articleSection": article.category.name,
        "keywords": article.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        "inLanguage": "vi",
    })
}

fn breadcrumbs(site: &SiteConfig, crumbs: &[Crumb<'_>]) -> Value {
    let home = std::iter::once(("Trang chủ", "/".to_owned()));
    let items: Vec<Value> = home
        .chain(crumbs.iter().map(|(name, path)| (*name, path.clone())))
        .enumerate()
        .map(|(i, (name, path))| {
            json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": absolute(&site.base_url, &path) })
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items })
}

/// The site, with its search box for search engines.
fn website(site: &SiteConfig) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.name,
        "url": absolute(&site.base_url, "/"),
        "inLanguage": "vi",
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(&site.base_url, "/tim-kiem?q={search_term_string}"),
            "query-input": "required name=search_term_string",
        },
    })
}

/// JSON that can sit inside `<script>`: no `<` can close the element or open a comment.
fn script(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let value = json!({ "headline": "</script><script>alert(1)</script>" });
        let safe = script(&value);
        assert!(!safe.contains("</"), "{safe}");
        assert_eq!(serde_json::from_str::<Value>(&safe).ok(), Some(value), "still the same JSON");
    }
}
