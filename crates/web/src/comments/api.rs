//! Comments in the JSON API: readers post and read (`/api/v1/articles/{id}/comments`, with a
//! captcha from `/api/v1/captcha`); moderators list and decide (`/api/v1/comments…`, with their
//! session and CSRF token). The same rules as the form apply; errors name the field.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{Value, json};
use toasoan_comments::captcha::ChallengeKind;
use toasoan_comments::{CommentInput, FieldError};
use toasoan_store::{CommentFilter, CommentStatus, PublicComment};
use vn::time::format_rfc3339;

use super::submit::{Attempt, Refusal, Taken, submit};
use crate::SharedState;
use crate::api::ApiError;
use crate::auth::ApiUser;

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CommentRequest {
    name: String,
    email: String,
    address: String,
    body: String,
    captcha_token: String,
    captcha_answer: String,
}

/// `POST /api/v1/articles/{id}/comments` → 202 `{"id", "status": "pending"}`. A comment the
/// spam filter holds answers the same, so the sender learns nothing.
pub async fn post_comment(State(state): State<SharedState>, Path(id): Path<String>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(article_id) = id.parse::<i64>() else { return no_article(&id).into_response() };
    let Ok(bytes) = axum::body::to_bytes(body, super::pages::FORM_LIMIT).await else {
        let message = "the request body is larger than 64 KB; a comment is at most 3,000 characters";
        return ApiError { status: StatusCode::PAYLOAD_TOO_LARGE, code: "too_large", message: message.into() }
            .into_response();
    };
    let sent: CommentRequest = match serde_json::from_slice(&bytes) {
        Ok(sent) => sent,
        Err(error) => return ApiError::bad_request(format!("invalid JSON: {error}")).into_response(),
    };
    let attempt = Attempt {
        article_id,
        input: CommentInput { name: sent.name, email: sent.email, address: sent.address, body: sent.body },
        token: sent.captcha_token,
        answer: sent.captcha_answer,
        trap: String::new(),
        ip: super::client_ip(&parts, &state.site.comments.trusted_proxies),
        from_form: false,
    };
    match submit(&state, attempt, Utc::now()).await {
        Ok(Taken::Stored { id, .. }) => {
            (StatusCode::ACCEPTED, Json(json!({ "id": id, "status": "pending" }))).into_response()
        }
        Ok(Taken::Dropped) => (StatusCode::ACCEPTED, Json(json!({ "id": null, "status": "pending" }))).into_response(),
        Err(Refusal::Fields(errors)) => field_errors(StatusCode::UNPROCESSABLE_ENTITY, &errors),
        Err(Refusal::Limited(error)) => field_errors(StatusCode::TOO_MANY_REQUESTS, &[error]),
        Err(Refusal::NoSuchArticle) => no_article(&id).into_response(),
        Err(Refusal::Internal) => ApiError::internal().into_response(),
    }
}

/// `{"error": {"code", "message", "field", "fields": [{"field", "message"}]}}`: the first
/// problem up front, all of them in `fields`. Field names are the request's (`captcha_answer`).
fn field_errors(status: StatusCode, errors: &[FieldError]) -> Response {
    fn api_field(field: &str) -> &str {
        if field == "captcha" { "captcha_answer" } else { field }
    }
    let fields: Vec<Value> =
        errors.iter().map(|e| json!({ "field": api_field(e.field), "message": e.message })).collect();
    let first = errors.first();
    let code = if status == StatusCode::TOO_MANY_REQUESTS { "rate_limited" } else { "invalid" };
    let body = json!({ "error": {
        "code": code,
        "message": first.map_or("", |e| e.message.as_str()),
        "field": first.map(|e| api_field(e.field)),
        "fields": fields,
    }});
    (status, Json(body)).into_response()
}

fn no_article(id: &str) -> ApiError {
    ApiError::not_found(format!("no published article with id {id}"))
}

/// `GET /api/v1/articles/{id}/comments`: approved comments, oldest first, with the newsroom's
/// replies. No e-mail, address or IP ever leaves here.
pub async fn list_article_comments(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let article_id = id.parse::<i64>().map_err(|_| no_article(&id))?;
    let published = state.db.article(article_id).await?.is_some_and(|a| a.status == toasoan_core::Status::Published);
    if !published {
        return Err(no_article(&id));
    }
    let comments = state.db.approved_comments(article_id).await?;
    Ok(Json(json!({ "items": comments.iter().map(public_json).collect::<Vec<_>>() })))
}

fn public_json(comment: &PublicComment) -> Value {
    json!({
        "id": comment.id,
        "name": comment.name,
        "body": comment.body,
        "created_at": format_rfc3339(comment.created_at),
        "replies": comment.replies.iter().map(public_json).collect::<Vec<_>>(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CaptchaQuery {
    kind: Option<String>,
}

/// `GET /api/v1/captcha?kind=image|question`: a new token and its challenge.
pub async fn new_captcha(
    State(state): State<SharedState>,
    Query(query): Query<CaptchaQuery>,
) -> Result<Response, ApiError> {
    let kind = match query.kind.as_deref() {
        None | Some("image") => ChallengeKind::Image,
        Some("question") => ChallengeKind::Question,
        Some(other) => return Err(ApiError::bad_request(format!("kind must be image or question, not {other:?}"))),
    };
    let now = Utc::now().timestamp();
    let token = state.captcha.issue(kind, now).map_err(|_| ApiError::internal())?;
    let challenge = state.captcha.open(&token, now).map_err(|_| ApiError::internal())?;
    let expires = chrono::DateTime::from_timestamp(now + state.captcha.lifetime, 0).unwrap_or_default();
    let mut body = json!({
        "token": token,
        "kind": if kind == ChallengeKind::Image { "image" } else { "question" },
        "expires_at": format_rfc3339(expires),
        "required": state.site.comments.captcha,
    });
    match kind {
        ChallengeKind::Image => body["image_url"] = json!(format!("/binh-luan/ma-bao-ve/{token}")),
        _ => body["question"] = json!(state.captcha.question(&challenge)),
    }
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModerationQuery {
    status: Option<String>,
    article: Option<i64>,
    q: Option<String>,
    email: Option<String>,
    ip: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

fn moderator(user: &ApiUser) -> Result<(), ApiError> {
    if user.actor().moderates_comments() {
        Ok(())
    } else {
        Err(ApiError::forbidden("forbidden", "comment moderation needs the moderator role or above"))
    }
}

fn parse_status(text: &str) -> Result<CommentStatus, ApiError> {
    CommentStatus::parse(text).ok_or_else(|| {
        ApiError::unprocessable("invalid", format!("status must be pending, approved, rejected or spam, not {text:?}"))
    })
}

/// `GET /api/v1/comments?status=&article=&q=&email=&ip=&limit=&offset=` (moderators).
pub async fn list_comments(
    State(state): State<SharedState>,
    user: ApiUser,
    Query(query): Query<ModerationQuery>,
) -> Result<Json<Value>, ApiError> {
    moderator(&user)?;
    let status = query.status.as_deref().filter(|s| !s.is_empty()).map(parse_status).transpose()?;
    let filter = CommentFilter {
        status,
        article_id: query.article,
        search: query.q.filter(|q| !q.trim().is_empty()),
        email: query.email.map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()),
        ip: query.ip.filter(|ip| !ip.is_empty()),
        limit: query.limit.unwrap_or(50).clamp(1, 200),
        offset: query.offset.unwrap_or(0).max(0),
        ..CommentFilter::default()
    };
    let (more, items) = state.db.moderation_comments(&filter).await?;
    let items: Vec<Value> = items.iter().map(moderation_json).collect();
    Ok(Json(json!({ "items": items, "more": more })))
}

fn moderation_json(c: &toasoan_store::ModerationComment) -> Value {
    json!({
        "id": c.id, "article_id": c.article_id, "article_title": c.article_title, "article_url": c.article_path,
        "name": c.name, "email": c.email, "address": c.address, "body": c.body, "status": c.status,
        "ip": c.ip, "created_at": format_rfc3339(c.created_at), "replies": c.replies,
    })
}

/// `POST /api/v1/comments/{id}/transitions` `{"to": "approved" | "rejected" | "spam"}`.
pub async fn transition(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    moderator(&user)?;
    let missing = || ApiError::not_found(format!("no comment with id {id}"));
    let comment_id = id.parse::<i64>().map_err(|_| missing())?;
    let to = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("to").and_then(Value::as_str).map(str::to_owned))
        .ok_or_else(|| ApiError::bad_request("expected {\"to\": \"approved\" | \"rejected\" | \"spam\"}"))?;
    let to = parse_status(&to)?;
    if to == CommentStatus::Pending {
        return Err(ApiError::unprocessable("invalid", "a decided comment cannot go back to pending"));
    }
    state.db.moderation_comment(comment_id).await?.ok_or_else(missing)?;
    state.db.decide_comments(&[comment_id], to, user.id(), Utc::now()).await?;
    state.content_changed().await;
    crate::newsroom::actions::audit_after(
        &state,
        user.id(),
        "comment.decide",
        &format!("comment {comment_id}"),
        to.as_str(),
    )
    .await;
    let comment = state.db.moderation_comment(comment_id).await?.ok_or_else(missing)?;
    Ok(Json(moderation_json(&comment)))
}
