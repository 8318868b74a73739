//! `/toa-soan/tap-chi-in`: the print issues, for the editor-in-chief and admins. One form per
//! issue (number, year, label, date, theme, table of contents, cover image, whole-issue PDF),
//! sent as multipart so that it works without JavaScript.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use toasoan_store::{IssueFields, IssueFilter, PrintIssue, StoreError};

use super::form::{parse, toc_text};
use crate::SharedState;
use crate::features::library::{Staged, default_url, upload_image};
use crate::kernel::PageError;
use crate::kernel::audit::audit_after;
use crate::kernel::csrf;
use crate::kernel::multipart_form::MultipartForm;
use crate::kernel::newsroom_page::{Member, MemberForm, page, redirect};
use crate::kernel::to_value;
use crate::kernel::views::IssueView;

/// The largest whole-issue PDF accepted.
pub const MAX_PDF_BYTES: usize = 200 * 1024 * 1024;

pub async fn issues(State(state): State<SharedState>, member: Member) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    show(&state, &member, None, &HashMap::new(), &[], StatusCode::OK).await
}

pub async fn edit_issue(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    Ok(match state.db.print_issue(id).await {
        Ok(Some(issue)) => show(&state, &member, Some(&issue), &form_values(&issue), &[], StatusCode::OK).await?,
        Ok(None) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    })
}

fn form_values(issue: &PrintIssue) -> HashMap<String, String> {
    [
        ("year", issue.year.to_string()),
        ("number", issue.number.to_string()),
        ("volume", issue.volume.clone()),
        ("special_label", issue.special_label.clone()),
        ("published_on", issue.published_on.map(|d| d.to_string()).unwrap_or_default()),
        ("title", issue.title.clone()),
        ("toc", toc_text(&issue.toc)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The list of issues with the form: blank for a new issue, or the issue being edited.
async fn show(
    state: &SharedState,
    member: &Member,
    editing: Option<&PrintIssue>,
    values: &HashMap<String, String>,
    errors: &[String],
    status: StatusCode,
) -> Result<Response, PageError> {
    let filter = IssueFilter { limit: 200, ..IssueFilter::default() };
    let (total, list) = state.db.print_issues(&filter).await?;
    let (pages, ocr, scanned) = match editing {
        Some(issue) => (
            state.db.print_pages_summary(issue.id).await.ok(),
            Some(super::ocr::ocr_status(state, issue.id).await),
            state.db.scanned_pages(issue.id).await?,
        ),
        None => (None, None, Vec::new()),
    };
    let context = minijinja::context! {
        pages => to_value(pages),
        ocr => to_value(ocr),
        scanned => to_value(scanned),
        issues => to_value(list.iter().map(IssueView::from).collect::<Vec<_>>()),
        total,
        editing => to_value(editing.map(IssueView::from)),
        values => to_value(values),
        errors => to_value(errors),
    };
    let mut response = page(state, Some(member), "newsroom/print.html", context);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn create_issue(
    State(state): State<SharedState>,
    member: Member,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    save(&state, &member, &headers, None, multipart).await
}

pub async fn update_issue(
    State(state): State<SharedState>,
    member: Member,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    save(&state, &member, &headers, Some(id), multipart).await
}

async fn save(
    state: &SharedState,
    member: &Member,
    headers: &HeaderMap,
    id: Option<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    let existing = match id {
        Some(id) => match state.db.print_issue(id).await {
            Ok(Some(issue)) => Some(issue),
            Ok(None) => return Err(PageError::NotFound),
            Err(error) => return Err(PageError::internal(error)),
        },
        None => None,
    };
    let limits = [("cover", toasoan_media::images::MAX_BYTES), ("pdf", MAX_PDF_BYTES)];
    let form = match MultipartForm::read(multipart, &limits).await {
        Ok(form) => form,
        Err(error) => {
            let text = format!("Không đọc được biểu mẫu ({error}); hãy gửi lại.");
            return show(state, member, existing.as_ref(), &HashMap::new(), &[text], StatusCode::BAD_REQUEST).await;
        }
    };
    if csrf::forged(headers, form.csrf(), &member.0.csrf_token) {
        return Err(PageError::Forbidden);
    }
    let fail = |errors: Vec<String>, status| {
        let values = form.fields.clone();
        let existing = existing.clone();
        async move { show(state, member, existing.as_ref(), &values, &errors, status).await }
    };
    let mut fields = match parse(&form.fields) {
        Ok(fields) => fields,
        Err(errors) => return fail(with_file_note(errors, &form), StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    keep_files(&mut fields, existing.as_ref());
    let mut staged = Staged::default();
    if let Err(error) = store_files(state, member, &mut fields, &form, &mut staged).await {
        staged.undo(state).await;
        return fail(vec![error], StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let detail = format!("Số {} - {}", fields.number, fields.year);
    let new_pdf = form.files.contains_key("pdf");
    let uploader = &member.0.user;
    let jobs = |saved: i64| match new_pdf {
        true => {
            let cover = fields.cover_url.is_empty().then_some((detail.as_str(), uploader));
            super::service::jobs_for_new_pdf(saved, &fields.pdf_path, cover)
        }
        false => Vec::new(),
    };
    let saved = state.db.save_print_issue_with_jobs(id, &fields, jobs).await;
    if saved.is_err() {
        staged.undo(state).await;
    }
    Ok(match saved {
        Ok(saved) => {
            state.content_changed().await;
            state.jobs.ring();
            audit_after(state, member.0.user.id, "print_issue.save", &format!("issue {saved}"), &detail).await;
            redirect(&format!("/toa-soan/tap-chi-in/{saved}"))
        }
        Err(StoreError::Conflict(_)) => {
            let text = format!("Đã có số {} năm {}. Hãy sửa số đó thay vì tạo mới.", fields.number, fields.year);
            fail(with_file_note(vec![text], &form), StatusCode::CONFLICT).await?
        }
        Err(error) => return Err(PageError::internal(error)),
    })
}

/// Files cannot be put back into a form: say so when the reader must choose them again.
fn with_file_note(mut errors: Vec<String>, form: &MultipartForm) -> Vec<String> {
    if !form.files.is_empty() {
        errors.push("Các tệp đã chọn chưa được lưu: hãy chọn lại ảnh bìa và tệp PDF.".to_owned());
    }
    errors
}

fn keep_files(fields: &mut IssueFields, existing: Option<&PrintIssue>) {
    if let Some(issue) = existing {
        fields.cover_url = issue.cover_url.clone();
        fields.pdf_path = issue.pdf_path.clone();
        fields.pdf_bytes = issue.pdf_bytes;
    }
}

/// Stores a new cover (through the media library: checked, resized) and a new PDF, each noted
/// in `staged` so that a refused save removes them. The PDF is checked before anything is stored.
async fn store_files(
    state: &SharedState,
    member: &Member,
    fields: &mut IssueFields,
    form: &MultipartForm,
    staged: &mut Staged,
) -> Result<(), String> {
    let label = format!("Số {} - {}", fields.number, fields.year);
    let pdf = form.files.get("pdf");
    if let Some(pdf) = pdf {
        if !pdf.head.starts_with(b"%PDF-") {
            return Err("Tệp đã chọn không phải là PDF (tệp PDF bắt đầu bằng “%PDF-”).".to_owned());
        }
        if !pdf.complete(MAX_PDF_BYTES) {
            return Err("Tệp PDF lớn hơn 200 MB.".to_owned());
        }
    }
    if let Some(cover) = form.files.get("cover") {
        let alt = format!("Bìa tạp chí {label}");
        let bytes = cover.bytes().await.map_err(|e| format!("Ảnh bìa: {e}"))?;
        let item = upload_image(state, &member.0.user, &cover.file_name, bytes, &alt, "")
            .await
            .map_err(|e| format!("Ảnh bìa: {}", e.vietnamese()))?;
        fields.cover_url = default_url(&item).unwrap_or_default();
        staged.image(item);
    }
    if let Some(pdf) = pdf {
        let suffix = crate::kernel::random::new_token().map_err(|e| e.to_string())?;
        let path = format!("print/{}/so-{}-{}.pdf", fields.year, fields.number, &suffix[..8]);
        state.media.put_file(&path, &pdf.file).await.map_err(|e| format!("Không lưu được tệp PDF: {e}"))?;
        staged.file(path.clone());
        fields.pdf_path = path;
        fields.pdf_bytes = pdf.size as i64;
    }
    Ok(())
}

pub async fn delete_issue(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, .. }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    Ok(match state.db.delete_print_issue(id).await {
        Ok(true) => {
            state.content_changed().await;
            audit_after(&state, member.0.user.id, "print_issue.delete", &format!("issue {id}"), "").await;
            redirect("/toa-soan/tap-chi-in")
        }
        Ok(false) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    })
}
