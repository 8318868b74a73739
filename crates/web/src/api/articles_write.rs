//! The newsroom's article actions: `POST /api/v1/articles`, `PATCH /api/v1/articles/{id}`,
//! `GET /api/v1/articles/{id}/revisions`, `POST /api/v1/articles/{id}/revisions/{rev}/restore`
//! and `POST /api/v1/articles/{id}/transitions`, under the same role rules as the newsroom pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Map, Value, json};
use toasoan_core::{ArticleAccess, ArticleContent};
use vn::time::format_rfc3339;

use super::{ApiError, ArticleJson};
use crate::SharedState;
use crate::auth::ApiUser;
use crate::newsroom::actions::{self, ActionError};

pub async fn create_article(
    State(state): State<SharedState>,
    user: ApiUser,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let fields = json_object(&body)?;
    let title = fields.get("title").and_then(Value::as_str).unwrap_or_default();
    let category = category_id(&state, &fields).await?.ok_or_else(|| invalid("category", "required"))?;
    let mut content = ArticleContent::new(title, category);
    merge(&mut content, &fields)?;
    let id = actions::create(&state, &user.0.user, content).await.map_err(action_error)?;
    Ok((StatusCode::CREATED, Json(article_json(&state, id).await?)))
}

pub async fn update_article(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = article_id(&id)?;
    let fields = json_object(&body)?;
    let access = viewable(&state, &user, id).await?;
    let (mut content, _) = state.db.article_content(id).await?.ok_or_else(|| missing(id))?;
    if let Some(category) = category_id(&state, &fields).await? {
        content.category_id = category;
    }
    merge(&mut content, &fields)?;
    actions::save(&state, &user.0.user, id, &access, content).await.map_err(action_error)?;
    Ok(Json(article_json(&state, id).await?))
}

pub async fn list_revisions(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = article_id(&id)?;
    viewable(&state, &user, id).await?;
    let revisions = state.db.revisions(id).await?;
    let items: Vec<Value> = revisions
        .iter()
        .map(|r| {
            json!({ "id": r.id, "created_at": format_rfc3339(r.created_at), "user": r.user_name, "content": r.content })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn restore_revision(
    State(state): State<SharedState>,
    user: ApiUser,
    Path((id, revision)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let id = article_id(&id)?;
    let revision: i64 = revision.parse().map_err(|_| ApiError::not_found(format!("no revision {revision:?}")))?;
    let access = viewable(&state, &user, id).await?;
    actions::restore(&state, &user.0.user, id, &access, revision).await.map_err(action_error)?;
    Ok(Json(article_json(&state, id).await?))
}

pub async fn transition(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = article_id(&id)?;
    let fields = json_object(&body)?;
    let to = fields.get("to").and_then(Value::as_str).unwrap_or_default();
    let at = fields.get("at").and_then(Value::as_str);
    let note = fields.get("note").and_then(Value::as_str).unwrap_or_default();
    let access = viewable(&state, &user, id).await?;
    let request = actions::parse_step(to, at).map_err(action_error)?;
    actions::step(&state, &user.0.user, id, &access, request, note).await.map_err(action_error)?;
    Ok(Json(article_json(&state, id).await?))
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
    ApiError::unprocessable("invalid", format!("{field}: {message}"))
}

fn json_object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("expected a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("invalid JSON: {e}"))),
    }
}

async fn category_id(state: &SharedState, fields: &Map<String, Value>) -> Result<Option<i64>, ApiError> {
    let Some(slug) = fields.get("category") else { return Ok(None) };
    let slug = slug.as_str().ok_or_else(|| invalid("category", "must be a category slug"))?;
    let category = state.db.category_by_slug(slug).await?;
    Ok(Some(category.ok_or_else(|| invalid("category", &format!("no category {slug:?}")))?.id))
}

/// The content fields a request may set (the category comes as a slug and is read apart).
const EDITABLE: [&str; 10] =
    ["title", "lead", "blocks", "tags", "byline", "slug", "seo_title", "seo_description", "featured_image", "featured"];

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
async fn article_json(state: &SharedState, id: i64) -> Result<Value, ApiError> {
    let article = state.db.article(id).await?.ok_or_else(|| missing(id))?;
    let mut value = json!(ArticleJson::from(&article));
    if let Value::Object(map) = &mut value {
        map.insert("status".to_owned(), json!(article.status));
    }
    Ok(value)
}

fn action_error(error: ActionError) -> ApiError {
    match error {
        ActionError::Forbidden(message) => ApiError::forbidden("forbidden", message),
        ActionError::Conflict(message) => ApiError::conflict(message),
        ActionError::Invalid(errors) => ApiError::unprocessable(
            "invalid",
            errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
        ),
        ActionError::BadRequest(message) => ApiError::bad_request(message),
        ActionError::Store(error) => error.into(),
        ActionError::Internal(message) => {
            tracing::error!(%message, "newsroom action failed");
            ApiError::internal()
        }
    }
}
