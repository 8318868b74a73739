//! `POST /api/v1/media` (multipart: `file`, `alt`, `caption`) → 201 with the variants' URLs, and
//! `GET /media/{path}`, which serves the stored files.

use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::header::{
    ACCEPT, ACCEPT_RANGES, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, IF_RANGE, RANGE, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use toasoan_media::storage::content_type;
use toasoan_media::{ImageError, StorageError};
use toasoan_store::MediaItem;

use super::service::{UploadError, default_url, srcset, upload_image};
use crate::SharedState;
use crate::kernel::ApiUser;
use crate::kernel::range::Ranged;
use crate::kernel::urls::media_url;
use crate::kernel::{ApiError, ApiMultipart, ApiQuery, ErrorBody, Pagination, SessionRefusals};
use utoipa::{IntoParams, ToSchema};

/// The fields of an upload form.
pub struct UploadForm {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub alt: String,
    pub caption: String,
    /// The newsroom page's CSRF field (the API sends its token in a header instead).
    pub csrf: String,
}

/// Reads `file`, `alt` and `caption` from a multipart body; a part that cannot be read is an
/// error naming it.
pub async fn read_upload(mut multipart: Multipart) -> Result<UploadForm, String> {
    let mut form = UploadForm {
        file_name: String::new(),
        bytes: Vec::new(),
        alt: String::new(),
        caption: String::new(),
        csrf: String::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(|e| format!("unreadable form: {e}"))? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                form.file_name = field.file_name().unwrap_or("anh").to_owned();
                form.bytes = field.bytes().await.map_err(|e| format!("unreadable file: {e}"))?.to_vec();
            }
            "alt" => form.alt = field.text().await.map_err(|e| format!("unreadable alt: {e}"))?,
            "caption" => form.caption = field.text().await.map_err(|e| format!("unreadable caption: {e}"))?,
            "csrf" => form.csrf = field.text().await.map_err(|e| format!("unreadable csrf: {e}"))?,
            _ => {}
        }
    }
    Ok(form)
}

/// The form of `POST /api/v1/media`.
#[derive(ToSchema)]
#[allow(dead_code)] // a description for the OpenAPI document; the form is read by `read_upload`
pub struct UploadRequest {
    /// JPEG, PNG, WebP or GIF, checked by content.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
    /// Required: what the picture shows.
    alt: String,
    caption: Option<String>,
}

/// An image of the media library and its sizes.
#[derive(Serialize, ToSchema)]
#[schema(as = Media)]
pub struct MediaJson<'a> {
    pub id: i64,
    /// The largest size up to 1024 pixels wide.
    pub url: Option<String>,
    /// `url 640w, …` for `srcset`.
    pub srcset: String,
    pub alt: &'a str,
    pub caption: &'a str,
    pub width: i64,
    pub height: i64,
    pub mime: &'a str,
    pub variants: Vec<VariantJson>,
}

#[derive(Serialize, ToSchema)]
pub struct VariantJson {
    pub width: u32,
    pub height: u32,
    pub url: String,
}

/// Uploads an image to the media library: EXIF removed after applying its orientation, resized
/// variants made.
#[utoipa::path(post, path = "/v1/media", tag = "newsroom", security(("session" = [], "csrf" = [])),
    request_body(content = UploadRequest, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = MediaJson),
        (status = 400, description = "Not a multipart form, or no `file`", body = ErrorBody),
        SessionRefusals,
        (status = 413, description = "Too large (bytes or pixels)", body = ErrorBody),
        (status = 415, description = "Not JPEG, PNG, WebP or GIF", body = ErrorBody),
        (status = 422, description = "No alt text, or an unreadable image", body = ErrorBody),
    ),
)]
pub async fn upload(
    State(state): State<SharedState>,
    user: ApiUser,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let form = read_upload(multipart).await.map_err(ApiError::bad_request)?;
    if form.bytes.is_empty() {
        return Err(ApiError::bad_request("send the image in a multipart field named \"file\""));
    }
    let item = upload_image(&state, &user.0.user, &form.file_name, form.bytes, &form.alt, &form.caption)
        .await
        .map_err(upload_error)?;
    Ok((StatusCode::CREATED, Json(media_json(&item))).into_response())
}

/// Longest search accepted, in characters (a longer one is cut, not refused).
const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct MediaQuery {
    /// Words of the description, caption or file name; everything when absent.
    q: Option<String>,
}

/// The library's images, newest first.
#[derive(Serialize, ToSchema)]
pub struct MediaList<'a> {
    pub total: i64,
    pub items: Vec<MediaJson<'a>>,
}

/// `GET /api/v1/media?q=&limit=&offset=`: what the editor's "from the library" offers and the
/// library page lists (members who write).
#[utoipa::path(get, path = "/v1/media", tag = "newsroom", security(("session" = [])), params(Pagination, MediaQuery),
    responses(
        (status = 200, description = "Images, newest first", body = MediaList),
        (status = 400, description = "A parameter is not a number", body = ErrorBody),
        SessionRefusals,
    ),
)]
pub async fn list_media(
    State(state): State<SharedState>,
    user: ApiUser,
    page: Pagination,
    ApiQuery(query): ApiQuery<MediaQuery>,
) -> Result<Response, ApiError> {
    if !user.0.user.actor().can_write() {
        return Err(ApiError::forbidden("forbidden", "the media library is for members who write"));
    }
    let q: String = query.q.unwrap_or_default().trim().chars().take(MAX_QUERY_CHARS).collect();
    let (total, items) = state.db.media_library(&q, page.limit, page.offset).await?;
    Ok(Json(MediaList { total, items: items.iter().map(media_json).collect() }).into_response())
}

fn upload_error(error: UploadError) -> ApiError {
    match &error {
        UploadError::MissingAlt => ApiError::unprocessable("alt_required", error.to_string()),
        UploadError::Image(ImageError::TooLarge) => ApiError {
            fields: Vec::new(),
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "too_large",
            message: error.to_string(),
        },
        UploadError::Image(ImageError::UnsupportedType) => ApiError {
            fields: Vec::new(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_type",
            message: error.to_string(),
        },
        UploadError::Image(_) => ApiError::unprocessable("bad_image", error.to_string()),
        UploadError::Forbidden => ApiError::forbidden("forbidden", error.to_string()),
        UploadError::Internal(message) => {
            tracing::error!(%message, "upload failed");
            ApiError::internal()
        }
    }
}

pub fn media_json(item: &MediaItem) -> MediaJson<'_> {
    MediaJson {
        id: item.id,
        url: default_url(item),
        srcset: srcset(item),
        alt: &item.alt,
        caption: &item.caption,
        width: item.width,
        height: item.height,
        mime: &item.mime,
        variants: item
            .variants
            .iter()
            .map(|v| VariantJson { width: v.width, height: v.height, url: media_url(&v.path) })
            .collect(),
    }
}

/// A stored file. Names carry the media id, so they never change: cache for a year.
pub async fn serve_media(State(state): State<SharedState>, Path(path): Path<String>, headers: HeaderMap) -> Response {
    match media_response(&state, &path, &headers).await {
        Ok(response) => response,
        Err(StorageError::NotFound) => {
            (StatusCode::NOT_FOUND, [(CACHE_CONTROL, "no-store")], "không có tệp này").into_response()
        }
        Err(error) => {
            tracing::error!(%error, "cannot read a media file");
            (StatusCode::INTERNAL_SERVER_ERROR, "lỗi hệ thống").into_response()
        }
    }
}

/// The file, or the part of it the `Range` header asks for, streamed from storage.
async fn media_response(state: &SharedState, path: &str, headers: &HeaderMap) -> Result<Response, StorageError> {
    let (path, size, varies) = negotiated(state, path, headers).await?;
    let path = path.as_str();
    let asked = headers.get(RANGE).and_then(|v| v.to_str().ok());
    let ranged = crate::kernel::range::resolve(asked, headers.contains_key(IF_RANGE), size);
    let part = match ranged {
        Ranged::Unsatisfiable => {
            let headers = [(CONTENT_RANGE, format!("bytes */{size}")), (ACCEPT_RANGES, "bytes".to_owned())];
            return Ok((StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response());
        }
        Ranged::Part(range) => Some(range),
        Ranged::Whole => None,
    };
    let body = state.media.open(path, part.clone()).await?;
    let mut response = Response::new(Body::from_stream(body.stream));
    let out = response.headers_mut();
    out.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    out.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    out.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    out.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if varies {
        out.insert(VARY, HeaderValue::from_static("Accept"));
    }
    out.insert(CONTENT_LENGTH, HeaderValue::from(body.range.end - body.range.start));
    if part.is_some() {
        let content_range = format!("bytes {}-{}/{}", body.range.start, body.range.end.saturating_sub(1), body.size);
        if let Ok(value) = HeaderValue::from_str(&content_range) {
            out.insert(CONTENT_RANGE, value);
        }
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    Ok(response)
}

/// The file to send and its size: a picture's WebP copy when the browser takes WebP and the
/// copy exists (made at upload where smaller), else the file asked for. Pages keep naming the
/// JPEG, so feeds, e-mail and old browsers get it, and one cached page serves everyone; the
/// answer for a JPEG or PNG says it `Vary: Accept` so caches keep the two apart.
async fn negotiated(state: &SharedState, path: &str, headers: &HeaderMap) -> Result<(String, u64, bool), StorageError> {
    let Some(webp) = toasoan_media::webp_sibling(path) else {
        return Ok((path.to_owned(), state.media.size(path).await?, false));
    };
    let takes_webp =
        headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| accept.contains("image/webp"));
    if takes_webp && let Ok(size) = state.media.size(&webp).await {
        return Ok((webp, size, true));
    }
    Ok((path.to_owned(), state.media.size(path).await?, true))
}
