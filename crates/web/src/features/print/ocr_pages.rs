//! The newsroom's hand on OCR: `/toa-soan/tap-chi-in/{id}/trang/{page}` shows a scanned page's
//! text with where it came from (the engine and its confidence) and takes a correction, kept as
//! typed (`source = 'hand'`): OCR never reads that page again, and search re-reads the issue.
//! `…/{id}/nhan-dang-lai` forgets what OCR read and queues the issue to be read again.

use axum::extract::{Path, State};
use axum::response::Response;

use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::audit::audit_after;
use crate::kernel::newsroom_page::{Member, MemberForm, page, redirect};
use crate::kernel::to_value;
use crate::kernel::views::IssueView;

/// Longest page text kept, in characters: a dense magazine page holds about 8,000.
const MAX_PAGE_CHARS: usize = 60_000;

pub async fn edit_page(
    State(state): State<SharedState>,
    Path((id, number)): Path<(i64, i64)>,
    member: Member,
) -> Result<Response, PageError> {
    show(&state, &member, id, number, None, None).await
}

async fn show(
    state: &SharedState,
    member: &Member,
    id: i64,
    number: i64,
    typed: Option<&str>,
    error: Option<String>,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    let issue = state.db.print_issue(id).await?.ok_or(PageError::NotFound)?;
    let this = state.db.print_page(id, number).await?.ok_or(PageError::NotFound)?;
    let scanned = state.db.scanned_pages(id).await?;
    let at = scanned.iter().position(|p| p.page == number);
    let neighbour =
        |step: isize| at.and_then(|i| i.checked_add_signed(step)).and_then(|i| scanned.get(i)).map(|p| p.page);
    let context = minijinja::context! {
        issue => to_value(IssueView::from(&issue)),
        page => to_value(&this),
        confidence => this.confidence.map(|c| c.round() as i64),
        text => typed.unwrap_or(&this.text),
        error,
        previous => neighbour(-1),
        next => neighbour(1),
        max_chars => MAX_PAGE_CHARS,
    };
    Ok(page(state, Some(member), "newsroom/print_page.html", context))
}

pub async fn save_page(
    State(state): State<SharedState>,
    Path((id, number)): Path<(i64, i64)>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    let text = vn::nfc(form.get("text").trim());
    if text.chars().count() > MAX_PAGE_CHARS {
        let error = format!("Trang dài quá {MAX_PAGE_CHARS} ký tự; văn bản chưa được lưu.");
        return show(&state, &member, id, number, Some(&text), Some(error)).await;
    }
    if !state.db.set_hand_page(id, number, &text).await? {
        return Err(PageError::NotFound);
    }
    state.content_changed().await;
    let target = format!("issue {id} page {number}");
    audit_after(&state, member.0.user.id, "print_page.correct", &target, "").await;
    Ok(redirect(&format!("/toa-soan/tap-chi-in/{id}/trang/{number}?da-luu")))
}

pub async fn rerun_ocr(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, .. }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    state.db.print_issue(id).await?.ok_or(PageError::NotFound)?;
    let forgotten = state.db.reset_ocr_pages(id).await?;
    super::ocr::queue_ocr_if_needed(&state.db, id).await.map_err(PageError::internal)?;
    state.jobs.ring();
    state.content_changed().await;
    let detail = format!("{forgotten} pages to read again");
    audit_after(&state, member.0.user.id, "print_issue.ocr_again", &format!("issue {id}"), &detail).await;
    Ok(redirect(&format!("/toa-soan/tap-chi-in/{id}")))
}
