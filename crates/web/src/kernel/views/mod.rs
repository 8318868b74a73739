//! What templates see: store values turned into ready-to-print strings (Vietnamese dates,
//! paths), so templates stay free of logic.

mod issue;
mod video;

pub use issue::{IssueView, TocView};
pub use video::{Player, VideoView};

use serde::Serialize;
use toasoan_core::Block;
use toasoan_store::{Article, ArticleSummary, Category};
use vn::time::{format_article_time, format_list_date, format_rfc3339};

use super::pagination::page_path;
use crate::SiteConfig;

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
}

impl<'a> From<&'a SiteConfig> for SiteView<'a> {
    fn from(site: &'a SiteConfig) -> Self {
        SiteView { name: &site.name, description: &site.description, base_url: &site.base_url }
    }
}

/// An entry of the category menu.
#[derive(Debug, Serialize)]
pub struct NavItem {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub slug: String,
    pub children: Vec<NavItem>,
}

/// Top-level categories with their children, in their order.
pub fn navigation(categories: &[Category]) -> Vec<NavItem> {
    let item = |c: &Category, children| NavItem {
        id: c.id,
        name: c.name.clone(),
        url: category_path(&c.slug),
        slug: c.slug.clone(),
        children,
    };
    categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|top| {
            let children =
                categories.iter().filter(|c| c.parent_id == Some(top.id)).map(|c| item(c, Vec::new())).collect();
            item(top, children)
        })
        .collect()
}

pub fn category_path(slug: &str) -> String {
    format!("/{slug}")
}

/// The path of page `page` (1-based) of a category.
pub fn category_page_path(slug: &str, page: i64) -> String {
    page_path(&category_path(slug), page)
}

pub fn tag_path(slug: &str) -> String {
    format!("/the/{slug}")
}

pub fn author_path(slug: &str) -> String {
    format!("/tac-gia/{slug}")
}

mod picture;
pub use picture::PictureView;

/// An article in a list.
#[derive(Debug, Serialize)]
pub struct Card {
    pub url: String,
    pub title: String,
    pub excerpt: String,
    pub category_name: String,
    pub category_url: String,
    pub time: String,
    pub date: String,
    pub iso_time: String,
    /// Approved reader comments, where the list shows them.
    pub comments: i64,
    /// The article's picture, when it has one.
    pub picture: Option<PictureView>,
}

impl From<&ArticleSummary> for Card {
    fn from(a: &ArticleSummary) -> Self {
        Card {
            url: a.path(),
            title: a.title.clone(),
            excerpt: a.excerpt.clone(),
            category_name: a.category_name.clone(),
            category_url: category_path(&a.category_slug),
            time: format_article_time(a.published_at),
            date: format_list_date(a.published_at),
            iso_time: format_rfc3339(a.published_at),
            comments: 0,
            picture: PictureView::new(&a.image, &a.image_meta()),
        }
    }
}

pub fn cards(list: &[ArticleSummary]) -> Vec<Card> {
    list.iter().map(Card::from).collect()
}

/// A whole article for its page.
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    pub url: String,
    pub title: &'a str,
    pub lead: &'a str,
    pub byline: Option<&'a str>,
    /// The newsroom accounts who wrote it, each linked to their author page.
    pub authors: Vec<TagLink<'a>>,
    pub category_name: &'a str,
    pub category_url: String,
    pub time: String,
    pub iso_time: String,
    pub iso_updated: String,
    pub tags: Vec<TagLink<'a>>,
    pub blocks: &'a [Block],
    /// For each block, the provider's player when it is a YouTube or Vimeo video (shown behind
    /// a facade, like the clips' pages).
    pub embeds: Vec<Option<EmbedView>>,
    pub description: String,
    /// The picture above the body, when it is not already one of the body's figures.
    pub top_picture: Option<PictureView>,
    /// The block index of the first picture in the body when nothing is above it: loaded at
    /// once (likely the largest thing on the first screen), the others lazily.
    pub first_figure: Option<usize>,
}

/// A provider's player as the facade needs it.
#[derive(Debug, Serialize)]
pub struct EmbedView {
    pub provider: &'static str,
    pub player_url: String,
    pub watch_url: String,
}

fn embed_of(block: &Block) -> Option<EmbedView> {
    let Block::Video { url, .. } = block else { return None };
    let embed = toasoan_core::video::Embed::parse(url).ok()?;
    Some(EmbedView { provider: embed.provider_name(), player_url: embed.player_url(), watch_url: embed.watch_url() })
}

impl<'a> From<&'a Article> for ArticleView<'a> {
    fn from(a: &'a Article) -> Self {
        let description = toasoan_store::model::excerpt(&a.lead, &a.blocks);
        ArticleView {
            url: a.path(),
            title: &a.title,
            lead: &a.lead,
            byline: a.byline.as_deref(),
            authors: a.authors.iter().map(|x| TagLink { name: &x.name, url: author_path(&x.slug) }).collect(),
            category_name: &a.category.name,
            category_url: category_path(&a.category.slug),
            time: format_article_time(a.published_at),
            iso_time: format_rfc3339(a.published_at),
            iso_updated: format_rfc3339(a.updated_at),
            tags: a.tags.iter().map(|t| TagLink { name: &t.name, url: tag_path(&t.slug) }).collect(),
            blocks: &a.blocks,
            embeds: a.blocks.iter().map(embed_of).collect(),
            description,
            first_figure: match top_picture(a) {
                Some(_) => None,
                None => a.blocks.iter().position(|b| matches!(b, Block::Figure { image: Some(_), .. })),
            },
            top_picture: top_picture(a),
        }
    }
}

/// The featured picture above the article, unless the body shows it already.
fn top_picture(a: &Article) -> Option<PictureView> {
    let in_body = a.blocks.iter().any(|b| matches!(b, Block::Figure { image: Some(i), .. } if *i == a.featured_image));
    if in_body {
        return None;
    }
    PictureView::new(&a.featured_image, &a.featured_meta)
}

#[derive(Debug, Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
}
