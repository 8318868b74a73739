//! The editor: `/toa-soan/bai-viet/moi` (new), `/toa-soan/bai-viet/{id}` (open and save),
//! `/toa-soan/tu-dong-luu` (autosave, called by the editor's script every few seconds).
//!
//! With JavaScript the body is edited in place (what you see is what you get) and sent as
//! blocks; without it, as Markdown in a text area. Either way the server cleans what arrives. A
//! form that cannot be saved comes back with everything typed still in it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use toasoan_core::{ArticleAccess, ArticleContent, Block, FieldError, status_label};

use super::actions::{self, ActionError};
use super::editing_together;
use super::markdown;
use super::workflow::{allowed_steps, history, viewable};
use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::csrf;
use crate::kernel::newsroom_page::{Form, Member, MemberForm, page, redirect};
use crate::kernel::to_value;

/// Largest autosave accepted, in bytes.
const MAX_AUTOSAVE: usize = 2_000_000;

/// The editor's fields as the template shows them (and as autosaves keep them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EditorFields {
    title: String,
    lead: String,
    category: i64,
    tags: String,
    byline: String,
    /// Author slugs, in order.
    authors: Vec<String>,
    slug: String,
    seo_title: String,
    seo_description: String,
    featured_image: String,
    featured_focus: String,
    featured: bool,
    blocks: Vec<Block>,
    /// The article's version when the editor opened it (see `editing_together`).
    version: String,
}

impl EditorFields {
    fn from_content(content: &ArticleContent) -> EditorFields {
        EditorFields {
            title: content.title.clone(),
            lead: content.lead.clone(),
            category: content.category_id,
            tags: content.tags.join(", "),
            byline: content.byline.clone().unwrap_or_default(),
            authors: content.authors.clone(),
            slug: content.slug.clone(),
            seo_title: content.seo_title.clone(),
            seo_description: content.seo_description.clone(),
            featured_image: content.featured_image.clone(),
            featured_focus: content.featured_focus.clone(),
            featured: content.featured,
            blocks: content.blocks.clone(),
            version: String::new(),
        }
    }

    /// A new article's fields: a writer's own article starts with them as its author; an editor
    /// starts with none (they often enter a contributor's byline, and the page must not name
    /// the editor beside it).
    fn starting_for(user: &toasoan_store::User) -> EditorFields {
        let own = user.role == toasoan_core::Role::Writer;
        EditorFields { authors: user.slug.iter().filter(|_| own).cloned().collect(), ..EditorFields::default() }
    }

    /// The form as sent: blocks from the script when it ran, else from the Markdown text area.
    fn from_form(form: &Form) -> EditorFields {
        let from_script = Some(form.get("blocks_json")).filter(|j| !j.trim().is_empty());
        let blocks = from_script
            .and_then(|json| serde_json::from_str::<Vec<Block>>(json).ok())
            .unwrap_or_else(|| markdown::to_blocks(form.get("body")));
        EditorFields {
            title: form.get("title").to_owned(),
            lead: form.get("lead").to_owned(),
            category: form.get("category").parse().unwrap_or(0),
            tags: form.get("tags").to_owned(),
            byline: form.get("byline").to_owned(),
            authors: form.all("authors").iter().map(|s| (*s).to_owned()).collect(),
            slug: form.get("slug").to_owned(),
            seo_title: form.get("seo_title").to_owned(),
            seo_description: form.get("seo_description").to_owned(),
            featured_image: match form.get("featured_choice") {
                "" => form.get("featured_image").to_owned(),
                chosen => chosen.to_owned(),
            },
            featured_focus: form.get("featured_focus").to_owned(),
            featured: !form.get("featured").is_empty(),
            blocks,
            version: form.get("version").to_owned(),
        }
    }

    fn content(&self) -> ArticleContent {
        ArticleContent {
            title: self.title.clone(),
            lead: self.lead.clone(),
            category_id: self.category,
            tags: self.tags.split(',').map(str::to_owned).collect(),
            blocks: self.blocks.clone(),
            byline: Some(self.byline.clone()),
            authors: self.authors.clone(),
            slug: self.slug.clone(),
            seo_title: self.seo_title.clone(),
            seo_description: self.seo_description.clone(),
            featured_image: self.featured_image.clone(),
            featured_focus: self.featured_focus.clone(),
            featured_sizes: None,
            featured: self.featured,
        }
    }
}

/// What the editor page needs besides the fields.
struct EditorPage<'a> {
    id: Option<i64>,
    access: Option<ArticleAccess>,
    fields: EditorFields,
    errors: Vec<FieldError>,
    notice: Option<String>,
    restored_from: Option<DateTime<Utc>>,
    member: &'a Member,
    /// Others in this article's editor lately.
    others: Vec<String>,
    /// What someone saved after this editor opened, when a save was refused for it.
    conflict: Option<editing_together::Conflict>,
}

async fn render_editor(state: &SharedState, editor: EditorPage<'_>) -> Result<Response, PageError> {
    let (categories, authors) = (state.db.categories().await?, state.db.possible_authors().await?);
    let (events, steps) = match (editor.id, editor.access) {
        (Some(id), Some(access)) => match history(state, id).await {
            Ok(events) => (events, allowed_steps(&editor.member.actor(), &access)),
            Err(error) => return Err(PageError::internal(error)),
        },
        _ => (Vec::new(), Vec::new()),
    };
    let status = editor.access.map(|a| a.status);
    let preview = match editor.id {
        Some(id) => state.db.preview_link(id, chrono::Utc::now()).await.ok().flatten().map(|(token, expires)| {
            minijinja::context! { url => format!("/xem-truoc/{id}/{token}"), expires => vn::time::format_article_time(expires) }
        }),
        None => None,
    };
    let context = minijinja::context! {
        id => editor.id,
        fields => to_value(&editor.fields),
        body_markdown => markdown::from_blocks(&editor.fields.blocks),
        blocks_json => serde_json::to_string(&editor.fields.blocks).unwrap_or_else(|_| "[]".to_owned()),
        categories => to_value(&categories),
        authors => to_value(&authors),
        errors => to_value(&editor.errors),
        notice => editor.notice,
        restored_from => editor.restored_from.map(vn::time::format_article_time),
        status => status.map(|s| s.as_str()),
        status_label => status.map(status_label),
        can_edit => editor.access.is_none_or(|a| editor.member.actor().can_edit(&a)),
        events => to_value(&events),
        steps => to_value(&steps),
        preview,
        picture_choices => to_value(&super::picture_choices::for_editor(state, &editor.fields.blocks).await),
        others => editor.others,
        conflict => to_value(&editor.conflict),
    };
    let mut response = page(state, Some(editor.member), "newsroom/editor.html", context);
    if editor.conflict.is_some() {
        *response.status_mut() = StatusCode::CONFLICT;
    } else if !editor.errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub async fn new_article(State(state): State<SharedState>, member: Member) -> Result<Response, PageError> {
    if !member.actor().can_write() {
        return Err(PageError::Forbidden);
    }
    let (fields, restored_from) = match state.db.autosaved(member.0.user.id, 0).await {
        Ok(Some((json, at))) => (serde_json::from_str(&json).unwrap_or_default(), Some(at)),
        Ok(None) => (EditorFields::starting_for(&member.0.user), None),
        Err(error) => return Err(PageError::internal(error)),
    };
    let editor = EditorPage {
        id: None,
        access: None,
        fields,
        errors: vec![],
        notice: None,
        restored_from,
        member: &member,
        others: Vec::new(),
        conflict: None,
    };
    render_editor(&state, editor).await
}

pub async fn create(
    State(state): State<SharedState>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    let fields = EditorFields::from_form(&form);
    match actions::create(&state, &member.0.user, fields.content()).await {
        Ok(id) => {
            if let Err(error) = state.db.clear_autosave(member.0.user.id, 0).await {
                tracing::warn!(%error, "cannot clear an autosave");
            }
            Ok(redirect(&format!("/toa-soan/bai-viet/{id}?da-luu")))
        }
        Err(error) => save_failed(&state, &member, None, fields, error).await,
    }
}

pub async fn edit(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Result<Response, PageError> {
    let access = viewable(&state, &member, id).await?;
    let (content, updated) = match state.db.article_content(id).await {
        Ok(Some(found)) => found,
        Ok(None) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    };
    let mut fields = EditorFields::from_content(&content);
    let mut restored_from = None;
    if let Ok(Some((json, at))) = state.db.autosaved(member.0.user.id, id).await
        && at > updated
        && let Ok(saved) = serde_json::from_str::<EditorFields>(&json)
    {
        fields = saved;
        restored_from = Some(at);
    }
    fields.version = editing_together::version_text(updated);
    let others = editing_together::arrive(&state, id, member.0.user.id).await;
    let notice = match query.as_deref() {
        Some(q) if q.contains("da-luu") => Some("Đã lưu.".to_owned()),
        Some(q) if q.contains("da-chuyen") => Some("Đã chuyển trạng thái.".to_owned()),
        Some(q) if q.contains("da-khoi-phuc") => Some("Đã khôi phục phiên bản.".to_owned()),
        _ => None,
    };
    let editor = EditorPage {
        id: Some(id),
        access: Some(access),
        fields,
        errors: vec![],
        notice,
        restored_from,
        member: &member,
        others,
        conflict: None,
    };
    render_editor(&state, editor).await
}

pub async fn save(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    let access = viewable(&state, &member, id).await?;
    let fields = EditorFields::from_form(&form);
    let read_at = editing_together::parse_version(&fields.version);
    Ok(match actions::save(&state, &member.0.user, id, &access, fields.content(), read_at).await {
        Ok(()) => redirect(&format!("/toa-soan/bai-viet/{id}?da-luu")),
        Err(error) => save_failed(&state, &member, Some((id, access)), fields, error).await?,
    })
}

/// A create or save that did not happen: the editor again with everything typed and the
/// reasons, or 403, or the error page.
async fn save_failed(
    state: &SharedState,
    member: &Member,
    article: Option<(i64, ArticleAccess)>,
    fields: EditorFields,
    error: ActionError,
) -> Result<Response, PageError> {
    let (id, access) = article.map_or((None, None), |(id, access)| (Some(id), Some(access)));
    let mut editor = EditorPage {
        id,
        access,
        fields,
        errors: vec![],
        notice: None,
        restored_from: None,
        member,
        others: vec![],
        conflict: None,
    };
    Ok(match error {
        ActionError::Invalid(errors) => {
            editor.errors = errors;
            render_editor(state, editor).await?
        }
        ActionError::Stale => {
            let Some(id) = id else { return Err(PageError::internal("a new article cannot be stale")) };
            let (conflict, version) = editing_together::saved_meanwhile(state, id).await?;
            editor.errors = vec![editing_together::stale_error(&conflict)];
            editor.fields.version = version;
            editor.conflict = Some(conflict);
            render_editor(state, editor).await?
        }
        ActionError::Forbidden(_) => return Err(PageError::Forbidden),
        error => return Err(PageError::internal(error)),
    })
}

/// `POST /toa-soan/tu-dong-luu?bai=ID` with the editor's fields as JSON and the CSRF header.
pub async fn autosave(
    State(state): State<SharedState>,
    member: Member,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    body: Bytes,
) -> Result<Response, PageError> {
    if csrf::forged(&headers, csrf::header_token(&headers), &member.0.csrf_token) {
        return Ok((StatusCode::FORBIDDEN, "csrf").into_response());
    }
    let id: i64 = query.as_deref().and_then(|q| q.strip_prefix("bai=")).and_then(|v| v.parse().ok()).unwrap_or(0);
    if body.len() > MAX_AUTOSAVE || serde_json::from_slice::<EditorFields>(&body).is_err() {
        return Ok((StatusCode::BAD_REQUEST, "invalid autosave").into_response());
    }
    if id != 0 && viewable(&state, &member, id).await.is_err() {
        return Ok((StatusCode::NOT_FOUND, "no such article").into_response());
    }
    if id != 0
        && let Err(error) = state.db.mark_editing(id, member.0.user.id, Utc::now()).await
    {
        tracing::warn!(%error, "cannot mark who is editing");
    }
    Ok(match state.db.autosave(member.0.user.id, id, &String::from_utf8_lossy(&body)).await {
        Ok(at) => axum::Json(serde_json::json!({ "saved_at": vn::time::format_article_time(at) })).into_response(),
        Err(error) => {
            tracing::error!(%error, "autosave failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "autosave failed").into_response()
        }
    })
}
