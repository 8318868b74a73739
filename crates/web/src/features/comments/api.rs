//! Comments in the JSON API: readers post and read (`/api/v1/articles/{id}/comments`, with a
//! captcha from `/api/v1/captcha`); moderators list and decide (`/api/v1/comments…`, with their
//! session and CSRF token). The same rules as the form apply; errors name the field.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use toasoan_comments::captcha::ChallengeKind;
use toasoan_comments::{CommentInput, FieldError};
use toasoan_store::{CommentFilter, CommentStatus, PublicComment};
use utoipa::{IntoParams, ToSchema};
use vn::time::format_rfc3339;

use super::submit::{Attempt, Refusal, Taken, submit};
use crate::SharedState;
use crate::kernel::ApiUser;
use crate::kernel::client_ip::client_ip;
use crate::kernel::{ApiError, ApiJson, ApiQuery, ErrorBody, FieldProblem, IdPath, Pagination, SessionRefusals};

/// A reader's comment, with the answer to a captcha from `GET /api/v1/captcha`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CommentRequest {
    /// Shown with the comment (required).
    #[schema(min_length = 1, max_length = 100)]
    name: String,
    /// Never shown (required).
    #[schema(format = Email, min_length = 3, max_length = 254)]
    email: String,
    /// Where the reader lives, shown when given.
    #[schema(max_length = 200)]
    address: String,
    /// The comment (required).
    #[schema(min_length = 1, max_length = 3000)]
    body: String,
    /// From `GET /api/v1/captcha`.
    captcha_token: String,
    captcha_answer: String,
}

/// A comment taken for moderation.
#[derive(Serialize, ToSchema)]
pub struct CommentAccepted {
    /// Absent when the spam filter dropped it (the answer is otherwise the same).
    id: Option<i64>,
    #[schema(pattern = "^pending$")]
    status: &'static str,
}

/// `POST /api/v1/articles/{id}/comments` → 202 `{"id", "status": "pending"}`. A comment the
/// spam filter holds answers the same, so the sender learns nothing.
#[utoipa::path(post, path = "/v1/articles/{id}/comments", tag = "comments",
    params(IdPath),
    request_body = CommentRequest,
    responses(
        (status = 202, description = "Taken; shown once a moderator approves it", body = CommentAccepted),
        (status = 400, description = "Not JSON, or an unknown field", body = ErrorBody),
        (status = 404, description = "No published article with this id", body = ErrorBody),
        (status = 413, description = "Larger than 64 KB", body = ErrorBody),
        (status = 422, description = "A field is wrong (`field`, `fields`)", body = ErrorBody),
        (status = 429, description = "Too many comments from this address for now", body = ErrorBody),
    ),
)]
pub async fn post_comment(
    State(state): State<SharedState>,
    Path(IdPath { id }): Path<IdPath>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(article_id) = id.parse::<i64>() else { return no_article(&id).into_response() };
    let Ok(bytes) = axum::body::to_bytes(body, super::pages::FORM_LIMIT).await else {
        let message = "the request body is larger than 64 KB; a comment is at most 3,000 characters";
        return ApiError {
            fields: Vec::new(),
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "too_large",
            message: message.into(),
        }
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
        ip: client_ip(&parts, &state.site.comments.trusted_proxies),
        from_form: false,
    };
    match submit(&state, attempt, Utc::now()).await {
        Ok(Taken::Stored { id, .. }) => {
            (StatusCode::ACCEPTED, Json(CommentAccepted { id: Some(id), status: "pending" })).into_response()
        }
        Ok(Taken::Dropped) => {
            (StatusCode::ACCEPTED, Json(CommentAccepted { id: None, status: "pending" })).into_response()
        }
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
    let code = if status == StatusCode::TOO_MANY_REQUESTS { "rate_limited" } else { "invalid" };
    let fields: Vec<FieldProblem> = errors
        .iter()
        .map(|e| FieldProblem { field: api_field(e.field).to_owned(), message: e.message.clone() })
        .collect();
    let message = fields.first().map_or_else(String::new, |f| f.message.clone());
    ApiError { status, code, message, fields }.into_response()
}

fn no_article(id: &str) -> ApiError {
    ApiError::not_found(format!("no published article with id {id}"))
}

/// An approved comment as readers see it.
#[derive(Serialize, ToSchema)]
pub struct PublicCommentJson {
    id: i64,
    name: String,
    body: String,
    created_at: String,
    /// Written by a newsroom account (its answers are shown as "Toà soạn trả lời").
    newsroom: bool,
    /// The answers in the thread, oldest first (the newsroom's, and on an imported site other
    /// readers').
    #[schema(no_recursion)]
    replies: Vec<PublicCommentJson>,
}

#[derive(Serialize, ToSchema)]
pub struct PublicCommentList {
    items: Vec<PublicCommentJson>,
}

/// `GET /api/v1/articles/{id}/comments`: approved comments, oldest first, with the newsroom's
/// replies. No e-mail, address or IP ever leaves here.
#[utoipa::path(get, path = "/v1/articles/{id}/comments", tag = "comments",
    params(IdPath),
    responses(
        (status = 200, description = "Approved comments, oldest first", body = PublicCommentList),
        (status = 404, description = "No published article with this id", body = ErrorBody),
    ),
)]
pub async fn list_article_comments(
    State(state): State<SharedState>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Json<PublicCommentList>, ApiError> {
    let article_id = id.parse::<i64>().map_err(|_| no_article(&id))?;
    let published =
        state.db.article_text(article_id).await?.is_some_and(|a| a.status == toasoan_core::Status::Published);
    if !published {
        return Err(no_article(&id));
    }
    let comments = state.db.approved_comments(article_id).await?;
    Ok(Json(PublicCommentList { items: comments.iter().map(public_json).collect() }))
}

fn public_json(comment: &PublicComment) -> PublicCommentJson {
    PublicCommentJson {
        id: comment.id,
        name: comment.name.clone(),
        body: comment.body.clone(),
        created_at: format_rfc3339(comment.created_at),
        newsroom: comment.newsroom,
        replies: comment.replies.iter().map(public_json).collect(),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct CaptchaQuery {
    /// `image` (default) or `question`.
    #[param(pattern = "^(image|question)$")]
    kind: Option<String>,
}

/// A captcha: send `token` and the answer with the comment.
#[derive(Serialize, ToSchema)]
pub struct CaptchaJson {
    token: String,
    #[schema(pattern = "^(image|question)$")]
    kind: &'static str,
    expires_at: String,
    /// False when this site takes comments without a captcha.
    required: bool,
    /// The picture to read (kind `image`).
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    /// The question to answer (kind `question`).
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<String>,
}

/// `GET /api/v1/captcha?kind=image|question`: a new token and its challenge.
#[utoipa::path(get, path = "/v1/captcha", tag = "comments", params(CaptchaQuery),
    responses(
        (status = 200, description = "A new challenge", body = CaptchaJson),
        (status = 400, description = "An unknown kind", body = ErrorBody),
    ),
)]
pub async fn new_captcha(
    State(state): State<SharedState>,
    ApiQuery(query): ApiQuery<CaptchaQuery>,
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
    let image = kind == ChallengeKind::Image;
    let body = CaptchaJson {
        image_url: image.then(|| format!("/binh-luan/ma-bao-ve/{token}")),
        question: (!image).then(|| state.captcha.question(&challenge)),
        token,
        kind: if image { "image" } else { "question" },
        expires_at: format_rfc3339(expires),
        required: state.site.comments.captcha,
    };
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ModerationQuery {
    /// `pending`, `approved`, `rejected` or `spam`; all when absent.
    #[param(pattern = "^(pending|approved|rejected|spam)?$")]
    status: Option<String>,
    /// One article's comments.
    article: Option<i64>,
    /// Words of the comment or the name.
    q: Option<String>,
    email: Option<String>,
    ip: Option<String>,
}

/// A comment as moderators see it (with e-mail and IP).
#[derive(Serialize, ToSchema)]
pub struct ModerationCommentJson {
    id: i64,
    article_id: i64,
    article_title: String,
    article_url: String,
    name: String,
    email: String,
    address: String,
    body: String,
    #[schema(pattern = "^(pending|approved|rejected|spam)$")]
    status: &'static str,
    ip: String,
    created_at: String,
    /// The newsroom's replies, oldest first.
    replies: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ModerationList {
    items: Vec<ModerationCommentJson>,
    /// True when there are more after these.
    more: bool,
}

/// `{"to"}` of `POST /api/v1/comments/{id}/transitions`.
#[derive(ToSchema)]
#[allow(dead_code)] // a description for the OpenAPI document; the request is read field by field
pub struct CommentDecision {
    #[schema(pattern = "^(approved|rejected|spam)$")]
    to: String,
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
#[utoipa::path(get, path = "/v1/comments", tag = "comments", security(("session" = [])), params(Pagination, ModerationQuery),
    responses(
        (status = 200, description = "Comments, newest first", body = ModerationList),
        (status = 400, description = "A parameter is not a number", body = ErrorBody),
        SessionRefusals,
        (status = 422, description = "An unknown status", body = ErrorBody),
    ),
)]
pub async fn list_comments(
    State(state): State<SharedState>,
    user: ApiUser,
    page: Pagination,
    ApiQuery(query): ApiQuery<ModerationQuery>,
) -> Result<Json<ModerationList>, ApiError> {
    moderator(&user)?;
    let status = query.status.as_deref().filter(|s| !s.is_empty()).map(parse_status).transpose()?;
    let filter = CommentFilter {
        status,
        article_id: query.article,
        search: query.q.filter(|q| !q.trim().is_empty()),
        email: query.email.map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()),
        ip: query.ip.filter(|ip| !ip.is_empty()),
        limit: page.limit,
        offset: page.offset,
        ..CommentFilter::default()
    };
    let (more, items) = state.db.moderation_comments(&filter).await?;
    Ok(Json(ModerationList { items: items.iter().map(moderation_json).collect(), more }))
}

fn moderation_json(c: &toasoan_store::ModerationComment) -> ModerationCommentJson {
    ModerationCommentJson {
        id: c.id,
        article_id: c.article_id,
        article_title: c.article_title.clone(),
        article_url: c.article_path.clone(),
        name: c.name.clone(),
        email: c.email.clone(),
        address: c.address.clone(),
        body: c.body.clone(),
        status: c.status.as_str(),
        ip: c.ip.clone(),
        created_at: format_rfc3339(c.created_at),
        replies: c.replies.clone(),
    }
}

/// `POST /api/v1/comments/{id}/transitions` `{"to": "approved" | "rejected" | "spam"}`.
#[utoipa::path(post, path = "/v1/comments/{id}/transitions", tag = "comments",
    security(("session" = [], "csrf" = [])),
    params(IdPath),
    request_body = CommentDecision,
    responses(
        (status = 200, description = "The comment as decided", body = ModerationCommentJson),
        (status = 400, description = "Not `{\"to\": …}`", body = ErrorBody),
        SessionRefusals,
        (status = 404, description = "No comment with this id", body = ErrorBody),
        (status = 422, description = "An unknown status, or back to pending", body = ErrorBody),
    ),
)]
pub async fn transition(
    State(state): State<SharedState>,
    user: ApiUser,
    Path(IdPath { id }): Path<IdPath>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<ModerationCommentJson>, ApiError> {
    moderator(&user)?;
    let missing = || ApiError::not_found(format!("no comment with id {id}"));
    let comment_id = id.parse::<i64>().map_err(|_| missing())?;
    let to = body
        .get("to")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::bad_request("expected {\"to\": \"approved\" | \"rejected\" | \"spam\"}"))?;
    let to = parse_status(&to)?;
    if to == CommentStatus::Pending {
        return Err(ApiError::unprocessable("invalid", "a decided comment cannot go back to pending"));
    }
    state.db.moderation_comment(comment_id).await?.ok_or_else(missing)?;
    state.db.decide_comments(&[comment_id], to, user.id(), Utc::now()).await?;
    state.content_changed().await;
    crate::kernel::audit::audit_after(
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
