//! `/toa-soan/thu-vien`: the media library. Browse and search what was uploaded, upload more
//! (a plain form: no JavaScript needed), and copy what the editor needs to reuse an image.

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Serialize;
use toasoan_store::MediaItem;

use super::api::read_upload;
use super::service::{default_url, srcset, upload_image};
use crate::SharedState;
use crate::kernel::csrf;
use crate::kernel::newsroom_page::{Member, page, redirect};
use crate::kernel::to_value;
use crate::kernel::{PageError, PageParams};

const PAGE_SIZE: i64 = 40;

#[derive(Serialize)]
struct MediaView {
    id: i64,
    url: Option<String>,
    thumbnail: Option<String>,
    srcset: String,
    alt: String,
    caption: String,
    size: String,
    name: String,
    uploaded_by: Option<String>,
    at: String,
    markdown: String,
}

impl From<&MediaItem> for MediaView {
    fn from(item: &MediaItem) -> Self {
        let url = default_url(item);
        MediaView {
            id: item.id,
            thumbnail: item.variants.first().map(|v| crate::kernel::urls::media_url(&v.path)),
            srcset: srcset(item),
            markdown: format!(
                "![{}]({} \"{}\")",
                item.alt,
                url.clone().unwrap_or_default(),
                item.caption.replace('"', "'")
            ),
            url,
            alt: item.alt.clone(),
            caption: item.caption.clone(),
            size: format!("{}×{}", item.width, item.height),
            name: item.original_name.clone(),
            uploaded_by: item.uploaded_by.clone(),
            at: vn::time::format_article_time(item.created_at),
        }
    }
}

pub async fn library(
    State(state): State<SharedState>,
    member: Member,
    params: PageParams,
) -> Result<Response, PageError> {
    if !member.actor().can_write() {
        return Err(PageError::Forbidden);
    }
    show(&state, &member, params.get("q"), params.page(), None, StatusCode::OK).await
}

async fn show(
    state: &SharedState,
    member: &Member,
    q: &str,
    current: i64,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (total, items) = state.db.media_library(q, PAGE_SIZE, (current - 1) * PAGE_SIZE).await?;
    let encoded: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let last = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let context = minijinja::context! {
        items => to_value(items.iter().map(MediaView::from).collect::<Vec<_>>()),
        total,
        q,
        error,
        previous => (current > 1).then(|| format!("/toa-soan/thu-vien?q={encoded}&trang={}", current - 1)),
        next => (current < last).then(|| format!("/toa-soan/thu-vien?q={encoded}&trang={}", current + 1)),
    };
    let mut response = page(state, Some(member), "newsroom/library.html", context);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn upload(
    State(state): State<SharedState>,
    member: Member,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let form = match read_upload(multipart).await {
        Ok(form) => form,
        Err(_) => {
            let error = Some("Không đọc được biểu mẫu tải lên; hãy thử lại.".to_owned());
            return show(&state, &member, "", 1, error, StatusCode::BAD_REQUEST).await;
        }
    };
    if csrf::forged(&headers, Some(&form.csrf), &member.0.csrf_token) {
        return Err(PageError::Forbidden);
    }
    if form.bytes.is_empty() {
        return show(
            &state,
            &member,
            "",
            1,
            Some("Hãy chọn một tệp ảnh.".to_owned()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    Ok(match upload_image(&state, &member.0.user, &form.file_name, form.bytes, &form.alt, &form.caption).await {
        Ok(item) => redirect(&format!("/toa-soan/thu-vien?moi={}", item.id)),
        Err(error) => show(&state, &member, "", 1, Some(error.vietnamese()), StatusCode::UNPROCESSABLE_ENTITY).await?,
    })
}
