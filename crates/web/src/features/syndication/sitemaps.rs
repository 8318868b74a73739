//! Sitemaps and robots.txt, so search engines find everything: `/sitemap.xml` (the index) points
//! to `/sitemaps/pages.xml` (home, categories, the print archive), `/sitemaps/issues.xml`,
//! `/sitemaps/articles-N.xml` (50,000 addresses each, the protocol's limit), `/sitemaps/videos.xml`
//! (with Google's video extension) and
//! `/sitemaps/news.xml` (Google News: the last 48 hours). All cached per content version.

use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use toasoan_store::IssueFilter;

use crate::SharedState;
use crate::kernel::urls::absolute;
use crate::kernel::views::category_path;
use crate::kernel::{PageError, Rendered, not_found_page, serve_cached_as};

/// Addresses per sitemap file (the sitemap protocol's limit).
pub const PER_FILE: i64 = 50_000;
/// Article files listed at most (5 billion articles), so an offset never overflows.
const MAX_FILES: i64 = 100_000;
/// Google News takes the last two days, at most 1,000 articles.
const NEWS_HOURS: i64 = 48;
const NEWS_LIMIT: i64 = 1_000;
const XML: &str = "application/xml; charset=utf-8";
const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

pub async fn robots(State(state): State<SharedState>) -> Response {
    let base = &state.site.base_url;
    let body = format!(
        "User-agent: *\nDisallow: /toa-soan/\nDisallow: /tim-kiem\nDisallow: /xem-truoc/\nDisallow: /binh-luan/\n\n\
         Sitemap: {}\nSitemap: {}\n",
        absolute(base, "/sitemap.xml"),
        absolute(base, "/sitemaps/news.xml")
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], body)
        .into_response()
}

pub async fn index(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached_as(&state, "/sitemap.xml", &headers, XML, || async {
        let files = article_files(state.db.published_count().await?);
        let mut names = vec!["pages.xml".to_owned(), "issues.xml".to_owned()];
        // A sitemap without a single address is invalid: the clips' file is listed once there are clips.
        if has_videos(&state).await? {
            names.push("videos.xml".to_owned());
        }
        names.push("news.xml".to_owned());
        names.extend((1..=files).map(|n| format!("articles-{n}.xml")));
        let mut xml = format!("{HEAD}\n<sitemapindex xmlns=\"{SITEMAP_NS}\">\n");
        for name in names {
            let loc = absolute(&state.site.base_url, &format!("/sitemaps/{name}"));
            let _ = writeln!(xml, "<sitemap><loc>{}</loc></sitemap>", escape(&loc));
        }
        xml.push_str("</sitemapindex>\n");
        Ok(Rendered { html: xml, last_modified: None })
    })
    .await
}

/// How many article files `count` articles take (one, even empty, so the index never changes shape).
fn article_files(count: i64) -> i64 {
    (count.max(1) + PER_FILE - 1) / PER_FILE
}

/// One file of the index, by name.
pub async fn file(State(state): State<SharedState>, Path(name): Path<String>, headers: HeaderMap) -> Response {
    let key = format!("/sitemaps/{name}");
    let articles_file = name.strip_prefix("articles-").and_then(|n| n.strip_suffix(".xml")?.parse::<i64>().ok());
    match (name.as_str(), articles_file) {
        ("pages.xml", _) => serve_cached_as(&state, &key, &headers, XML, || pages(&state)).await,
        ("issues.xml", _) => serve_cached_as(&state, &key, &headers, XML, || issues(&state)).await,
        ("news.xml", _) => serve_cached_as(&state, &key, &headers, XML, || news(&state)).await,
        ("videos.xml", _) => serve_cached_as(&state, &key, &headers, XML, || videos(&state)).await,
        (_, Some(n)) if (1..=MAX_FILES).contains(&n) => {
            serve_cached_as(&state, &key, &headers, XML, || articles(&state, n)).await
        }
        _ => not_found_page(&state).await,
    }
}

async fn pages(state: &SharedState) -> Result<Rendered, PageError> {
    let mut paths =
        vec!["/".to_owned(), "/video".to_owned(), "/tap-chi-in".to_owned(), "/tap-chi-in/truoc-2010".to_owned()];
    paths.extend(state.db.categories().await?.iter().map(|c| category_path(&c.slug)));
    let urls = paths.iter().map(|p| (absolute(&state.site.base_url, p), None)).collect::<Vec<_>>();
    Ok(urlset(&urls))
}

async fn issues(state: &SharedState) -> Result<Rendered, PageError> {
    let filter = IssueFilter { limit: PER_FILE, ..IssueFilter::default() };
    let (_, issues) = state.db.print_issues(&filter).await?;
    let urls: Vec<_> = issues
        .iter()
        .map(|i| (absolute(&state.site.base_url, &i.path()), Some(vn::time::format_rfc3339(i.updated_at))))
        .collect();
    Ok(urlset(&urls))
}

async fn articles(state: &SharedState, file: i64) -> Result<Rendered, PageError> {
    let entries = state.db.sitemap_articles((file - 1) * PER_FILE, PER_FILE).await?;
    if entries.is_empty() && file > 1 {
        return Err(PageError::NotFound);
    }
    let urls: Vec<_> = entries
        .iter()
        .map(|e| (absolute(&state.site.base_url, &e.path), Some(vn::time::format_rfc3339(e.updated_at))))
        .collect();
    let mut rendered = urlset(&urls);
    rendered.last_modified = entries.iter().map(|e| e.updated_at).max();
    Ok(rendered)
}

async fn news(state: &SharedState) -> Result<Rendered, PageError> {
    let since = Utc::now() - Duration::hours(NEWS_HOURS);
    let entries = state.db.sitemap_news(since, NEWS_LIMIT).await?;
    let mut xml = format!(
        "{HEAD}\n<urlset xmlns=\"{SITEMAP_NS}\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\" \
         xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">\n"
    );
    for entry in &entries {
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>\
             <news:language>vi</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title></news:news>{}</url>",
            escape(&absolute(&state.site.base_url, &entry.path)),
            escape(&state.site.name),
            vn::time::format_rfc3339(entry.published_at),
            escape(&entry.title),
            image_entry(&state.site.base_url, &entry.image),
        );
    }
    xml.push_str("</urlset>\n");
    Ok(Rendered { html: xml, last_modified: None })
}

async fn has_videos(state: &SharedState) -> Result<bool, PageError> {
    let filter = toasoan_store::VideoFilter { limit: 1, ..toasoan_store::VideoFilter::default() };
    Ok(state.db.videos(&filter).await?.0 > 0)
}

/// Clips with Google's video extension: thumbnail, title, description, where it plays, duration.
/// None yet: no file (an empty `urlset` is invalid), as the index says.
async fn videos(state: &SharedState) -> Result<Rendered, PageError> {
    let filter = toasoan_store::VideoFilter { limit: PER_FILE, ..toasoan_store::VideoFilter::default() };
    let (_, clips) = state.db.videos(&filter).await?;
    if clips.is_empty() {
        return Err(PageError::NotFound);
    }
    let base = &state.site.base_url;
    let mut xml = format!(
        "{HEAD}\n<urlset xmlns=\"{SITEMAP_NS}\" xmlns:video=\"http://www.google.com/schemas/sitemap-video/1.1\">\n"
    );
    for clip in clips.iter().map(crate::kernel::views::VideoView::from) {
        let place = match &clip.player {
            crate::kernel::views::Player::File { url, .. } => {
                format!("<video:content_loc>{}</video:content_loc>", escape(&absolute(base, url)))
            }
            crate::kernel::views::Player::Embed { player_url, .. } => {
                format!("<video:player_loc>{}</video:player_loc>", escape(player_url))
            }
            crate::kernel::views::Player::Link { url } => {
                format!("<video:player_loc>{}</video:player_loc>", escape(url))
            }
        };
        let duration = clip.seconds.map(|s| format!("<video:duration>{s}</video:duration>")).unwrap_or_default();
        let description = if clip.description.is_empty() { &clip.title } else { &clip.description };
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><video:video><video:thumbnail_loc>{}</video:thumbnail_loc><video:title>{}</video:title>\
             <video:description>{}</video:description>{place}{duration}\
             <video:publication_date>{}</video:publication_date></video:video></url>",
            escape(&absolute(base, &clip.url)),
            escape(&absolute(base, &clip.poster)),
            escape(&clip.title),
            escape(description),
            clip.published_iso
        );
    }
    xml.push_str("</urlset>\n");
    Ok(Rendered { html: xml, last_modified: None })
}

/// A `<urlset>` of addresses with their last change, when known.
fn urlset(urls: &[(String, Option<String>)]) -> Rendered {
    let mut xml = format!("{HEAD}\n<urlset xmlns=\"{SITEMAP_NS}\">\n");
    for (loc, lastmod) in urls {
        let _ = match lastmod {
            Some(lastmod) => writeln!(xml, "<url><loc>{}</loc><lastmod>{lastmod}</lastmod></url>", escape(loc)),
            None => writeln!(xml, "<url><loc>{}</loc></url>", escape(loc)),
        };
    }
    xml.push_str("</urlset>\n");
    Rendered { html: xml, last_modified: None }
}

/// The picture of a news entry (Google's image sitemap extension), when it has one.
fn image_entry(base_url: &str, image: &str) -> String {
    if image.is_empty() {
        return String::new();
    }
    format!("<image:image><image:loc>{}</image:loc></image:image>", escape(&absolute(base_url, image)))
}

/// Text for XML content.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_split_at_fifty_thousand() {
        assert_eq!([0, 1, 50_000, 50_001, 100_000, 100_001].map(article_files), [1, 1, 1, 2, 2, 3]);
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(escape("Tom & \"Jerry\" <b>'s"), "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&apos;s");
    }
}
