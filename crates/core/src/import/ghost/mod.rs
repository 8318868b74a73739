//! Ghost's export (`Settings › Labs › Export your content`, the Admin API's `db` endpoint, any
//! Ghost from 1.x to 5.x): posts with their rendered HTML (whatever the editor — Lexical,
//! Mobiledoc — Ghost stores the HTML it shows), tags, authors, feature images and statuses.
//! Ghost has no categories: a post's first public tag (its "primary tag") becomes our category;
//! internal tags (`#…`) are Ghost's own machinery and are not kept.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::ImportError;
use crate::content::one_line;
use crate::import::html::blocks_from_html;
use crate::rich_text::plain_text;
use crate::{ArticleDraft, Block, CategoryRef, Status};

/// What a Ghost export holds that we keep.
#[derive(Debug, Clone, Default)]
pub struct Export {
    pub title: String,
    pub version: String,
    pub posts: Vec<Post>,
    pub users: Vec<User>,
    pub tags: Vec<Tag>,
    post_tags: HashMap<String, Vec<(i64, String)>>,
    post_authors: HashMap<String, Vec<(i64, String)>>,
    meta: HashMap<String, PostMeta>,
    roles: HashMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Post {
    #[serde(deserialize_with = "id")]
    pub id: String,
    #[serde(default)]
    pub uuid: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub plaintext: Option<String>,
    #[serde(default)]
    pub feature_image: Option<String>,
    #[serde(default)]
    pub featured: Value,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub page: Value,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub published_at: Value,
    #[serde(default)]
    pub created_at: Value,
    #[serde(default)]
    pub custom_excerpt: Option<String>,
    #[serde(default)]
    pub mobiledoc: Option<String>,
    #[serde(default)]
    pub lexical: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct User {
    #[serde(deserialize_with = "id")]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub bio: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Tag {
    #[serde(deserialize_with = "id")]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub visibility: Option<String>,
}

impl Tag {
    /// Ghost's internal tags (`#nổi-bật`) drive its themes; readers never see them.
    pub fn is_internal(&self) -> bool {
        self.visibility.as_deref() == Some("internal") || self.name.starts_with('#')
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
struct PostMeta {
    #[serde(default)]
    feature_image_alt: Option<String>,
    #[serde(default)]
    feature_image_caption: Option<String>,
}

/// A Ghost post as an article draft, with what only the importer needs beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub ghost_id: String,
    pub is_page: bool,
    pub draft: ArticleDraft,
    /// Our category's name path (Ghost's primary tag; one level).
    pub category_path: Vec<String>,
    pub author_ids: Vec<String>,
    /// `2026/12/a.jpg`: under Ghost's `content/images`.
    pub feature_image: Option<String>,
    pub feature_alt: String,
    pub feature_caption: String,
    pub notes: Vec<String>,
}

/// Reads a Ghost export: `{"db": [{"meta", "data"}]}` (Ghost 1–5), or `{"meta", "data"}`.
pub fn read(json: &str) -> Result<Export, ImportError> {
    let root: Value = serde_json::from_str(json).map_err(|e| ImportError::new(e.line(), format!("not JSON: {e}")))?;
    let db = root.get("db").and_then(|d| d.get(0)).unwrap_or(&root);
    let data = db.get("data").ok_or_else(|| ImportError::new(1, "no \"data\": this is not a Ghost export"))?;
    let version = db["meta"]["version"].as_str().unwrap_or_default().to_owned();
    let table = |name: &str| data.get(name).cloned().unwrap_or(Value::Array(Vec::new()));
    let parse = |name: &str| -> Result<Vec<Value>, ImportError> {
        serde_json::from_value(table(name)).map_err(|e| ImportError::new(1, format!("{name}: {e}")))
    };
    let rows = |name: &str| -> Result<Vec<JoinRow>, ImportError> { Ok(parse(name)?.iter().map(JoinRow::of).collect()) };
    let posts: Vec<Post> =
        serde_json::from_value(table("posts")).map_err(|e| ImportError::new(1, format!("posts: {e}")))?;
    let users: Vec<User> =
        serde_json::from_value(table("users")).map_err(|e| ImportError::new(1, format!("users: {e}")))?;
    let tags: Vec<Tag> =
        serde_json::from_value(table("tags")).map_err(|e| ImportError::new(1, format!("tags: {e}")))?;
    let mut meta = HashMap::new();
    for row in parse("posts_meta")? {
        if let (Some(post), Ok(fields)) = (text_id(&row["post_id"]), serde_json::from_value::<PostMeta>(row.clone())) {
            meta.insert(post, fields);
        }
    }
    let title = parse("settings")?
        .iter()
        .find(|s| s["key"] == "title")
        .and_then(|s| s["value"].as_str())
        .unwrap_or_default()
        .to_owned();
    let role_names: HashMap<String, String> =
        parse("roles")?.iter().filter_map(|r| Some((text_id(&r["id"])?, r["name"].as_str()?.to_owned()))).collect();
    let roles = parse("roles_users")?
        .iter()
        .filter_map(|r| Some((text_id(&r["user_id"])?, role_names.get(&text_id(&r["role_id"])?)?.clone())))
        .collect();
    Ok(Export {
        title,
        version,
        posts,
        users,
        tags,
        post_tags: grouped(rows("posts_tags")?, "tag_id"),
        post_authors: grouped(rows("posts_authors")?, "author_id"),
        meta,
        roles,
    })
}

/// A join row: the post, the other side, and its order.
struct JoinRow {
    post: Option<String>,
    other: HashMap<&'static str, String>,
    order: i64,
}

impl JoinRow {
    fn of(row: &Value) -> JoinRow {
        let mut other = HashMap::new();
        for key in ["tag_id", "author_id"] {
            if let Some(id) = text_id(&row[key]) {
                other.insert(key, id);
            }
        }
        JoinRow { post: text_id(&row["post_id"]), other, order: row["sort_order"].as_i64().unwrap_or(0) }
    }
}

fn grouped(rows: Vec<JoinRow>, key: &'static str) -> HashMap<String, Vec<(i64, String)>> {
    let mut by_post: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for row in rows {
        if let (Some(post), Some(other)) = (row.post, row.other.get(key)) {
            by_post.entry(post).or_default().push((row.order, other.clone()));
        }
    }
    for list in by_post.values_mut() {
        list.sort();
    }
    by_post
}

/// Ids are strings since Ghost 1, numbers before.
fn text_id(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    text_id(&value).ok_or_else(|| serde::de::Error::custom("an id must be a string or a number"))
}

impl Export {
    pub fn role_of(&self, user_id: &str) -> Option<&str> {
        self.roles.get(user_id).map(String::as_str)
    }

    /// A post (or page) as our article.
    pub fn convert(&self, post: &Post) -> Result<Converted, ImportError> {
        let line = 0;
        let title = one_line(post.title.as_deref().unwrap_or_default());
        if title.is_empty() {
            return Err(ImportError::new(line, format!("post {} has no title", post.id)));
        }
        let mut notes = Vec::new();
        let members_only = post.visibility.as_deref().is_some_and(|v| v != "public");
        let status = match post.status.as_str() {
            "published" | "sent" if members_only => {
                notes.push(format!(
                    "visible to members only on Ghost ({}): imported as a draft",
                    post.visibility.as_deref().unwrap_or_default()
                ));
                Status::Draft
            }
            "published" | "sent" => Status::Published,
            "scheduled" => Status::Scheduled,
            _ => Status::Draft,
        };
        let published_at = time(&post.published_at).or_else(|| time(&post.created_at)).unwrap_or_else(Utc::now);
        let tags: Vec<&Tag> = self
            .post_tags
            .get(&post.id)
            .map(|ids| ids.iter().filter_map(|(_, id)| self.tags.iter().find(|t| &t.id == id)).collect())
            .unwrap_or_default();
        let public: Vec<String> = tags.iter().filter(|t| !t.is_internal()).map(|t| one_line(&t.name)).collect();
        let category = public.first().cloned().unwrap_or_else(|| "Khác".to_owned());
        let html = post.html.clone().unwrap_or_else(|| plain_paragraphs(post.plaintext.as_deref().unwrap_or_default()));
        let blocks: Vec<Block> = blocks_from_html(&html.replace("__GHOST_URL__", ""));
        let meta = self.meta.get(&post.id);
        let draft = ArticleDraft {
            source_id: Some(format!("ghost:{}", post.uuid.as_deref().unwrap_or(&post.id))),
            category: CategoryRef { name: category.clone(), parent: None },
            title,
            lead: one_line(&plain_text(post.custom_excerpt.as_deref().unwrap_or_default())),
            byline: None,
            tags: public,
            blocks,
            status,
            published_at,
            featured: matches!(&post.featured, Value::Bool(true)) || post.featured == 1 || post.featured == "1",
            old_url: Some(format!("/{}/", post.slug)),
        };
        Ok(Converted {
            ghost_id: post.id.clone(),
            is_page: post.kind.as_deref() == Some("page") || post.page == true || post.page == 1,
            draft,
            category_path: vec![category],
            author_ids: self
                .post_authors
                .get(&post.id)
                .map(|a| a.iter().map(|(_, id)| id.clone()).collect())
                .unwrap_or_default(),
            feature_image: post.feature_image.as_deref().and_then(image_path),
            feature_alt: meta.and_then(|m| m.feature_image_alt.clone()).map(|a| one_line(&a)).unwrap_or_default(),
            feature_caption: meta
                .and_then(|m| m.feature_image_caption.clone())
                .map(|c| one_line(&plain_text(&c)))
                .unwrap_or_default(),
            notes,
        })
    }
}

/// `__GHOST_URL__/content/images/size/w600/2026/12/a.jpg` → `2026/12/a.jpg`.
pub fn image_path(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("/content/images/")?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let rest = match rest.strip_prefix("size/") {
        Some(sized) => sized.split_once('/').map(|(_, r)| r).unwrap_or(sized),
        None => rest,
    };
    (!rest.is_empty() && !rest.split('/').any(|p| p == "..")).then(|| rest.to_owned())
}

/// Ghost's times: `2026-05-28 21:46:50` (UTC, Ghost 2–5), ISO 8601, or milliseconds (Ghost 1).
fn time(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(s) => NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S")
            .map(|t| t.and_utc())
            .ok()
            .or_else(|| DateTime::parse_from_rfc3339(s.trim()).ok().map(|t| t.with_timezone(&Utc))),
        Value::Number(n) => n.as_i64().and_then(DateTime::from_timestamp_millis),
        _ => None,
    }
}

fn plain_paragraphs(text: &str) -> String {
    text.split("\n\n").map(|p| format!("<p>{}</p>", p.replace('&', "&amp;").replace('<', "&lt;"))).collect()
}

#[cfg(test)]
mod tests;
