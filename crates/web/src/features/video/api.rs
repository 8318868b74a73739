//! `GET /api/v1/videos?limit=&offset=&category=` and `GET /api/v1/videos/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde::Serialize;
use toasoan_store::{Video, VideoFilter, VideoSource};
use utoipa::IntoParams;
use utoipa::ToSchema;

use crate::SharedState;
use crate::features::taxonomy::CategoryRef;
use crate::kernel::views::VideoView;
use crate::kernel::{ApiError, ApiQuery, ErrorBody, IdPath, Pagination};

/// What the list is narrowed to, besides its window.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct VideoQuery {
    /// A category's slug.
    category: Option<String>,
}

/// A clip as the list gives it.
#[derive(Serialize, ToSchema)]
pub struct VideoItem {
    pub id: i64,
    pub title: String,
    /// The clip's page on the site.
    pub url: String,
    /// Absolute URL of the poster image.
    pub poster: Option<String>,
    /// Seconds.
    pub duration: Option<i64>,
    pub published_at: String,
    pub source: SourceJson,
}

/// Where the clip plays from: a file we serve (with Range requests), or a provider's page.
#[derive(Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum SourceJson {
    File {
        url: String,
        /// `video/mp4` or `video/webm`.
        #[serde(rename = "type")]
        mime: String,
        bytes: i64,
    },
    Embed {
        url: String,
    },
}

/// One clip with its description and category.
#[derive(Serialize, ToSchema)]
pub struct VideoDetail {
    #[serde(flatten)]
    pub item: VideoItem,
    pub description: String,
    pub category: Option<CategoryRef>,
}

#[derive(Serialize, ToSchema)]
pub struct VideoList {
    pub total: i64,
    pub items: Vec<VideoItem>,
}

/// Published clips, newest first.
#[utoipa::path(get, path = "/v1/videos", tag = "videos",
    params(Pagination, VideoQuery),
    responses(
        (status = 200, description = "A page of clips", body = VideoList),
        (status = 400, description = "A parameter out of range or not a number", body = ErrorBody),
        (status = 404, description = "No such category", body = ErrorBody),
    ),
)]
pub async fn list_videos(
    State(state): State<SharedState>,
    page: Pagination,
    ApiQuery(query): ApiQuery<VideoQuery>,
) -> Result<Json<VideoList>, ApiError> {
    let slug = query.category.as_deref().filter(|c| !c.is_empty());
    let category = crate::features::taxonomy::category_filter(&state, slug).await?;
    let filter = VideoFilter { category, limit: page.limit, offset: page.offset, ..VideoFilter::default() };
    let (total, videos) = state.db.videos(&filter).await?;
    let items = videos.iter().map(|v| item(&state, v)).collect();
    Ok(Json(VideoList { total, items }))
}

/// One published clip.
#[utoipa::path(get, path = "/v1/videos/{id}", tag = "videos",
    params(IdPath),
    responses(
        (status = 200, description = "The clip", body = VideoDetail),
        (status = 404, description = "No published clip with this id", body = ErrorBody),
    ),
)]
pub async fn get_video(
    State(state): State<SharedState>,
    Path(IdPath { id }): Path<IdPath>,
) -> Result<Json<VideoDetail>, ApiError> {
    let missing = || ApiError::not_found(format!("no published video with id {id:?}"));
    let id: i64 = id.parse().map_err(|_| missing())?;
    let video = state.db.video(id).await?.filter(|v| v.published).ok_or_else(missing)?;
    Ok(Json(VideoDetail {
        item: item(&state, &video),
        description: video.description.clone(),
        category: video.category.map(|(_, name, slug)| CategoryRef { name, slug }),
    }))
}

/// One clip as the list gives it; `source` says where it plays from.
fn item(state: &SharedState, video: &Video) -> VideoItem {
    let view = VideoView::from(video);
    let absolute = |path: &str| crate::kernel::urls::absolute(&state.site.base_url, path);
    let source = match &video.source {
        VideoSource::File { path, bytes, mime } => {
            SourceJson::File { url: absolute(&crate::kernel::urls::media_url(path)), mime: mime.clone(), bytes: *bytes }
        }
        VideoSource::Embed { url } => SourceJson::Embed { url: url.clone() },
    };
    VideoItem {
        id: video.id,
        title: video.title.clone(),
        url: view.url,
        poster: (!video.poster_url.is_empty()).then(|| absolute(&video.poster_url)),
        duration: video.duration_seconds,
        published_at: view.published_iso,
        source,
    }
}
