//! The reader's side of comments without JavaScript: the form's POST (success page, or the
//! article again with everything typed and the reasons), and the captcha picture.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use toasoan_comments::captcha::ChallengeKind;
use toasoan_comments::{CommentInput, FieldError};

use super::submit::{Attempt, Refusal, Taken, submit};
use crate::SharedState;
use crate::features::articles::{CommentFormView, article_html};
use crate::kernel::client_ip::client_ip;
use crate::kernel::csrf;
use crate::kernel::http::HTML;
use crate::kernel::page_error::server_error;
use crate::kernel::{layout, not_found_page, render};

/// A form larger than this is refused before it is read (a 3,000-character comment in any
/// script is under 12 KB).
pub const FORM_LIMIT: usize = 64 * 1024;

/// `POST /binh-luan/{article_id}`.
pub async fn post_comment(State(state): State<SharedState>, Path(article_id): Path<i64>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let ip = client_ip(&parts, &state.site.comments.trusted_proxies);
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, "Nội dung gửi lên quá lớn. Ý kiến được tối đa 3.000 ký tự.");
    };
    if csrf::cross_site(&parts.headers) {
        return plain(StatusCode::FORBIDDEN, "Biểu mẫu ý kiến chỉ gửi được từ chính trang bài viết.");
    }
    let field = |name: &str| {
        form_urlencoded::parse(&bytes).find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default()
    };
    let input =
        CommentInput { name: field("name"), email: field("email"), address: field("address"), body: field("body") };
    let kind = if field("kieu_ma") == "question" { ChallengeKind::Question } else { ChallengeKind::Image };
    match field("doi_ma").as_str() {
        "anh" => return form_again(&state, article_id, &input, &[], ChallengeKind::Image, StatusCode::OK).await,
        "cau-hoi" => return form_again(&state, article_id, &input, &[], ChallengeKind::Question, StatusCode::OK).await,
        _ => {}
    }
    let attempt = Attempt {
        article_id,
        input: input.clone(),
        token: field("token"),
        answer: field("captcha_answer"),
        trap: field("website"),
        ip,
        from_form: true,
    };
    match submit(&state, attempt, Utc::now()).await {
        Ok(Taken::Stored { .. } | Taken::Dropped) => sent_page(&state, article_id).await,
        Err(Refusal::Fields(errors)) => {
            form_again(&state, article_id, &input, &errors, kind, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(Refusal::Limited(error)) => {
            form_again(&state, article_id, &input, &[error], kind, StatusCode::TOO_MANY_REQUESTS).await
        }
        Err(Refusal::NoSuchArticle) => not_found_page(&state).await,
        Err(Refusal::Internal) => server_error(),
    }
}

/// The article again, the form filled with what the reader typed and the reasons beside it.
async fn form_again(
    state: &SharedState,
    article_id: i64,
    input: &CommentInput,
    errors: &[FieldError],
    kind: ChallengeKind,
    status: StatusCode,
) -> Response {
    let article = match state.db.article(article_id).await {
        Ok(Some(article)) if article.status == toasoan_core::Status::Published => article,
        Ok(_) => return not_found_page(state).await,
        Err(error) => {
            tracing::error!(%error, "cannot read the article of a comment");
            return server_error();
        }
    };
    let form = CommentFormView::returned(state, article_id, input, errors, kind);
    match article_html(state, &article, &form).await {
        Ok(html) => (status, [(CONTENT_TYPE, HTML), (CACHE_CONTROL, "no-store")], html).into_response(),
        Err(error) => {
            tracing::error!(?error, "cannot render the comment form");
            server_error()
        }
    }
}

async fn sent_page(state: &SharedState, article_id: i64) -> Response {
    let article = state.db.article(article_id).await.ok().flatten();
    let (url, title) = article.map_or(("/".to_owned(), String::new()), |a| (a.path(), a.title));
    let page = match layout(state, None).await {
        Ok(layout) => render(
            state,
            "comment_sent.html",
            &layout,
            minijinja::context! { article_url => url, article_title => title },
        ),
        Err(error) => Err(error),
    };
    match page {
        Ok(html) => ([(CONTENT_TYPE, HTML), (CACHE_CONTROL, "no-store")], html).into_response(),
        Err(error) => {
            tracing::error!(?error, "cannot render the comment-sent page");
            server_error()
        }
    }
}

/// `GET /binh-luan/ma-bao-ve/{token}`: the captcha picture of a live token.
pub async fn captcha_image(State(state): State<SharedState>, Path(token): Path<String>) -> Response {
    match state.captcha.open(&token, Utc::now().timestamp()) {
        Ok(challenge) if challenge.kind == ChallengeKind::Image => {
            let headers = [
                (CONTENT_TYPE, "image/png"),
                (CACHE_CONTROL, "private, max-age=7200"),
                (HeaderName::from_static("x-content-type-options"), "nosniff"),
            ];
            (headers, Body::from(state.captcha.image_png(&challenge))).into_response()
        }
        _ => plain(StatusCode::NOT_FOUND, "Mã bảo vệ đã hết hạn. Hãy tải lại trang để có mã mới."),
    }
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (status, [(CONTENT_TYPE, "text/plain; charset=utf-8"), (CACHE_CONTROL, "no-store")], message).into_response()
}
