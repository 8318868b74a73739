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

use crate::SharedState;
use crate::features::{accounts, articles, comments, library, print, search, syndication, taxonomy, video};
use crate::kernel::{assets, edge};
use crate::openapi::{ApiDoc, OpenApiJson};

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
        .route("/media/{*path}", get(library::api::serve_media))
        .route("/binh-luan/{id}", post(comments::pages::post_comment))
        .route("/binh-luan/ma-bao-ve/{token}", get(comments::pages::captcha_image))
        .route("/xem-truoc/{id}/{token}", get(articles::workflow::preview_by_token))
        .route("/", get(articles::home::home))
        .route("/static/{file}", get(assets::asset))
        .route("/favicon.ico", get(assets::favicon))
        .route("/healthz", get(crate::kernel::health::healthz))
        .route("/readyz", get(crate::kernel::health::readyz))
        .route("/tim-kiem", get(search::page::search_page))
        .route("/rss.xml", get(syndication::feeds::site_rss))
        .route("/robots.txt", get(syndication::sitemaps::robots))
        .route("/sitemap.xml", get(syndication::sitemaps::index))
        .route("/sitemaps/{file}", get(syndication::sitemaps::file))
        .route("/atom.xml", get(syndication::feeds::site_atom))
        .route("/video", get(video::pages::videos_first_page))
        .route("/video/{segment}", get(video::pages::video_or_page))
        .route("/tap-chi-in", get(print::pages::archive))
        .route("/tap-chi-in/truoc-2010", get(print::pages::old_archive))
        .route("/tap-chi-in/{year}/{number}", get(print::pages::issue_page))
        .route("/tap-chi-in/{year}/{number}/{page}", get(print::page_reader::page_reader))
        .route("/the/{tag}", get(articles::tag::tag_first_page))
        .route("/the/{tag}/{page}", get(articles::tag::tag_page))
        .route("/tac-gia/{author}", get(articles::author::author_first_page))
        .route("/tac-gia/{author}/{page}", get(articles::author::author_page))
        .route("/{category}", get(articles::category::category_first_page))
        .route("/{category}/{rest}", get(articles::page::article_or_category_page))
        .merge(api)
        .route_layer(from_fn(crate::kernel::metrics::name_route))
        .fallback(crate::kernel::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::kernel::error_pages::render_error_pages))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(CompressionLayer::new().compress_when(compressible()))
        .layer(axum::middleware::from_fn_with_state(state.clone(), articles::old_urls::redirect_old_urls))
        .layer(axum::middleware::from_fn_with_state(state.clone(), edge::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(state.clone(), edge::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::kernel::metrics::track))
        .layer(from_fn(crate::kernel::request_id::request_id))
        .with_state(state)
}

/// The newsroom, behind its login (see `newsroom::pages`).
fn newsroom_routes() -> Router<SharedState> {
    use accounts::{login, users};
    use articles::{dashboard, editor, workflow};
    use comments::moderation;
    let pdf_limit = DefaultBodyLimit::max(print::newsroom::MAX_PDF_BYTES + UPLOAD_LIMIT);
    let video_limit = DefaultBodyLimit::max(video::MAX_VIDEO_BYTES + UPLOAD_LIMIT);
    let (article_limit, login_limit) = (DefaultBodyLimit::max(ARTICLE_LIMIT), DefaultBodyLimit::max(LOGIN_LIMIT));
    Router::new()
        .route("/toa-soan", get(dashboard::dashboard))
        .route("/toa-soan/", get(dashboard::dashboard))
        .route("/toa-soan/dang-nhap", get(login::login_page).post(login::login_submit).layer(login_limit))
        .route("/toa-soan/dang-xuat", post(login::logout))
        .route("/toa-soan/bai-viet", get(dashboard::article_list))
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
        .route("/toa-soan/binh-luan", get(moderation::queue).post(moderation::decide))
        .route(
            "/toa-soan/tap-chi-in",
            get(print::newsroom::issues).post(print::newsroom::create_issue).layer(pdf_limit),
        )
        .route(
            "/toa-soan/tap-chi-in/{id}",
            get(print::newsroom::edit_issue).post(print::newsroom::update_issue).layer(pdf_limit),
        )
        .route("/toa-soan/tap-chi-in/{id}/xoa", post(print::newsroom::delete_issue))
        .route("/toa-soan/tap-chi-in/{id}/nhan-dang-lai", post(print::ocr_pages::rerun_ocr))
        .route(
            "/toa-soan/tap-chi-in/{id}/trang/{page}",
            get(print::ocr_pages::edit_page).post(print::ocr_pages::save_page),
        )
        .route("/toa-soan/video", get(video::newsroom::videos).post(video::newsroom::create_video).layer(video_limit))
        .route(
            "/toa-soan/video/{id}",
            get(video::newsroom::edit_video).post(video::newsroom::update_video).layer(video_limit),
        )
        .route("/toa-soan/video/{id}/xoa", post(video::newsroom::delete_video))
        .route("/toa-soan/binh-luan/{id}/tra-loi", post(moderation::reply))
        .route("/toa-soan/chuyen-muc", get(taxonomy::taxonomy).post(taxonomy::create_category))
        .route("/toa-soan/chuyen-muc/{id}", post(taxonomy::update_category))
        .route("/toa-soan/chuyen-muc/{id}/xoa", post(taxonomy::delete_category))
        .route("/toa-soan/the/{id}", post(taxonomy::rename_tag))
        .route("/toa-soan/the/{id}/xoa", post(taxonomy::delete_tag))
        .route(
            "/toa-soan/thu-vien",
            get(library::newsroom::library).post(library::newsroom::upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
}

/// `/api/…`: every `/v1` route registered together with its OpenAPI description (so none can be
/// left out of the document), and the document itself at `/api/openapi.json`.
fn api_routes() -> Router<SharedState> {
    use articles::{api_read as read, api_write as write};
    use search::api as search_api;
    let document = Arc::new(OnceLock::new());
    let served = document.clone();
    let uploads = OpenApiRouter::new()
        .routes(routes!(library::api::list_media, library::api::upload))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT));
    let article_writes = OpenApiRouter::new()
        .routes(routes!(read::list_articles, write::create_article))
        .routes(routes!(read::get_article, write::update_article))
        .layer(DefaultBodyLimit::max(ARTICLE_LIMIT));
    let login = OpenApiRouter::new()
        .routes(routes!(accounts::api::get_session, accounts::api::create_session, accounts::api::delete_session))
        .layer(DefaultBodyLimit::max(LOGIN_LIMIT));
    let v1 = OpenApiRouter::new()
        .merge(article_writes)
        .routes(routes!(write::list_revisions))
        .routes(routes!(write::restore_revision))
        .routes(routes!(write::transition))
        .merge(uploads)
        .merge(login)
        .routes(routes!(taxonomy::api::list_categories))
        .routes(routes!(search_api::search))
        .routes(routes!(search_api::suggest))
        .routes(routes!(comments::api::new_captcha))
        .routes(routes!(video::api::list_videos))
        .routes(routes!(video::api::get_video))
        .routes(routes!(print::api::list_issues))
        .routes(routes!(print::api::get_issue))
        .routes(routes!(comments::api::list_article_comments, comments::api::post_comment))
        .routes(routes!(comments::api::list_comments))
        .routes(routes!(comments::api::transition))
        .route("/openapi.json", get(move || openapi_json(served.clone())))
        .fallback(crate::kernel::api_not_found)
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
        None => crate::kernel::ApiError::internal().into_response(),
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
    let personal = !request.method().is_safe() || crate::kernel::session::session_token(request.headers()).is_some();
    let mut response = next.run(request).await;
    if response.headers().contains_key(CACHE_CONTROL) {
        return response;
    }
    let value = if response.status().is_success() && !personal { "public, max-age=30" } else { "no-store" };
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
