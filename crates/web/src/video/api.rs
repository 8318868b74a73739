//! `GET /api/v1/videos?limit=&offset=&category=` and `GET /api/v1/videos/{id}`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use serde_json::{Value, json};
use toasoan_store::{Video, VideoFilter, VideoSource};

use super::VideoView;
use crate::SharedState;
use crate::api::ApiError;
use crate::search_params::number;

const MAX_LIMIT: usize = 100;

pub async fn list_videos(State(state): State<SharedState>, RawQuery(query): RawQuery) -> Result<Json<Value>, ApiError> {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect();
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let limit = number("limit", value("limit"), 20, MAX_LIMIT)?;
    let offset = number("offset", value("offset"), 0, 100_000)?;
    let category = crate::api::category_filter(&state, value("category").filter(|c| !c.is_empty())).await?;
    let filter = VideoFilter { category, limit: limit as i64, offset: offset as i64, ..VideoFilter::default() };
    let (total, videos) = state.db.videos(&filter).await?;
    let items: Vec<Value> = videos.iter().map(|v| item(&state, v)).collect();
    Ok(Json(json!({ "total": total, "items": items })))
}

pub async fn get_video(State(state): State<SharedState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let missing = || ApiError::not_found(format!("no published video with id {id:?}"));
    let id: i64 = id.parse().map_err(|_| missing())?;
    let video = state.db.video(id).await?.filter(|v| v.published).ok_or_else(missing)?;
    let mut body = item(&state, &video);
    body["description"] = json!(video.description);
    body["category"] = json!(video.category.as_ref().map(|c| json!({ "name": c.1, "slug": c.2 })));
    Ok(Json(body))
}

/// One clip as the list gives it; `source` says where it plays from.
fn item(state: &SharedState, video: &Video) -> Value {
    let view = VideoView::from(video);
    let absolute = |path: &str| crate::feeds::absolute(&state.site.base_url, path);
    let source = match &video.source {
        VideoSource::File { path, bytes, mime } => {
            json!({ "kind": "file", "url": absolute(&crate::newsroom::uploads::media_url(path)), "type": mime, "bytes": bytes })
        }
        VideoSource::Embed { url } => json!({ "kind": "embed", "url": url }),
    };
    json!({
        "id": video.id,
        "title": video.title,
        "url": view.url,
        "poster": (!video.poster_url.is_empty()).then(|| absolute(&video.poster_url)),
        "duration": video.duration_seconds,
        "published_at": view.published_iso,
        "source": source,
    })
}
