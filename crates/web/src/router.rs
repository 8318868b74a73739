//! Every route of the site in one place.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use axum::routing::{get, post};
use tower_http::compression::CompressionLayer;

use crate::newsroom::pages;
use crate::{SharedState, api, assets, comments, feeds, print, public, sitemaps, video};

/// Uploads may be this large (an image's own limit is checked after, with a clear message).
const UPLOAD_LIMIT: usize = toasoan_media::images::MAX_BYTES + 1024 * 1024;

pub fn router(state: SharedState) -> Router {
    let api = Router::new()
        .route("/v1/articles", get(api::list_articles).post(api::create_article))
        .route("/v1/articles/{id}", get(api::get_article).patch(api::update_article))
        .route("/v1/articles/{id}/revisions", get(api::list_revisions))
        .route("/v1/articles/{id}/revisions/{revision}/restore", post(api::restore_revision))
        .route("/v1/articles/{id}/transitions", post(api::transition))
        .route("/v1/media", post(api::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/v1/session", get(api::get_session).post(api::create_session).delete(api::delete_session))
        .route("/v1/categories", get(api::list_categories))
        .route("/v1/search", get(api::search))
        .route("/v1/suggest", get(api::suggest))
        .route("/v1/captcha", get(comments::api::new_captcha))
        .route("/v1/videos", get(video::api::list_videos))
        .route("/v1/videos/{id}", get(video::api::get_video))
        .route("/v1/issues", get(print::api::list_issues))
        .route("/v1/issues/{id}", get(print::api::get_issue))
        .route(
            "/v1/articles/{id}/comments",
            get(comments::api::list_article_comments).post(comments::api::post_comment),
        )
        .route("/v1/comments", get(comments::api::list_comments))
        .route("/v1/comments/{id}/transitions", post(comments::api::transition))
        .fallback(api::api_not_found)
        .layer(from_fn(api_cache_control))
        .layer(CompressionLayer::new());
    Router::new()
        .merge(newsroom_routes())
        .route("/media/{*path}", get(api::serve_media))
        .route("/binh-luan/{id}", post(comments::pages::post_comment))
        .route("/binh-luan/ma-bao-ve/{token}", get(comments::pages::captcha_image))
        .route("/xem-truoc/{id}/{token}", get(pages::workflow::preview_by_token))
        .route("/", get(public::home))
        .route("/static/{file}", get(assets::asset))
        .route("/tim-kiem", get(public::search_page))
        .route("/rss.xml", get(feeds::site_rss))
        .route("/robots.txt", get(sitemaps::robots))
        .route("/sitemap.xml", get(sitemaps::index))
        .route("/sitemaps/{file}", get(sitemaps::file))
        .route("/atom.xml", get(feeds::site_atom))
        .route("/video", get(video::pages::videos_first_page))
        .route("/video/{segment}", get(video::pages::video_or_page))
        .route("/tap-chi-in", get(print::pages::archive))
        .route("/tap-chi-in/truoc-2010", get(print::pages::old_archive))
        .route("/tap-chi-in/{year}/{number}", get(print::pages::issue_page))
        .route("/the/{tag}", get(public::tag_first_page))
        .route("/the/{tag}/{page}", get(public::tag_page))
        .route("/{category}", get(public::category_first_page))
        .route("/{category}/{rest}", get(public::article_or_category_page))
        .nest("/api", api)
        .fallback(public::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), public::redirect_old_urls))
        .with_state(state)
}

/// The newsroom, behind its login (see `newsroom::pages`).
fn newsroom_routes() -> Router<SharedState> {
    use pages::{articles, comments, editor, library, login, print, taxonomy, users, videos, workflow};
    let pdf_limit = DefaultBodyLimit::max(print::MAX_PDF_BYTES + UPLOAD_LIMIT);
    let video_limit = DefaultBodyLimit::max(crate::newsroom::video_form::MAX_VIDEO_BYTES + UPLOAD_LIMIT);
    Router::new()
        .route("/toa-soan", get(articles::dashboard))
        .route("/toa-soan/", get(articles::dashboard))
        .route("/toa-soan/dang-nhap", get(login::login_page).post(login::login_submit))
        .route("/toa-soan/dang-xuat", post(login::logout))
        .route("/toa-soan/bai-viet", get(articles::article_list))
        .route("/toa-soan/bai-viet/moi", get(editor::new_article).post(editor::create))
        .route("/toa-soan/bai-viet/{id}", get(editor::edit).post(editor::save))
        .route("/toa-soan/bai-viet/{id}/chuyen-trang-thai", post(workflow::transition))
        .route("/toa-soan/bai-viet/{id}/phien-ban", get(workflow::revisions))
        .route("/toa-soan/bai-viet/{id}/phien-ban/{revision}", get(workflow::revision))
        .route("/toa-soan/bai-viet/{id}/phien-ban/{revision}/khoi-phuc", post(workflow::restore))
        .route("/toa-soan/bai-viet/{id}/xem-truoc", get(workflow::preview))
        .route("/toa-soan/tu-dong-luu", post(editor::autosave))
        .route("/toa-soan/nguoi-dung", get(users::users).post(users::create_user))
        .route("/toa-soan/nguoi-dung/{id}", get(users::user_page).post(users::update_user))
        .route("/toa-soan/nguoi-dung/{id}/mat-khau", post(users::reset_password))
        .route("/toa-soan/nhat-ky", get(users::audit_log))
        .route("/toa-soan/binh-luan", get(comments::queue).post(comments::decide))
        .route("/toa-soan/tap-chi-in", get(print::issues).post(print::create_issue).layer(pdf_limit))
        .route("/toa-soan/tap-chi-in/{id}", get(print::edit_issue).post(print::update_issue).layer(pdf_limit))
        .route("/toa-soan/tap-chi-in/{id}/xoa", post(print::delete_issue))
        .route("/toa-soan/video", get(videos::videos).post(videos::create_video).layer(video_limit))
        .route("/toa-soan/video/{id}", get(videos::edit_video).post(videos::update_video).layer(video_limit))
        .route("/toa-soan/video/{id}/xoa", post(videos::delete_video))
        .route("/toa-soan/binh-luan/{id}/tra-loi", post(comments::reply))
        .route("/toa-soan/chuyen-muc", get(taxonomy::taxonomy).post(taxonomy::create_category))
        .route("/toa-soan/chuyen-muc/{id}", post(taxonomy::update_category))
        .route("/toa-soan/chuyen-muc/{id}/xoa", post(taxonomy::delete_category))
        .route("/toa-soan/the/{id}", post(taxonomy::rename_tag))
        .route("/toa-soan/the/{id}/xoa", post(taxonomy::delete_tag))
        .route(
            "/toa-soan/thu-vien",
            get(library::library).post(library::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
}

/// Public API answers may be kept half a minute; errors, writes and anything a logged-in
/// member asked for not at all.
async fn api_cache_control(request: Request, next: Next) -> Response {
    let personal = !request.method().is_safe() || crate::auth::session::session_token(request.headers()).is_some();
    let mut response = next.run(request).await;
    if response.headers().contains_key(CACHE_CONTROL) {
        return response;
    }
    let value = if response.status().is_success() && !personal { "public, max-age=30" } else { "no-store" };
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
