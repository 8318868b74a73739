//! The newsroom's video form on SQLite and PostgreSQL: a YouTube link, an uploaded MP4 with its
//! poster, refusals that keep what was typed, roles, deletion.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::{BOUNDARY, TestSite, add_user, body_text, get, get_with, log_in, multipart, png, sites};
use toasoan_core::Role;
use toasoan_store::{VideoFilter, VideoSource};
use tower::ServiceExt;

async fn post(site: &TestSite, uri: &str, cookie: &str, body: Vec<u8>) -> Response<Body> {
    let request = Request::post(uri)
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("cookie", cookie)
        .body(Body::from(body))
        .unwrap();
    site.app.clone().oneshot(request).await.unwrap()
}

#[tokio::test]
async fn the_newsroom_adds_edits_and_removes_clips() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let link = |csrf: &str| -> Vec<(&'static str, String)> {
            vec![
                ("csrf", csrf.to_owned()),
                ("title", "Bão số 3 đổ bộ".to_owned()),
                ("description", "Hình ảnh từ Quảng Ninh.".to_owned()),
                ("category", "kinh-te".to_owned()),
                ("duration", "4:05".to_owned()),
                ("embed_url", "https://youtu.be/dQw4w9WgXcQ".to_owned()),
                ("published", "on".to_owned()),
            ]
        };
        let as_refs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
        let body = |f: &[(&'static str, String)], files: &[(&str, &str, &[u8])]| {
            let owned = as_refs(f);
            let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
            multipart(&pairs, files)
        };
        let refused = post(&site, "/toa-soan/video", &writer.cookie, body(&link(&writer.csrf), &[])).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{}: writers do not manage clips", site.engine);

        let created = post(&site, "/toa-soan/video", &chief.cookie, body(&link(&chief.csrf), &[])).await;
        assert_eq!(created.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        let (_, list) = site.state.db.videos(&VideoFilter { limit: 10, ..VideoFilter::default() }).await.unwrap();
        let clip = &list[0];
        assert_eq!((clip.title.as_str(), clip.duration_seconds), ("Bão số 3 đổ bộ", Some(245)));
        assert_eq!(clip.category.as_ref().map(|c| c.2.as_str()), Some("kinh-te"));
        let public = body_text(get(&site.app, &clip.path()).await).await;
        assert!(public.contains("data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""));

        let mp4 = [&b"\0\0\0\x20ftypisom\0\0\x02\0"[..], &[7u8; 4000]].concat();
        let poster = png(640, 360);
        let mut file_form = link(&chief.csrf);
        file_form.retain(|(k, _)| *k != "embed_url");
        file_form.push(("embed_url", String::new()));
        let uri = format!("/toa-soan/video/{}", clip.id);
        let files: [(&str, &str, &[u8]); 2] = [("file", "clip.mp4", &mp4), ("poster", "anh.png", &poster)];
        assert_eq!(post(&site, &uri, &chief.cookie, body(&file_form, &files)).await.status(), StatusCode::SEE_OTHER);
        let clip = site.state.db.video(clip.id).await.unwrap().unwrap();
        let VideoSource::File { path, bytes, mime } = &clip.source else { panic!("{:?}", clip.source) };
        assert_eq!((*bytes, mime.as_str()), (mp4.len() as i64, "video/mp4"));
        assert!(clip.poster_url.starts_with("/media/"), "the poster went through the media library");
        let served = get_with(&site.app, &format!("/media/{path}"), &[("range", "bytes=4-7")]).await;
        assert_eq!(served.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(body_text(served).await, "ftyp");

        let html = b"<html>not a video</html>".to_vec();
        let bad = post(&site, &uri, &chief.cookie, body(&file_form, &[("file", "clip.mp4", &html)])).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = body_text(bad).await;
        assert!(
            page.contains("không phải video MP4 hoặc WebM") && page.contains("value=\"Bão số 3 đổ bộ\""),
            "{}",
            site.engine
        );
        let mut wrong = link(&chief.csrf);
        wrong.retain(|(k, _)| *k != "duration");
        wrong.push(("duration", "4:75".to_owned()));
        let bad = post(&site, "/toa-soan/video", &chief.cookie, body(&wrong, &[])).await;
        assert!(body_text(bad).await.contains("Thời lượng phải có dạng"));

        let editor = body_text(get_with(&site.app, &uri, &[("cookie", &chief.cookie)]).await).await;
        assert!(editor.contains("để trống để giữ tệp hiện có") && editor.contains("value=\"4:05\""), "{}", site.engine);
        let delete = Request::post(format!("{uri}/xoa"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &chief.cookie)
            .body(Body::from(format!("csrf={}", chief.csrf)))
            .unwrap();
        let deleted = site.app.clone().oneshot(delete).await.unwrap();
        assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
        assert_eq!(get(&site.app, &clip.path()).await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_refused_clip_leaves_no_file_behind() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let mp4 = [&b"\0\0\0\x20ftypisom\0\0\x02\0"[..], &[7u8; 4000]].concat();
        let fields = |duration: &'static str| {
            vec![("csrf", chief.csrf.as_str()), ("title", "Toàn cảnh"), ("duration", duration), ("published", "on")]
        };
        let bad_duration = multipart(&fields("4:75"), &[("file", "clip.mp4", &mp4)]);
        let refused = post(&site, "/toa-soan/video", &chief.cookie, bad_duration).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let broken_poster = b"\x89PNG\r\n\x1a\nbroken".to_vec();
        let files: [(&str, &str, &[u8]); 2] = [("file", "clip.mp4", &mp4), ("poster", "anh.png", &broken_poster)];
        let refused = post(&site, "/toa-soan/video", &chief.cookie, multipart(&fields("4:05"), &files)).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        assert!(site.state.media.list("video").await.expect("list").is_empty(), "{}", site.engine);
        let stored =
            post(&site, "/toa-soan/video", &chief.cookie, multipart(&fields("4:05"), &[("file", "clip.mp4", &mp4)]));
        assert_eq!(stored.await.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(site.state.media.list("video").await.expect("list").len(), 1, "{}", site.engine);
    }
}
