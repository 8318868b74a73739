//! What the store returns: rows read back as domain values.

use chrono::{DateTime, Utc};
use serde::Serialize;
use toasoan_core::{Block, Status};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub slug: String,
    pub position: i64,
}

/// An author named on an article: the name shown and the page's slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorRef {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub name: String,
    pub slug: String,
}

/// A whole article, as its page and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub id: i64,
    pub source_id: Option<String>,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub byline: Option<String>,
    pub category: Category,
    pub tags: Vec<Tag>,
    /// The newsroom accounts who wrote it, in order (none for imported articles).
    pub authors: Vec<AuthorRef>,
    pub blocks: Vec<Block>,
    pub status: Status,
    pub featured: bool,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub old_url: Option<String>,
    /// The newsroom's title and description for search engines and sharing (empty: the
    /// article's own), and the featured image's address (empty without one).
    pub seo_title: String,
    pub seo_description: String,
    pub featured_image: String,
    /// The picture's focal point and sizes (see [`FeaturedMeta`]).
    pub featured_meta: FeaturedMeta,
}

/// An article in a list: enough for a headline, a teaser and a link, without the body.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ArticleSummary {
    pub id: i64,
    pub source_id: Option<String>,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub byline: Option<String>,
    pub category_name: String,
    pub category_slug: String,
    pub featured: bool,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The featured image's address (empty without one).
    #[sqlx(rename = "featured_image")]
    pub image: String,
    /// Its focal point and sizes, as stored (JSON; read with [`ArticleSummary::image_meta`]).
    #[sqlx(rename = "featured_meta")]
    pub image_meta_json: String,
}

/// What lists need of the article's picture besides its address: where its subject is and,
/// for a library picture, its sizes. Kept as JSON in `articles.featured_meta`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FeaturedMeta {
    #[serde(default)]
    pub focus: String,
    #[serde(default)]
    pub sizes: Option<toasoan_core::PictureSizes>,
}

impl FeaturedMeta {
    /// Read leniently: a row written before pictures had sizes (empty) has none.
    pub fn parse(json: &str) -> FeaturedMeta {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn of(content: &toasoan_core::ArticleContent) -> FeaturedMeta {
        FeaturedMeta { focus: content.featured_focus.clone(), sizes: content.featured_sizes.clone() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl ArticleSummary {
    /// The picture's focal point and sizes.
    pub fn image_meta(&self) -> FeaturedMeta {
        FeaturedMeta::parse(&self.image_meta_json)
    }

    /// The public page's path: `/{category}/{slug}-{id}`. The id makes it stable and unique;
    /// the words make it readable.
    pub fn path(&self) -> String {
        article_path(&self.category_slug, &self.slug, self.id)
    }
}

impl Article {
    pub fn path(&self) -> String {
        article_path(&self.category.slug, &self.slug, self.id)
    }
}

pub fn article_path(category_slug: &str, slug: &str, id: i64) -> String {
    format!("/{category_slug}/{slug}-{id}")
}

/// The short text shown under a headline in lists: the lead, else the first paragraph, cut at a
/// word boundary.
pub fn excerpt(lead: &str, blocks: &[Block]) -> String {
    const MAX_CHARS: usize = 240;
    let source = if lead.is_empty() {
        blocks.iter().find(|b| matches!(b, Block::Paragraph { .. })).map(Block::text).unwrap_or_default()
    } else {
        lead.into()
    };
    if source.chars().count() <= MAX_CHARS {
        return source.into_owned();
    }
    let cut: String = source.chars().take(MAX_CHARS).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_prefer_the_lead_and_cut_at_words() {
        let blocks = vec![Block::caption_only("ảnh"), Block::paragraph("Đoạn đầu.")];
        assert_eq!(excerpt("", &blocks), "Đoạn đầu.");
        assert_eq!(excerpt("Sa-pô.", &blocks), "Sa-pô.");
        let long = "từ ".repeat(200);
        let cut = excerpt(&long, &blocks);
        assert!(cut.ends_with("từ…") && cut.chars().count() <= 241, "{cut}");
    }
}
