//! Finishes the answers handlers made from a [`PageError`](super::PageError) without the state:
//! on a newsroom address the message page with the member's menu, elsewhere the site's 404 page
//! (a 500 keeps its short page, which needs nothing from the database that may be failing).

use axum::extract::{Request, State};
use axum::http::header::COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::members::Member;
use super::newsroom_page::failure;
use super::not_found::not_found_page;
use super::page_error::ErrorPage;
use super::session::current_session;
use crate::SharedState;

/// Where the newsroom's pages live.
const NEWSROOM: &str = "/toa-soan";

pub async fn render_error_pages(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let newsroom = request.uri().path().starts_with(NEWSROOM);
    let cookie = request.headers().get(COOKIE).cloned().filter(|_| newsroom);
    let response = next.run(request).await;
    let Some(ErrorPage(status)) = response.extensions().get::<ErrorPage>().copied() else { return response };
    if newsroom {
        let mut headers = HeaderMap::new();
        headers.extend(cookie.map(|c| (COOKIE, c)));
        let member = current_session(&state, &headers).await.ok().flatten().map(Member);
        return failure(&state, member.as_ref(), status);
    }
    match status {
        StatusCode::NOT_FOUND => not_found_page(&state).await,
        _ => response,
    }
}
