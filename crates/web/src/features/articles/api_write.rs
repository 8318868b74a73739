//! The newsroom's article actions: `POST /api/v1/articles`, `PATCH /api/v1/articles/{id}`,
//! `GET /api/v1/articles/{id}/revisions`, `POST /api/v1/articles/{id}/revisions/{rev}/restore`
//! and `POST /api/v1/articles/{id}/transitions`, under the same role rules as the newsroom pages.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use toasoan_core::{ArticleAccess, ArticleContent, Block};
use utoipa::ToSchema;
use vn::time::format_rfc3339;

use super::actions::{self, ActionError};
use super::json::{ArticleJson, NewsroomArticleJson};
use crate::SharedState;
use crate::kernel::ApiUser;
use crate::kernel::{ApiError, ApiJson, ErrorBody, FieldProblem, IdPath, RevisionPath, SessionRefusals};

/// The fields of `POST /api/v1/articles` and `PATCH /api/v1/articles/{id}`: a PATCH changes
/// only the fields it sends. (Read from the JSON object by [`merge`]; this type describes it.)
#[derive(ToSchema)]
#[allow(dead_code)] // a description for the OpenAPI document; the request is read by `merge`
pub struct ArticleFields {
    /// Required to create.
    title: Option<String>,
    /// A category's slug; required to create.
    category: Option<String>,
    lead: Option<String>,
    blocks: Option<Vec<Block>>,
    /// Tag names.
    tags: Option<Vec<String>>,
    byline: Option<String>,
    /// Author slugs of newsroom accounts (`/tac-gia/{slug}`), in order; `[]`: none. Left out of a
    /// new article: the creating account, unless the article has a `byline` (then none).
    authors: Option<Vec<String>>,
    /// Empty: made from the title.
    slug: Option<String>,
    seo_title: Option<String>,
    seo_description: Option<String>,
    /// The article's picture: a media library URL (or any http(s) one); empty: the body's first
    /// picture.
    featured_image: Option<String>,
    /// Where the picture's subject is, "X,Y" in percent (empty: the middle): crops keep it.
    featured_focus: Option<String>,
    featured: Option<bool>,
    /// PATCH only: the `version` of the article this change was made on; if it was saved since,
    /// nothing is changed and the answer is 409 (left out: the version just read).
    version: Option<String>,
}

/// `{"to", "at", "note"}` of `POST /api/v1/articles/{id}/transitions`.
#[derive(ToSchema)]
#[allow(dead_code)] // a description for the OpenAPI document; the request is read field by field
pub struct TransitionRequest {
    #[schema(pattern = "^(submitted|approved|published|scheduled|unpublished)$")]
    to: String,
    /// RFC 3339; required for `scheduled`.
    at: Option<String>,
    note: Option<String>,
}

/// A saved revision of a published article.
#[derive(Serialize, ToSchema)]
pub struct RevisionJson<'a> {
    pub id: i64,
    pub created_at: String,
    /// Who saved it (absent when the account is gone).
    pub user: Option<&'a str>,
    pub content: &'a ArticleContent,
}

#[derive(Serialize, ToSchema)]
pub struct RevisionList<'a> {
    pub items: Vec<RevisionJson<'a>>,
}

/// A new draft, written by the person logged in.
#[utoipa::path(post, path = "/v1/articles", tag = "newsroom", security(("session" = [], "csrf" = [])),
    request_body(content = ArticleFields, description = "`title` and `category` are required"),
    responses(
        (status = 201, description = "The draft", body = NewsroomArticleJson),
        (status = 400, description = "Not a JSON object", body = ErrorBody),
        SessionRefusals,
        (status = 422, description = "A field is wrong (named in `error.field` and `error.fields`)", body = ErrorBody),
    ),
)]
pub async fn create_article(
    State(state): State<SharedState>,
    user: ApiUser,
    ApiJson(fields): ApiJson<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let title = fields.get("title").and_then(Value::as_str).unwrap_or_default();
    let category = category_id(&state, &fields).await?.ok_or_else(|| invalid("category", "required"))?;
    let mut content = ArticleContent::new(title, category);
    merge(&mut content, &fields)?;
    let byline = content.byline.as_deref().unwrap_or_default().trim().is_empty();
    if !fields.contains_key("authors") && byline {
        content.authors = user.0.user.slug.iter().cloned().collect();
    }
    let id = actions::create(&state, &user.0.user, content).await.map_err(action_error)?;
    Ok((StatusCode::CREATED, article_json(&state, id).await?).into_response())
}

/// Changes the fields sent; a published article's every save is a revision.
#[utoipa::path(patch, path = "/v1/articles/{id}", tag = "newsroom", security(("session" = [], "csrf" = [])),
    params(IdPath),
    request_body = ArticleFields,
    responses(
        (status = 200, description = "The article as saved", body = NewsroomArticleJson),
        (status = 400, description = "Not a JSON object", body = ErrorBody),
        SessionRefusals,
        (status = 404, description = "No such article, or not one this person may see", body = ErrorBody),
        (status = 409, description = "Not editable in its current status, or saved by someone else since `version`", body = ErrorBody),
        (status = 422, description = "A field is wrong", body = ErrorBody),
    ),
)]
pub async fn update_article(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(fields): ApiJson<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let id = article_id(&id)?;
    let access = viewable(&state, &user, id).await?;
    let (mut content, read_at) = state.db.article_content(id).await?.ok_or_else(|| missing(id))?;
    let based_on = match fields.get("version") {
        None => read_at,
        Some(version) => version
            .as_str()
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .map(|v| v.with_timezone(&Utc))
            .ok_or_else(|| invalid("version", "must be the article's version as answered (RFC 3339)"))?,
    };
    if let Some(category) = category_id(&state, &fields).await? {
        content.category_id = category;
    }
    merge(&mut content, &fields)?;
    actions::save(&state, &user.0.user, id, &access, content, Some(based_on)).await.map_err(action_error)?;
    article_json(&state, id).await
}

/// The article's revisions, newest first.
#[utoipa::path(get, path = "/v1/articles/{id}/revisions", tag = "newsroom", security(("session" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Its revisions", body = RevisionList),
        SessionRefusals,
        (status = 404, description = "No such article, or not one this person may see", body = ErrorBody),
    ),
)]
pub async fn list_revisions(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Response, ApiError> {
    let id = article_id(&id)?;
    viewable(&state, &user, id).await?;
    let revisions = state.db.revisions(id).await?;
    let items = revisions
        .iter()
        .map(|r| RevisionJson {
            id: r.id,
            created_at: format_rfc3339(r.created_at),
            user: r.user_name.as_deref(),
            content: &r.content,
        })
        .collect();
    Ok(Json(RevisionList { items }).into_response())
}

/// Brings a revision's content back (itself saved as a new revision).
#[utoipa::path(post, path = "/v1/articles/{id}/revisions/{revision}/restore", tag = "newsroom",
    security(("session" = [], "csrf" = [])),
    params(RevisionPath),
    responses(
        (status = 200, description = "The article as restored", body = NewsroomArticleJson),
        SessionRefusals,
        (status = 404, description = "No such article or revision", body = ErrorBody),
        (status = 409, description = "Not editable in its current status", body = ErrorBody),
        (status = 422, description = "The revision's content is no longer valid", body = ErrorBody),
    ),
)]
pub async fn restore_revision(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(RevisionPath { id, revision }): Path<RevisionPath>,
) -> Result<Response, ApiError> {
    let id = article_id(&id)?;
    let revision: i64 = revision.parse().map_err(|_| ApiError::not_found(format!("no revision {revision:?}")))?;
    let access = viewable(&state, &user, id).await?;
    actions::restore(&state, &user.0.user, id, &access, revision).await.map_err(action_error)?;
    article_json(&state, id).await
}

/// A step of the workflow: draft → submitted → approved → published or scheduled → unpublished.
#[utoipa::path(post, path = "/v1/articles/{id}/transitions", tag = "newsroom",
    security(("session" = [], "csrf" = [])),
    params(IdPath),
    request_body = TransitionRequest,
    responses(
        (status = 200, description = "The article in its new status", body = NewsroomArticleJson),
        (status = 400, description = "Not a JSON object, or an unknown step", body = ErrorBody),
        SessionRefusals,
        (status = 404, description = "No such article, or not one this person may see", body = ErrorBody),
        (status = 409, description = "The step is not allowed from the current status", body = ErrorBody),
        (status = 422, description = "The article is not ready for this step", body = ErrorBody),
    ),
)]
pub async fn transition(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(fields): ApiJson<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let id = article_id(&id)?;
    let to = fields.get("to").and_then(Value::as_str).unwrap_or_default();
    let at = fields.get("at").and_then(Value::as_str);
    let note = fields.get("note").and_then(Value::as_str).unwrap_or_default();
    let access = viewable(&state, &user, id).await?;
    let request = actions::parse_step(to, at).map_err(action_error)?;
    actions::step(&state, &user.0.user, id, &access, request, note).await.map_err(action_error)?;
    article_json(&state, id).await
}

/// The article, 404 when it does not exist or this person may not see it.
async fn viewable(state: &SharedState, user: &ApiUser, id: i64) -> Result<ArticleAccess, ApiError> {
    let access = state.db.article_access(id).await?.ok_or_else(|| missing(id))?;
    if user.actor().can_view(&access) { Ok(access) } else { Err(missing(id)) }
}

fn missing(id: i64) -> ApiError {
    ApiError::not_found(format!("no article with id {id}"))
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError::invalid_fields(vec![FieldProblem { field: field.to_owned(), message: message.to_owned() }])
}

async fn category_id(state: &SharedState, fields: &Map<String, Value>) -> Result<Option<i64>, ApiError> {
    let Some(slug) = fields.get("category") else { return Ok(None) };
    let slug = slug.as_str().ok_or_else(|| invalid("category", "must be a category slug"))?;
    let category = state.db.category_by_slug(slug).await?;
    Ok(Some(category.ok_or_else(|| invalid("category", &format!("no category {slug:?}")))?.id))
}

/// The content fields a request may set (the category comes as a slug and is read apart).
const EDITABLE: [&str; 12] = [
    "title",
    "lead",
    "blocks",
    "tags",
    "byline",
    "authors",
    "slug",
    "seo_title",
    "seo_description",
    "featured_image",
    "featured_focus",
    "featured",
];

/// Copies the fields present in the request onto the content; absent fields stay as they were.
/// One round trip through serde, so the fields are read exactly as `ArticleContent` declares them.
fn merge(content: &mut ArticleContent, fields: &Map<String, Value>) -> Result<(), ApiError> {
    let mut current = serde_json::to_value(&*content).map_err(|_| ApiError::internal())?;
    if let Value::Object(map) = &mut current {
        for name in EDITABLE {
            if let Some(value) = fields.get(name) {
                map.insert(name.to_owned(), value.clone());
            }
        }
    }
    *content = serde_json::from_value(current).map_err(|e| ApiError::unprocessable("invalid", e.to_string()))?;
    Ok(())
}

/// An article id from the address; anything but a number is an unknown article (JSON 404).
fn article_id(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| ApiError::not_found(format!("no article with id {text:?}")))
}

/// The public API's article plus its newsroom status.
async fn article_json(state: &SharedState, id: i64) -> Result<Response, ApiError> {
    let article = state.db.article(id).await?.ok_or_else(|| missing(id))?;
    let version = article.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    Ok(Json(NewsroomArticleJson { article: ArticleJson::from(&article), status: article.status, version })
        .into_response())
}

fn action_error(error: ActionError) -> ApiError {
    match error {
        ActionError::Forbidden(message) => ApiError::forbidden("forbidden", message),
        ActionError::Conflict(message) => ApiError::conflict(message),
        ActionError::Stale => ApiError {
            code: "stale",
            ..ApiError::conflict(
                "the article was saved by someone else after that version: read it again and redo the change",
            )
        },
        ActionError::Invalid(errors) => ApiError::invalid_fields(
            errors.iter().map(|e| FieldProblem { field: e.field.to_owned(), message: e.message.clone() }).collect(),
        ),
        ActionError::BadRequest(message) => ApiError::bad_request(message),
        ActionError::NotFound(message) => ApiError::not_found(message),
        ActionError::Store(error) => error.into(),
        ActionError::Internal(message) => {
            tracing::error!(%message, "newsroom action failed");
            ApiError::internal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented request and what `merge` (and `update_article`, for the version) read must
    /// not drift apart.
    #[test]
    fn the_documented_fields_are_the_ones_read() {
        let schema = serde_json::to_value(<ArticleFields as utoipa::PartialSchema>::schema()).expect("schema");
        let mut documented: Vec<&str> =
            schema["properties"].as_object().expect("properties").keys().map(String::as_str).collect();
        let mut read: Vec<&str> = EDITABLE.iter().copied().chain(["category", "version"]).collect();
        documented.sort_unstable();
        read.sort_unstable();
        assert_eq!(documented, read);
    }
}
