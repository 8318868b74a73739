//! The newsroom's actions, once, for both the pages and the API: each checks the role rules
//! (core), cleans the content, writes (store) and records who did it in the audit log.

use chrono::{DateTime, Utc};
use toasoan_core::{ArticleAccess, ArticleContent, FieldError, Status, StepError, check_step};
use toasoan_store::{StoreError, User};

use crate::SharedState;
use crate::kernel::random::new_token;

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Conflict(String),
    /// Someone saved the article after the editor opened it.
    #[error("the article was saved by someone else after it was opened")]
    Stale,
    #[error("invalid content")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    /// Something the request names does not exist (a revision of the article).
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

/// A workflow step as asked: where to, and when for a scheduled one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepRequest {
    pub to: Status,
    pub at: Option<DateTime<Utc>>,
}

/// Reads `to` and, for "scheduled", `at` (RFC 3339, in the future).
pub fn parse_step(to: &str, at: Option<&str>) -> Result<StepRequest, ActionError> {
    let to = Status::parse(to).ok_or_else(|| {
        ActionError::BadRequest(format!(
            "to must be one of draft, submitted, approved, scheduled, published, unpublished; got {to:?}"
        ))
    })?;
    if to != Status::Scheduled {
        return Ok(StepRequest { to, at: None });
    }
    let at = at.ok_or_else(|| ActionError::BadRequest("a scheduled article needs \"at\" (RFC 3339)".into()))?;
    let at = DateTime::parse_from_rfc3339(at.trim())
        .map_err(|e| ActionError::BadRequest(format!("at must be an RFC 3339 time: {e}")))?
        .with_timezone(&Utc);
    if at <= Utc::now() {
        return Err(ActionError::BadRequest("at must be in the future".into()));
    }
    Ok(StepRequest { to, at: Some(at) })
}

pub async fn create(state: &SharedState, user: &User, content: ArticleContent) -> Result<i64, ActionError> {
    if !user.actor().can_write() {
        return Err(ActionError::Forbidden("your role does not write articles".into()));
    }
    let mut content = content.clean().map_err(ActionError::Invalid)?;
    ensure_category(state, content.category_id).await?;
    ensure_authors(state, &content.authors).await?;
    fill_media_details(state, &mut content).await?;
    let preview = new_token().map_err(|e| ActionError::Internal(e.to_string()))?;
    let id = state.db.create_article(user.id, &content, &preview).await?;
    state.db.audit(Some(user.id), "article_create", &format!("article {id}"), &content.title).await?;
    // This node's readers see it at once; other nodes at their next poll of the version.
    state.content_changed().await;
    Ok(id)
}

pub async fn save(
    state: &SharedState,
    user: &User,
    id: i64,
    access: &ArticleAccess,
    content: ArticleContent,
    read_at: Option<DateTime<Utc>>,
) -> Result<(), ActionError> {
    if !user.actor().can_edit(access) {
        return Err(ActionError::Forbidden("your role does not allow editing this article now".into()));
    }
    let mut content = content.clean().map_err(ActionError::Invalid)?;
    ensure_category(state, content.category_id).await?;
    ensure_authors(state, &content.authors).await?;
    fill_media_details(state, &mut content).await?;
    let moved = ArticleAccess { category_id: content.category_id, parent_category_id: None, ..*access };
    if content.category_id != access.category_id && !user.actor().can_edit(&moved) && access.status != Status::Draft {
        return Err(ActionError::Forbidden("you cannot move the article into that category".into()));
    }
    match state.db.save_article_if(id, user.id, &content, read_at).await {
        Err(StoreError::Stale) => return Err(ActionError::Stale),
        saved => saved?,
    }
    state.db.clear_autosave(user.id, id).await?;
    state.db.audit(Some(user.id), "article_save", &format!("article {id}"), &content.title).await?;
    // This node's readers see it at once; other nodes at their next poll of the version.
    state.content_changed().await;
    Ok(())
}

/// Saves a revision's content as the article's content (itself a new revision).
pub async fn restore(
    state: &SharedState,
    user: &User,
    id: i64,
    access: &ArticleAccess,
    revision: i64,
) -> Result<(), ActionError> {
    let revisions = state.db.revisions(id).await?;
    let found = revisions.into_iter().find(|r| r.id == revision);
    let content = found.ok_or_else(|| ActionError::NotFound(format!("article {id} has no revision {revision}")))?;
    save(state, user, id, access, content.content, None).await?;
    state.db.audit(Some(user.id), "article_restore", &format!("article {id}"), &format!("revision {revision}")).await?;
    Ok(())
}

/// Takes a workflow step: 409-kind refusals first, then the role, then the write (which
/// refuses if someone moved the article meanwhile).
pub async fn step(
    state: &SharedState,
    user: &User,
    id: i64,
    access: &ArticleAccess,
    request: StepRequest,
    note: &str,
) -> Result<(), ActionError> {
    check_step(&user.actor(), access, request.to).map_err(|e| match e {
        StepError::NotFromHere { .. } => ActionError::Conflict(e.to_string()),
        StepError::Forbidden { .. } => ActionError::Forbidden(e.to_string()),
    })?;
    let at = match request.to {
        Status::Scheduled => request.at,
        Status::Published if access.status != Status::Unpublished => Some(Utc::now()),
        _ => None,
    };
    let note = note.trim().chars().take(1_000).collect::<String>();
    let step = toasoan_store::Step {
        article_id: id,
        from: access.status,
        to: request.to,
        at,
        user_id: Some(user.id),
        note: &note,
    };
    if !state.db.take_step(&step).await? {
        return Err(ActionError::Conflict("the article changed meanwhile: reload and try again".into()));
    }
    let detail = format!("{} → {}", access.status.as_str(), request.to.as_str());
    state.db.audit(Some(user.id), "article_transition", &format!("article {id}"), &detail).await?;
    // This node's readers see it at once; other nodes at their next poll of the version.
    state.content_changed().await;
    Ok(())
}

/// Publishes the scheduled articles whose time has come. Any number of nodes may run this at
/// once: each article's step is a conditional update that only one of them wins.
pub async fn publish_due(state: &SharedState) -> Result<usize, StoreError> {
    let mut published = 0;
    for id in state.db.due_articles(Utc::now()).await? {
        let step = toasoan_store::Step {
            article_id: id,
            from: Status::Scheduled,
            to: Status::Published,
            at: None,
            user_id: None,
            note: "Xuất bản theo lịch",
        };
        if state.db.take_step(&step).await? {
            state.db.audit(None, "article_transition", &format!("article {id}"), "scheduled → published").await?;
            // This node's readers see it at once; other nodes at their next poll of the version.
            state.content_changed().await;
            published += 1;
        }
    }
    Ok(published)
}

/// Images of our media library get their `srcset` back when the editor did not send one (the
/// Markdown text area has no place for it).
async fn fill_media_details(state: &SharedState, content: &mut ArticleContent) -> Result<(), ActionError> {
    for block in &mut content.blocks {
        let toasoan_core::Block::Figure { image: Some(image), srcset: srcset @ None, .. } = block else { continue };
        let Some(id) = crate::features::library::library_id(image) else { continue };
        if let Some(item) = state.db.media(id).await? {
            *srcset = Some(crate::features::library::srcset(&item)).filter(|s| !s.is_empty());
        }
    }
    fill_picture(state, content).await
}

/// The article's picture: the one chosen, else the body's first; with its sizes when it is
/// from the library (lists then give browsers a `srcset`, a width and a height).
async fn fill_picture(state: &SharedState, content: &mut ArticleContent) -> Result<(), ActionError> {
    if content.featured_image.is_empty() {
        content.featured_image = content
            .blocks
            .iter()
            .find_map(|b| match b {
                toasoan_core::Block::Figure { image: Some(image), .. } => Some(image.clone()),
                _ => None,
            })
            .unwrap_or_default();
    }
    content.featured_sizes = None;
    if let Some(id) = crate::features::library::library_id(&content.featured_image)
        && let Some(item) = state.db.media(id).await?
    {
        let srcset = crate::features::library::srcset(&item);
        content.featured_sizes = Some(toasoan_core::PictureSizes { srcset, width: item.width, height: item.height });
    }
    Ok(())
}

async fn ensure_category(state: &SharedState, id: i64) -> Result<(), ActionError> {
    let exists = state.db.categories().await?.iter().any(|c| c.id == id);
    if exists {
        Ok(())
    } else {
        Err(ActionError::Invalid(vec![FieldError {
            field: "category", message: "Chuyên mục không tồn tại.".into()
        }]))
    }
}

/// Every author named must be an account that writes.
async fn ensure_authors(state: &SharedState, slugs: &[String]) -> Result<(), ActionError> {
    let unknown = state.db.unknown_authors(slugs).await?;
    if unknown.is_empty() {
        return Ok(());
    }
    let message = format!("Không có người viết nào với địa chỉ {}.", unknown.join(", "));
    Err(ActionError::Invalid(vec![FieldError { field: "authors", message }]))
}
