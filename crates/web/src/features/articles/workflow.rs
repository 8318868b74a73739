//! Workflow pages: the step buttons' target, an article's history, its revisions (list,
//! readable comparison, restore) and previews (for members, and by secret link).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use toasoan_core::workflow::step_exists;
use toasoan_core::{Actor, ArticleAccess, ArticleContent, Status, check_step, status_label};
use toasoan_store::StoreError;

use super::actions::{self, ActionError};
use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::csrf;
use crate::kernel::newsroom_page::{Member, MemberForm, message, page, redirect};
use crate::kernel::to_value;

/// A step the member may take now, as a button.
#[derive(Serialize)]
pub struct StepView {
    to: &'static str,
    label: &'static str,
    needs_time: bool,
}

/// The article's rules, or the page to answer with (404 also when it may not be seen).
pub async fn viewable(state: &SharedState, member: &Member, id: i64) -> Result<ArticleAccess, PageError> {
    match state.db.article_access(id).await? {
        Some(access) if member.actor().can_view(&access) => Ok(access),
        _ => Err(PageError::NotFound),
    }
}

/// The steps the rules allow this member from the article's status.
pub fn allowed_steps(actor: &Actor, access: &ArticleAccess) -> Vec<StepView> {
    let all =
        [Status::Submitted, Status::Draft, Status::Approved, Status::Scheduled, Status::Published, Status::Unpublished];
    all.into_iter()
        .filter(|to| step_exists(access.status, *to) && check_step(actor, access, *to).is_ok())
        .map(|to| StepView {
            to: to.as_str(),
            label: step_label(access.status, to),
            needs_time: to == Status::Scheduled,
        })
        .collect()
}

fn step_label(from: Status, to: Status) -> &'static str {
    match (from, to) {
        (_, Status::Submitted) => "Gửi duyệt",
        (Status::Scheduled, Status::Draft) | (_, Status::Draft) => "Trả về nháp",
        (Status::Scheduled, Status::Approved) => "Hủy lịch",
        (_, Status::Approved) => "Duyệt",
        (Status::Scheduled, Status::Scheduled) => "Đổi lịch",
        (_, Status::Scheduled) => "Lên lịch",
        (Status::Scheduled, Status::Published) => "Xuất bản ngay",
        (_, Status::Published) => "Xuất bản",
        (_, Status::Unpublished) => "Gỡ bài",
    }
}

/// One line of an article's history.
#[derive(Serialize)]
pub struct EventView {
    from: &'static str,
    to: &'static str,
    who: String,
    note: String,
    at: String,
}

pub async fn history(state: &SharedState, id: i64) -> Result<Vec<EventView>, StoreError> {
    let events = state.db.article_events(id).await?;
    Ok(events
        .into_iter()
        .map(|e| EventView {
            from: status_label(e.from),
            to: status_label(e.to),
            who: e.user_name.unwrap_or_else(|| "Hệ thống".to_owned()),
            note: e.note,
            at: vn::time::format_article_time(e.created_at),
        })
        .collect())
}

pub async fn transition(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    let access = viewable(&state, &member, id).await?;
    let at = vn::time::parse_local_input(form.get("at")).map(|t| t.to_rfc3339());
    let result = match actions::parse_step(form.get("to"), at.as_deref().or(Some(form.get("at")))) {
        Ok(request) => actions::step(&state, &member.0.user, id, &access, request, form.get("note")).await,
        Err(error) => Err(error),
    };
    Ok(match result {
        Ok(()) => redirect(&format!("/toa-soan/bai-viet/{id}?da-chuyen")),
        Err(ActionError::Forbidden(_)) => return Err(PageError::Forbidden),
        Err(ActionError::Conflict(text) | ActionError::BadRequest(text)) => {
            let text = format!("Không chuyển được trạng thái: {}", vietnamese_reason(&text));
            message(&state, Some(&member), StatusCode::CONFLICT, "Không thực hiện được", &text)
        }
        Err(error) => return Err(PageError::internal(error)),
    })
}

fn vietnamese_reason(english: &str) -> &'static str {
    if english.contains("future") {
        "thời điểm lên lịch phải ở tương lai."
    } else if english.contains("RFC 3339") || english.contains("needs") {
        "hãy chọn ngày giờ xuất bản."
    } else if english.contains("meanwhile") {
        "bài vừa được người khác chuyển trạng thái; hãy tải lại trang."
    } else {
        "bước này không hợp lệ từ trạng thái hiện tại."
    }
}

#[derive(Serialize)]
struct RevisionView {
    id: i64,
    who: String,
    at: String,
    title: String,
}

pub async fn revisions(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    viewable(&state, &member, id).await?;
    let revisions = state.db.revisions(id).await?;
    let views: Vec<RevisionView> = revisions
        .iter()
        .map(|r| RevisionView {
            id: r.id,
            who: r.user_name.clone().unwrap_or_else(|| "Hệ thống".into()),
            at: vn::time::format_article_time(r.created_at),
            title: r.content.title.clone(),
        })
        .collect();
    Ok(page(
        &state,
        Some(&member),
        "newsroom/revisions.html",
        minijinja::context! { id, revisions => to_value(&views) },
    ))
}

/// One line of a comparison: unchanged, removed or added.
#[derive(Serialize)]
struct DiffLine {
    kind: &'static str,
    text: String,
}

/// The revision beside the one before it, line by line (title, lead, each block).
pub async fn revision(
    State(state): State<SharedState>,
    member: Member,
    Path((id, revision)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let access = viewable(&state, &member, id).await?;
    let revisions = state.db.revisions(id).await?;
    let Some(position) = revisions.iter().position(|r| r.id == revision) else { return Err(PageError::NotFound) };
    let this = &revisions[position].content;
    let before = revisions.get(position + 1).map(|r| as_lines(&r.content)).unwrap_or_default();
    let after = as_lines(this);
    let diff = TextDiff::from_lines(&before, &after);
    let lines: Vec<DiffLine> = diff
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Delete => "removed",
                ChangeTag::Insert => "added",
            },
            text: change.value().trim_end().to_owned(),
        })
        .collect();
    let context = minijinja::context! {
        id,
        revision,
        lines => to_value(&lines),
        at => vn::time::format_article_time(revisions[position].created_at),
        can_restore => member.actor().can_edit(&access) && position > 0,
    };
    Ok(page(&state, Some(&member), "newsroom/revision.html", context))
}

/// The content as lines a person can compare.
fn as_lines(content: &ArticleContent) -> String {
    let mut lines = vec![format!("Tiêu đề: {}", content.title), format!("Sa-pô: {}", content.lead)];
    lines.push(format!("Thẻ: {}", content.tags.join(", ")));
    lines.extend(content.blocks.iter().map(|b| b.text().replace('\n', " ")));
    lines.join("\n") + "\n"
}

pub async fn restore(
    State(state): State<SharedState>,
    Path((id, revision)): Path<(i64, i64)>,
    MemberForm { member, .. }: MemberForm,
) -> Result<Response, PageError> {
    let access = viewable(&state, &member, id).await?;
    Ok(match actions::restore(&state, &member.0.user, id, &access, revision).await {
        Ok(()) => redirect(&format!("/toa-soan/bai-viet/{id}?da-khoi-phuc")),
        Err(ActionError::Forbidden(_)) => return Err(PageError::Forbidden),
        Err(ActionError::NotFound(_) | ActionError::BadRequest(_)) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    })
}

/// The article as readers will see it, for a member who may see it.
pub async fn preview(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    viewable(&state, &member, id).await?;
    preview_page(&state, id).await
}

/// A new secret link for the article (the old one stops working), for a member who may see it.
pub async fn renew_preview_link(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, .. }: MemberForm,
) -> Result<Response, PageError> {
    viewable(&state, &member, id).await?;
    let token = crate::kernel::random::new_token().map_err(PageError::internal)?;
    Ok(match state.db.renew_preview_link(id, &token, chrono::Utc::now()).await {
        Ok(true) => {
            let _ = state.db.audit(Some(member.0.user.id), "preview_link", &format!("article {id}"), "").await;
            redirect(&format!("/toa-soan/bai-viet/{id}"))
        }
        Ok(false) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    })
}

/// The same, for anyone holding the article's secret link while it lasts.
pub async fn preview_by_token(
    State(state): State<SharedState>,
    Path((id, token)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    Ok(match state.db.preview_link(id, chrono::Utc::now()).await {
        Ok(Some((expected, _))) if csrf::token_matches(Some(&token), &expected) => preview_page(&state, id).await?,
        Ok(_) => crate::kernel::not_found_page(&state).await,
        Err(error) => return Err(PageError::internal(error)),
    })
}

async fn preview_page(state: &SharedState, id: i64) -> Result<Response, PageError> {
    let article = match state.db.article(id).await {
        Ok(Some(article)) => article,
        Ok(None) => return Ok(crate::kernel::not_found_page(state).await),
        Err(error) => return Err(PageError::internal(error)),
    };
    let form = super::comment_form::CommentFormView::preview(article.id);
    Ok(match super::page::article_html(state, &article, &form).await {
        Ok(html) => {
            let headers = [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                (CACHE_CONTROL, "no-store"),
                (axum::http::HeaderName::from_static("x-robots-tag"), "noindex"),
            ];
            (headers, html).into_response()
        }
        Err(_) => return Err(PageError::internal("preview failed")),
    })
}
