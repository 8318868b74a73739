//! WordPress's export format (WXR, "WordPress eXtended RSS", version 1.0–1.2), read into typed
//! items: what the site was (address, authors, categories, tags) and every post, page and
//! attachment with its comments. Turning a post into our article is [`post`]'s business, its
//! body [`content`]'s.
//!
//! The exporter writes categories and tags twice (as `wp:category`/`wp:tag` and again as
//! `wp:term`); they are merged by taxonomy and id. It never writes spam comments.

pub mod content;
pub mod post;
pub mod xml;

use std::collections::BTreeMap;

use xml::{Element, for_each_channel_child};

use super::ImportError;

/// What a WXR file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    pub title: String,
    /// The site's address (`wp:base_site_url`, else the channel's link), without a final slash.
    pub base_url: String,
    pub authors: Vec<Author>,
    /// By term id: the nesting is by the parent's slug, as the file has it.
    pub categories: Vec<Term>,
    pub tags: Vec<Term>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// WordPress's user id: comments written by a logged-in account name it.
    pub id: i64,
    pub login: String,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    pub id: i64,
    pub slug: String,
    pub parent_slug: String,
    pub name: String,
}

/// One `<item>`: a post, page, attachment, menu item or anything a plugin added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub line: usize,
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    /// `YYYY-MM-DD HH:MM:SS`, the site's local time.
    pub date: String,
    /// The same in UTC; `0000-00-00 00:00:00` for drafts.
    pub date_gmt: String,
    pub slug: String,
    pub parent: i64,
    pub password: String,
    pub sticky: bool,
    /// `(domain, nicename, name)`: `category`, `post_tag`, …
    pub terms: Vec<(String, String, String)>,
    pub meta: Vec<(String, String)>,
    pub comments: Vec<Comment>,
    pub attachment_url: String,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    pub email: String,
    pub url: String,
    pub ip: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    /// `1`, `0` (pending), `spam`, `trash`.
    pub approved: String,
    pub kind: String,
    pub parent: i64,
    pub user_id: i64,
}

/// Reads a whole WXR document.
pub fn read(xml: &str) -> Result<Export, ImportError> {
    let mut export = Export::default();
    let mut categories = BTreeMap::new();
    let mut tags = BTreeMap::new();
    let mut site_link = String::new();
    for_each_channel_child(xml, |element| {
        match element.name.as_str() {
            "title" => export.title = element.text.trim().to_owned(),
            "link" => site_link = element.text.trim().to_owned(),
            "wp:base_site_url" => export.base_url = element.text.trim().to_owned(),
            "wp:author" => export.authors.push(author(&element)),
            "wp:category" => {
                let term = term(&element, "wp:category_nicename", "wp:category_parent", "wp:cat_name");
                categories.entry(term.id).or_insert(term);
            }
            "wp:tag" => {
                let term = term(&element, "wp:tag_slug", "", "wp:tag_name");
                tags.entry(term.id).or_insert(term);
            }
            "wp:term" => {
                let term_ = term(&element, "wp:term_slug", "wp:term_parent", "wp:term_name");
                match element.child_text("wp:term_taxonomy") {
                    "category" => {
                        categories.entry(term_.id).or_insert(term_);
                    }
                    "post_tag" => {
                        tags.entry(term_.id).or_insert(term_);
                    }
                    _ => {}
                }
            }
            "item" => export.items.push(item(&element)),
            _ => {}
        }
        Ok(())
    })?;
    if export.base_url.is_empty() {
        export.base_url = site_link;
    }
    export.base_url = export.base_url.trim_end_matches('/').to_owned();
    export.categories = categories.into_values().collect();
    export.tags = tags.into_values().collect();
    Ok(export)
}

fn author(element: &Element) -> Author {
    Author {
        id: element.child_number("wp:author_id"),
        login: element.child_text("wp:author_login").trim().to_owned(),
        email: element.child_text("wp:author_email").trim().to_owned(),
        display_name: element.child_text("wp:author_display_name").trim().to_owned(),
    }
}

fn term(element: &Element, slug: &str, parent: &str, name: &str) -> Term {
    Term {
        id: element.child_number("wp:term_id"),
        slug: element.child_text(slug).trim().to_owned(),
        parent_slug: element.child_text(parent).trim().to_owned(),
        name: decode_entities(element.child_text(name).trim()),
    }
}

fn item(element: &Element) -> Item {
    Item {
        line: element.line,
        id: element.child_number("wp:post_id"),
        kind: element.child_text("wp:post_type").trim().to_owned(),
        status: element.child_text("wp:status").trim().to_owned(),
        title: element.child_text("title").to_owned(),
        link: element.child_text("link").trim().to_owned(),
        creator: element.child_text("dc:creator").trim().to_owned(),
        content: element.child_text("content:encoded").to_owned(),
        excerpt: element.child_text("excerpt:encoded").to_owned(),
        date: element.child_text("wp:post_date").trim().to_owned(),
        date_gmt: element.child_text("wp:post_date_gmt").trim().to_owned(),
        slug: element.child_text("wp:post_name").trim().to_owned(),
        parent: element.child_number("wp:post_parent"),
        password: element.child_text("wp:post_password").to_owned(),
        sticky: element.child_text("wp:is_sticky").trim() == "1",
        terms: element
            .children_named("category")
            .map(|c| (c.attr("domain").to_owned(), c.attr("nicename").to_owned(), decode_entities(c.text.trim())))
            .collect(),
        meta: element
            .children_named("wp:postmeta")
            .map(|m| (m.child_text("wp:meta_key").to_owned(), m.child_text("wp:meta_value").to_owned()))
            .collect(),
        comments: element.children_named("wp:comment").map(comment).collect(),
        attachment_url: element.child_text("wp:attachment_url").trim().to_owned(),
    }
}

fn comment(element: &Element) -> Comment {
    Comment {
        id: element.child_number("wp:comment_id"),
        author: element.child_text("wp:comment_author").trim().to_owned(),
        email: element.child_text("wp:comment_author_email").trim().to_owned(),
        url: element.child_text("wp:comment_author_url").trim().to_owned(),
        ip: element.child_text("wp:comment_author_IP").trim().to_owned(),
        date: element.child_text("wp:comment_date").trim().to_owned(),
        date_gmt: element.child_text("wp:comment_date_gmt").trim().to_owned(),
        content: element.child_text("wp:comment_content").to_owned(),
        approved: element.child_text("wp:comment_approved").trim().to_owned(),
        kind: element.child_text("wp:comment_type").trim().to_owned(),
        parent: element.child_number("wp:comment_parent"),
        user_id: element.child_number("wp:comment_user_id"),
    }
}

/// WordPress stores term names HTML-escaped (`Khoa học &amp; Công nghệ`): the name people saw.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    crate::rich_text::plain_text(&text.replace('<', "&lt;"))
}

#[cfg(test)]
mod tests;
