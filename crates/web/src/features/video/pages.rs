//! `/video` (every clip, newest first, `/video/trang-N`) and `/video/{slug}-{id}` (the player,
//! the description, related clips). Cached per content version like every public page.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::VideoFilter;

use crate::SharedState;
use crate::kernel::meta::PageMeta;
use crate::kernel::page_error::moved_permanently;
use crate::kernel::pagination::{page_path, pagination};
use crate::kernel::views::VideoView;
use crate::kernel::{PageError, Rendered, layout, not_found_page, render, serve_cached, to_value};
use crate::kernel::{PageSegment, page_segment};

const PER_PAGE: i64 = 12;
const RELATED: i64 = 4;

pub async fn videos_first_page(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached(&state, "/video", &headers, || list_page(&state, 1)).await
}

/// `/video/trang-N` or `/video/{slug}-{id}`.
pub async fn video_or_page(
    State(state): State<SharedState>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(format) = crate::features::syndication::Format::from_file(&segment) {
        return crate::features::syndication::video_feed(&state, format, &headers).await;
    }
    match page_segment(&segment) {
        PageSegment::Page(page) => {
            let key = format!("/video/{segment}");
            return serve_cached(&state, &key, &headers, || list_page(&state, page)).await;
        }
        PageSegment::FirstPage => return moved_permanently("/video".to_owned()),
        PageSegment::Other => {}
    }
    let Some(id) = segment.rsplit_once('-').map_or(segment.as_str(), |(_, id)| id).parse::<i64>().ok() else {
        return not_found_page(&state).await;
    };
    let key = format!("/video/{segment}");
    serve_cached(&state, &key, &headers, || video_page(&state, id, &key)).await
}

async fn list_page(state: &SharedState, page: i64) -> Result<Rendered, PageError> {
    let filter = VideoFilter { limit: PER_PAGE, offset: (page - 1) * PER_PAGE, ..VideoFilter::default() };
    let (total, videos) = state.db.videos(&filter).await?;
    let last = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    if page > last {
        return Err(PageError::NotFound);
    }
    let layout = layout(state, Some("video".to_owned())).await?;
    let path = page_path("/video", page);
    let description = format!("Video clip của {}", state.site.name);
    let meta = PageMeta::website(
        &state.site,
        &path,
        &format!("Video | {}", state.site.name),
        &description,
        &[("Video", "/video".to_owned())],
    );
    let context = minijinja::context! {
        videos => to_value(videos.iter().map(VideoView::from).collect::<Vec<_>>()),
        total => total,
        pagination => to_value(pagination("/video", page, last)),
        canonical => path,
        meta => to_value(meta),
    };
    let last_modified = videos.iter().map(|v| v.updated_at).max();
    Ok(Rendered { html: render(state, "videos.html", &layout, context)?, last_modified })
}

async fn video_page(state: &SharedState, id: i64, requested: &str) -> Result<Rendered, PageError> {
    let video = state.db.video(id).await?.filter(|v| v.published).ok_or(PageError::NotFound)?;
    if video.path() != requested {
        return Err(PageError::MovedTo(video.path()));
    }
    let related_filter = VideoFilter {
        category: video.category.as_ref().map(|c| c.0),
        except: Some(video.id),
        limit: RELATED,
        ..VideoFilter::default()
    };
    let (_, related) = state.db.videos(&related_filter).await?;
    let view = VideoView::from(&video);
    let layout = layout(state, Some("video".to_owned())).await?;
    let context = minijinja::context! {
        video => to_value(&view),
        related => to_value(related.iter().map(VideoView::from).collect::<Vec<_>>()),
        canonical => view.url.clone(),
        meta => to_value(PageMeta::video(&state.site, &view)),
    };
    Ok(Rendered { html: render(state, "video.html", &layout, context)?, last_modified: Some(video.updated_at) })
}
