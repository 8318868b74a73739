//! A burst of anonymous logins is answered at once beyond what the node can hash, instead of
//! holding 19 MiB per waiting request. Alone in its file (its own process), since the hashing
//! gate is shared by every test of a process. Also here: a hundred simultaneous guesses at one
//! account check at most five passwords.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::{PASSWORD, add_user, sites};
use serde_json::json;
use toasoan_core::Role;
use toasoan_store::LOCKOUT_FAILURES;
use toasoan_web::features::accounts::password::{MAX_HASHING, MAX_WAITING};
use tower::ServiceExt;

/// One test, so that the two bursts do not overlap (they share the gate).
#[tokio::test]
async fn bursts_of_logins() {
    beyond_the_hashing_line_logins_are_refused_at_once_with_retry_after().await;
    simultaneous_guesses_check_at_most_five_passwords().await;
}

async fn beyond_the_hashing_line_logins_are_refused_at_once_with_retry_after() {
    for site in sites().await {
        let attempts = (0..200).map(|i| {
            let app = site.app.clone();
            tokio::spawn(async move {
                let body = json!({"email": format!("khong-co-{i}@x.vn"), "password": "mật khẩu đoán mò"});
                let mut request = Request::post("/api/v1/session")
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .expect("request");
                // A botnet: each from its own address, so the per-address limit does not stop them first.
                let peer = SocketAddr::from(([10, 0, (i / 250) as u8, (i % 250) as u8 + 1], 40000));
                request.extensions_mut().insert(ConnectInfo(peer));
                let response = app.oneshot(request).await.expect("router");
                (response.status(), response.headers().contains_key("retry-after"))
            })
        });
        let attempts: Vec<_> = attempts.collect();
        let mut busy = 0;
        let mut seen = std::collections::BTreeMap::new();
        for attempt in attempts {
            let (status, retry_after) = attempt.await.expect("join");
            *seen.entry(status.as_u16()).or_insert(0) += 1;
            if status == StatusCode::SERVICE_UNAVAILABLE {
                assert!(retry_after, "{}", site.engine);
                busy += 1;
            }
        }
        assert!(busy >= 200 - MAX_HASHING - MAX_WAITING, "only {busy} refused ({seen:?}): {}", site.engine);
    }
}

async fn simultaneous_guesses_check_at_most_five_passwords() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let attempts = (0..100).map(|i| {
            let password = if i == 99 { PASSWORD.to_owned() } else { format!("đoán sai lần {i}") };
            let app = site.app.clone();
            tokio::spawn(async move {
                let request = Request::post("/api/v1/session")
                    .header("content-type", "application/json")
                    .body(Body::from(json!({"email": "tbt@toasoan.vn", "password": password}).to_string()))
                    .expect("request");
                app.oneshot(request).await.expect("router").status()
            })
        });
        let attempts: Vec<_> = attempts.collect();
        let mut statuses = Vec::new();
        for attempt in attempts {
            statuses.push(attempt.await.expect("join"));
        }
        let checked = statuses.iter().filter(|s| matches!(**s, StatusCode::OK | StatusCode::UNAUTHORIZED)).count();
        assert!(checked as i64 <= LOCKOUT_FAILURES, "{checked} passwords checked: {}", site.engine);
        for status in &statuses {
            assert!(
                [
                    StatusCode::OK,
                    StatusCode::UNAUTHORIZED,
                    StatusCode::TOO_MANY_REQUESTS,
                    StatusCode::SERVICE_UNAVAILABLE
                ]
                .contains(status),
                "{status}: {}",
                site.engine
            );
        }
    }
}
