//! Every route of the site in one place.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::{Arc, OnceLock};
use tower_http::compression::CompressionLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::openapi::{ApiDoc, OpenApiJson};

use crate::newsroom::pages;
use crate::{SharedState, api, assets, comments, edge, feeds, print, public, sitemaps, video};

/// Uploads may be this large (an image's own limit is checked after, with a clear message).
const UPLOAD_LIMIT: usize = toasoan_media::images::MAX_BYTES + 1024 * 1024;
/// Every other form and JSON body: a comment (3,000 characters, percent-encoded up to 9 bytes
/// each) fits with room; a body past it is refused (413) before any handler reads it.
const FORM_LIMIT: usize = 64 * 1024;
/// An article's whole content (the editor's form and autosave, the API's writes).
const ARTICLE_LIMIT: usize = 4 * 1024 * 1024;
/// A login: an e-mail and a password, with room for the form's encoding.
const LOGIN_LIMIT: usize = 16 * 1024;

pub fn router(state: SharedState) -> Router {
    let api = api_routes();
    Router::new()
        .merge(newsroom_routes())
        .route("/media/{*path}", get(api::serve_media))
        .route("/binh-luan/{id}", post(comments::pages::post_comment))
        .route("/binh-luan/ma-bao-ve/{token}", get(comments::pages::captcha_image))
        .route("/xem-truoc/{id}/{token}", get(pages::workflow::preview_by_token))
        .route("/", get(public::home))
        .route("/static/{file}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
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
        .route("/tac-gia/{author}", get(public::author_first_page))
        .route("/tac-gia/{author}/{page}", get(public::author_page))
        .route("/{category}", get(public::category_first_page))
        .route("/{category}/{rest}", get(public::article_or_category_page))
        .merge(api)
        .fallback(public::not_found)
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(CompressionLayer::new().compress_when(compressible()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), public::redirect_old_urls))
        .layer(axum::middleware::from_fn_with_state(state.clone(), edge::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(state.clone(), edge::security_headers))
        .with_state(state)
}

/// The newsroom, behind its login (see `newsroom::pages`).
fn newsroom_routes() -> Router<SharedState> {
    use pages::{articles, comments, editor, library, login, print, taxonomy, users, videos, workflow};
    let pdf_limit = DefaultBodyLimit::max(print::MAX_PDF_BYTES + UPLOAD_LIMIT);
    let video_limit = DefaultBodyLimit::max(crate::newsroom::video_form::MAX_VIDEO_BYTES + UPLOAD_LIMIT);
    let (article_limit, login_limit) = (DefaultBodyLimit::max(ARTICLE_LIMIT), DefaultBodyLimit::max(LOGIN_LIMIT));
    Router::new()
        .route("/toa-soan", get(articles::dashboard))
        .route("/toa-soan/", get(articles::dashboard))
        .route("/toa-soan/dang-nhap", get(login::login_page).post(login::login_submit).layer(login_limit))
        .route("/toa-soan/dang-xuat", post(login::logout))
        .route("/toa-soan/bai-viet", get(articles::article_list))
        .route("/toa-soan/bai-viet/moi", get(editor::new_article).post(editor::create).layer(article_limit))
        .route("/toa-soan/bai-viet/{id}", get(editor::edit).post(editor::save).layer(article_limit))
        .route("/toa-soan/bai-viet/{id}/chuyen-trang-thai", post(workflow::transition))
        .route("/toa-soan/bai-viet/{id}/phien-ban", get(workflow::revisions))
        .route("/toa-soan/bai-viet/{id}/phien-ban/{revision}", get(workflow::revision))
        .route("/toa-soan/bai-viet/{id}/phien-ban/{revision}/khoi-phuc", post(workflow::restore))
        .route("/toa-soan/bai-viet/{id}/xem-truoc", get(workflow::preview))
        .route("/toa-soan/bai-viet/{id}/xem-truoc/lien-ket-moi", post(workflow::renew_preview_link))
        .route("/toa-soan/tu-dong-luu", post(editor::autosave).layer(article_limit))
        .route("/toa-soan/nguoi-dung", get(users::users).post(users::create_user))
        .route("/toa-soan/nguoi-dung/{id}", get(users::user_page).post(users::update_user))
        .route("/toa-soan/nguoi-dung/{id}/mat-khau", post(users::reset_password))
        .route("/toa-soan/nguoi-dung/{id}/tac-gia", post(users::update_author_page))
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

/// `/api/…`: every `/v1` route registered together with its OpenAPI description (so none can be
/// left out of the document), and the document itself at `/api/openapi.json`.
fn api_routes() -> Router<SharedState> {
    use api::{articles, articles_write as write, categories, media, search, session};
    let document = Arc::new(OnceLock::new());
    let served = document.clone();
    let uploads = OpenApiRouter::new().routes(routes!(media::upload)).layer(DefaultBodyLimit::max(UPLOAD_LIMIT));
    let article_writes = OpenApiRouter::new()
        .routes(routes!(articles::list_articles, write::create_article))
        .routes(routes!(articles::get_article, write::update_article))
        .layer(DefaultBodyLimit::max(ARTICLE_LIMIT));
    let login = OpenApiRouter::new()
        .routes(routes!(session::get_session, session::create_session, session::delete_session))
        .layer(DefaultBodyLimit::max(LOGIN_LIMIT));
    let v1 = OpenApiRouter::new()
        .merge(article_writes)
        .routes(routes!(write::list_revisions))
        .routes(routes!(write::restore_revision))
        .routes(routes!(write::transition))
        .merge(uploads)
        .merge(login)
        .routes(routes!(categories::list_categories))
        .routes(routes!(search::search))
        .routes(routes!(search::suggest))
        .routes(routes!(comments::api::new_captcha))
        .routes(routes!(video::api::list_videos))
        .routes(routes!(video::api::get_video))
        .routes(routes!(print::api::list_issues))
        .routes(routes!(print::api::get_issue))
        .routes(routes!(comments::api::list_article_comments, comments::api::post_comment))
        .routes(routes!(comments::api::list_comments))
        .routes(routes!(comments::api::transition))
        .route("/openapi.json", get(move || openapi_json(served.clone())))
        .fallback(api::api_not_found)
        .layer(from_fn(api_cache_control))
        .layer(CompressionLayer::new());
    let (router, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api", v1).split_for_parts();
    // Set once, here, before the router serves anything.
    let _ = document.set(OpenApiJson::new(&openapi));
    router
}

async fn openapi_json(document: Arc<OnceLock<OpenApiJson>>) -> Response {
    match document.get() {
        Some(json) => json.response(),
        None => api::ApiError::internal().into_response(),
    }
}

/// What is worth gzipping on the way out: text (the stylesheet, scripts, pages rendered per
/// request such as search, 404 and login, sitemaps), not pictures, clips or PDFs (already
/// compressed, and served by ranges). Cached pages come with their gzip made once, and an
/// answer that already has a `Content-Encoding` is left alone.
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
    DefaultPredicate::new()
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("audio/"))
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/octet-stream"))
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
