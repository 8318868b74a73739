//! `/toa-soan/video`: video clips, for the editor-in-chief and admins. One multipart form per
//! clip (title, description, category, duration, publication, poster, and a file or a YouTube or
//! Vimeo link), so it works without JavaScript; a refused form comes back filled in.

use std::collections::HashMap;

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use toasoan_store::{Video, VideoFields, VideoFilter, VideoSource};

use super::form::{MAX_VIDEO_BYTES, parse, video_type};
use crate::SharedState;
use crate::features::library::{Staged, default_url, upload_image};
use crate::kernel::PageError;
use crate::kernel::audit::audit_after;
use crate::kernel::csrf;
use crate::kernel::multipart_form::{MultipartForm, Upload};
use crate::kernel::newsroom_page::{Member, MemberForm, page, redirect};
use crate::kernel::to_value;
use crate::kernel::views::VideoView;

pub async fn videos(State(state): State<SharedState>, member: Member) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    let values = HashMap::from([("published".to_owned(), "on".to_owned())]);
    show(&state, &member, None, &values, &[], StatusCode::OK).await
}

pub async fn edit_video(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    Ok(match state.db.video(id).await {
        Ok(Some(video)) => show(&state, &member, Some(&video), &form_values(&video), &[], StatusCode::OK).await?,
        Ok(None) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    })
}

fn form_values(video: &Video) -> HashMap<String, String> {
    let mut values: HashMap<String, String> = [
        ("title", video.title.clone()),
        ("description", video.description.clone()),
        ("category", video.category.as_ref().map(|c| c.2.clone()).unwrap_or_default()),
        ("duration", video.duration_seconds.map(toasoan_core::video::format_duration).unwrap_or_default()),
        ("published_at", vn::time::format_local_input(video.published_at)),
        (
            "embed_url",
            match &video.source {
                VideoSource::Embed { url } => url.clone(),
                VideoSource::File { .. } => String::new(),
            },
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    if video.published {
        values.insert("published".to_owned(), "on".to_owned());
    }
    values
}

/// The list of clips with the form: blank for a new clip, or the clip being edited.
async fn show(
    state: &SharedState,
    member: &Member,
    editing: Option<&Video>,
    values: &HashMap<String, String>,
    errors: &[String],
    status: StatusCode,
) -> Result<Response, PageError> {
    let filter = VideoFilter { drafts: true, limit: 200, ..VideoFilter::default() };
    let (found, categories) = (state.db.videos(&filter).await?, state.db.categories().await?);
    let (total, list) = found;
    let context = minijinja::context! {
        videos => to_value(list.iter().map(VideoView::from).collect::<Vec<_>>()),
        total,
        categories => to_value(categories),
        editing => to_value(editing.map(VideoView::from)),
        editing_file => editing.is_some_and(|v| matches!(v.source, VideoSource::File { .. })),
        values => to_value(values),
        errors => to_value(errors),
    };
    let mut response = page(state, Some(member), "newsroom/videos.html", context);
    *response.status_mut() = status;
    Ok(response)
}

pub async fn create_video(
    State(state): State<SharedState>,
    member: Member,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, PageError> {
    save(&state, &member, &headers, None, multipart).await
}

pub async fn update_video(
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
        Some(id) => match state.db.video(id).await {
            Ok(Some(video)) => Some(video),
            Ok(None) => return Err(PageError::NotFound),
            Err(error) => return Err(PageError::internal(error)),
        },
        None => None,
    };
    let limits = [("poster", toasoan_media::images::MAX_BYTES), ("file", MAX_VIDEO_BYTES)];
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
    let mut staged = Staged::default();
    let fields = match checked_fields(state, member, existing.as_ref(), &form, &mut staged).await {
        Ok(fields) => fields,
        Err(mut errors) => {
            staged.undo(state).await;
            if !form.files.is_empty() {
                errors.push("Các tệp đã chọn chưa được lưu: hãy chọn lại ảnh đại diện và tệp video.".to_owned());
            }
            return show(state, member, existing.as_ref(), &form.fields, &errors, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    Ok(match state.db.save_video(id, &fields).await {
        Ok(Some(saved)) => {
            state.content_changed().await;
            audit_after(state, member.0.user.id, "video.save", &format!("video {saved}"), &fields.title).await;
            redirect(&format!("/toa-soan/video/{saved}"))
        }
        Ok(None) => {
            staged.undo(state).await;
            return Err(PageError::NotFound);
        }
        Err(error) => {
            staged.undo(state).await;
            return Err(PageError::internal(error));
        }
    })
}

/// The clip to save: the form checked first, then a new file and poster stored (and noted in
/// `staged`, to be removed if the save is refused), the old ones kept.
async fn checked_fields(
    state: &SharedState,
    member: &Member,
    existing: Option<&Video>,
    form: &MultipartForm,
    staged: &mut Staged,
) -> Result<VideoFields, Vec<String>> {
    let slug = form.fields.get("category").map(|s| s.trim()).filter(|s| !s.is_empty());
    let category_id = match slug {
        Some(slug) => match state.db.category_by_slug(slug).await {
            Ok(Some(category)) => Some(category.id),
            Ok(None) => return Err(vec!["Chuyên mục đã chọn không còn nữa.".to_owned()]),
            Err(error) => return Err(vec![format!("Không đọc được chuyên mục: {error}")]),
        },
        None => None,
    };
    let chosen = form.files.get("file").map(|upload| clip_source(upload).map(|source| (upload, source)));
    let chosen = chosen.transpose().map_err(|e| vec![e])?;
    let kept_file = existing.map(|v| v.source.clone()).filter(|s| matches!(s, VideoSource::File { .. }));
    let source = chosen.as_ref().map(|(_, source)| source.clone()).or(kept_file);
    let mut fields = parse(&form.fields, category_id, source, chrono::Utc::now())?;
    if let Some((upload, VideoSource::File { path, .. })) = &chosen
        && matches!(&fields.source, VideoSource::File { path: chosen, .. } if chosen == path)
    {
        state.media.put_file(path, &upload.file).await.map_err(|e| vec![format!("Không lưu được tệp video: {e}")])?;
        staged.file(path.clone());
    }
    fields.poster_url = existing.map(|v| v.poster_url.clone()).unwrap_or_default();
    if let Some(poster) = form.files.get("poster") {
        let alt = format!("Ảnh video {}", fields.title);
        let bytes = poster.bytes().await.map_err(|e| vec![format!("Ảnh đại diện: {e}")])?;
        let item = upload_image(state, &member.0.user, &poster.file_name, bytes, &alt, "")
            .await
            .map_err(|e| vec![format!("Ảnh đại diện: {}", e.vietnamese())])?;
        fields.poster_url = default_url(&item).unwrap_or_default();
        staged.image(item);
    }
    Ok(fields)
}

/// Where an uploaded clip will be kept and what it is, after checking its type (by its first
/// bytes) and size; nothing is stored yet.
fn clip_source(upload: &Upload) -> Result<VideoSource, String> {
    let Some((mime, extension)) = video_type(&upload.head) else {
        return Err("Tệp đã chọn không phải video MP4 hoặc WebM.".to_owned());
    };
    if !upload.complete(MAX_VIDEO_BYTES) {
        return Err("Tệp video lớn hơn 500 MB.".to_owned());
    }
    let suffix = crate::kernel::random::new_token().map_err(|e| e.to_string())?;
    let year = chrono::Utc::now().format("%Y");
    let path = format!("video/{year}/{}.{extension}", &suffix[..16]);
    Ok(VideoSource::File { path, bytes: upload.size as i64, mime: mime.to_owned() })
}

pub async fn delete_video(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, .. }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    Ok(match state.db.delete_video(id).await {
        Ok(true) => {
            state.content_changed().await;
            audit_after(&state, member.0.user.id, "video.delete", &format!("video {id}"), "").await;
            redirect("/toa-soan/video")
        }
        Ok(false) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    })
}
