//! Video clips' storage on both engines: files and embeds, drafts kept out of public lists,
//! categories with their children, the clip left out of its own "related" list.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

use chrono::{Duration, TimeZone, Utc};
use toasoan_store::testing::test_databases;
use toasoan_store::{Db, VideoFields, VideoFilter, VideoSource};

fn clip(title: &str, category: Option<i64>, minutes: i64, source: VideoSource) -> VideoFields {
    VideoFields {
        slug: vn::slug(title),
        title: title.to_owned(),
        description: format!("Clip {title}"),
        category_id: category,
        poster_url: "/media/images/poster-640.webp".to_owned(),
        duration_seconds: Some(245),
        source,
        published: true,
        published_at: Utc.with_ymd_and_hms(2026, 11, 1, 8, 0, 0).single().unwrap() + Duration::minutes(minutes),
    }
}

fn embed() -> VideoSource {
    VideoSource::Embed { url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ".to_owned() }
}

async fn categories(db: &Db) -> (i64, i64) {
    let parent = db.create_category("Thời sự", None).await.unwrap();
    (parent, db.create_category("Quốc hội", Some(parent)).await.unwrap())
}

#[tokio::test]
async fn clips_are_saved_listed_and_removed() {
    for t in test_databases().await {
        let (news, parliament) = categories(&t.db).await;
        let file = VideoSource::File { path: "video/2026/a.mp4".into(), bytes: 1_000_000, mime: "video/mp4".into() };
        let a =
            t.db.save_video(None, &clip("Kỳ họp thứ mười", Some(parliament), 0, file.clone())).await.unwrap().unwrap();
        let b = t.db.save_video(None, &clip("Bão số 3", Some(news), 10, embed())).await.unwrap().unwrap();
        let mut draft = clip("Bản nháp", None, 20, embed());
        draft.published = false;
        let c = t.db.save_video(None, &draft).await.unwrap().unwrap();

        let public = VideoFilter { limit: 10, ..VideoFilter::default() };
        let (total, list) = t.db.videos(&public).await.unwrap();
        assert_eq!((total, list.iter().map(|v| v.id).collect::<Vec<_>>()), (2, vec![b, a]), "{}", t.engine);
        let (_, all) = t.db.videos(&VideoFilter { drafts: true, ..public }).await.unwrap();
        assert_eq!(all.len(), 3, "the newsroom sees drafts");
        let (total, in_news) = t.db.videos(&VideoFilter { category: Some(news), ..public }).await.unwrap();
        assert_eq!((total, in_news.len()), (2, 2), "{}: a parent covers its children", t.engine);
        let (_, others) = t.db.videos(&VideoFilter { except: Some(b), ..public }).await.unwrap();
        assert_eq!(others.iter().map(|v| v.id).collect::<Vec<_>>(), [a]);

        let stored = t.db.video(a).await.unwrap().unwrap();
        assert_eq!(stored.source, file);
        assert_eq!(stored.category.as_ref().map(|c| c.2.as_str()), Some("quoc-hoi"));
        assert_eq!(stored.path(), format!("/video/ky-hop-thu-muoi-{a}"));
        assert_eq!(stored.duration_seconds, Some(245));

        let mut changed = clip("Kỳ họp thứ mười (đầy đủ)", None, 0, embed());
        changed.duration_seconds = None;
        assert_eq!(t.db.save_video(Some(a), &changed).await.unwrap(), Some(a));
        let stored = t.db.video(a).await.unwrap().unwrap();
        assert_eq!((stored.source, stored.category, stored.duration_seconds), (embed(), None, None));
        assert_eq!(t.db.save_video(Some(a + 100), &changed).await.unwrap(), None, "no such clip");
        assert!(t.db.delete_video(c).await.unwrap());
        assert!(t.db.video(c).await.unwrap().is_none());
        assert!(!t.db.delete_video(c).await.unwrap());
    }
}
