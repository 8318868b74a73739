//! Newsroom storage (accounts, sessions, lockout, workflow, revisions), on both engines.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

use chrono::{Duration, Utc};
use toasoan_core::{ArticleContent, Block, CategoryRef, Role, Status};
use toasoan_store::testing::test_databases;
use toasoan_store::{
    ADDRESS_FAILURES, CategoryCache, Db, LOCKOUT_FAILURES, LoginKey, NewUser, NewsroomFilter, Reservation, Step,
    StoreError,
};

async fn user(db: &Db, email: &str, role: Role) -> i64 {
    let new = NewUser { email, name: email, role, password_hash: "hash" };
    db.create_user(&new).await.expect("create user")
}

async fn category(db: &Db, name: &str) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = tx
        .ensure_category(&mut CategoryCache::default(), &CategoryRef { name: name.into(), parent: None })
        .await
        .expect("category");
    tx.commit().await.expect("commit");
    id
}

fn content(category_id: i64, title: &str) -> ArticleContent {
    ArticleContent {
        lead: "Sa-pô.".into(),
        tags: vec!["Thẻ".into()],
        blocks: vec![Block::paragraph("Đoạn một.")],
        slug: vn::slug(title),
        ..ArticleContent::new(title, category_id)
    }
}

#[tokio::test]
async fn accounts_are_unique_by_folded_email_and_carry_their_categories() {
    for t in test_databases().await {
        let id = user(&t.db, "Bien.Tap@Example.vn", Role::Editor).await;
        let again = t.db.create_user(&NewUser {
            email: " bien.tap@example.vn",
            name: "x",
            role: Role::Writer,
            password_hash: "h",
        });
        assert!(matches!(again.await, Err(StoreError::Conflict(_))), "{}", t.engine);
        let news = category(&t.db, "Thời sự").await;
        t.db.update_user(id, "Biên tập", Role::Editor, true, &[news]).await.expect("update");
        let (found, hash) = t.db.user_for_login("BIEN.TAP@example.vn").await.expect("read").expect("exists");
        assert_eq!((found.name.as_str(), found.categories.clone(), hash.as_str()), ("Biên tập", vec![news], "hash"));
        assert_eq!(found.actor().categories, vec![news], "{}", t.engine);
    }
}

#[tokio::test]
async fn sessions_expire_and_end_with_their_account() {
    for t in test_databases().await {
        let id = user(&t.db, "a@x.vn", Role::Writer).await;
        let now = Utc::now();
        t.db.create_session("h1", id, "csrf1", now + Duration::hours(1)).await.expect("session");
        let session = t.db.session("h1", now).await.expect("read").expect("live");
        assert_eq!((session.user.id, session.csrf_token.as_str()), (id, "csrf1"), "{}", t.engine);
        assert!(t.db.session("h1", now + Duration::hours(2)).await.expect("read").is_none(), "{}", t.engine);
        t.db.update_user(id, "a", Role::Writer, false, &[]).await.expect("disable");
        assert!(t.db.session("h1", now).await.expect("read").is_none(), "disabled account: {}", t.engine);
        assert_eq!(t.db.delete_user_sessions(id).await.expect("delete"), 1, "{}", t.engine);
    }
}

fn key<'a>(email: &'a str, ip: &'a str, known_device: bool) -> LoginKey<'a> {
    LoginKey { email, ip, known_device }
}

#[tokio::test]
async fn five_failures_in_fifteen_minutes_lock_until_the_oldest_is_fifteen_minutes_old() {
    for t in test_databases().await {
        let start = Utc::now();
        for i in 0..LOCKOUT_FAILURES {
            let at = start + Duration::minutes(i);
            let granted = t.db.reserve_login_attempt(key("a@x.vn", "1.1.1.1", false), at).await.expect("reserve");
            assert!(matches!(granted, Reservation::Granted(_)), "attempt {i}: {granted:?} {}", t.engine);
        }
        let now = start + Duration::minutes(5);
        let Reservation::EmailLocked(until) =
            t.db.reserve_login_attempt(key("A@x.vn", "2.2.2.2", false), now).await.expect("reserve")
        else {
            panic!("the sixth attempt is refused, from any address and in any case: {}", t.engine)
        };
        assert!((until - (start + Duration::minutes(15))).num_seconds().abs() < 1, "{}", t.engine);
        let later = t.db.reserve_login_attempt(key("a@x.vn", "1.1.1.1", false), until + Duration::seconds(1));
        assert!(matches!(later.await.expect("reserve"), Reservation::Granted(_)), "{}", t.engine);
        let owner = t.db.reserve_login_attempt(key("a@x.vn", "3.3.3.3", true), now).await.expect("reserve");
        let Reservation::Granted(id) = owner else { panic!("a known device counts apart: {}", t.engine) };
        t.db.login_succeeded(key("a@x.vn", "3.3.3.3", true), id).await.expect("success");
        let stranger = t.db.reserve_login_attempt(key("a@x.vn", "4.4.4.4", false), now).await.expect("reserve");
        assert!(matches!(stranger, Reservation::EmailLocked(_)), "the owner's login does not unlock strangers");
        let Reservation::Granted(unchecked) =
            t.db.reserve_login_attempt(key("b@x.vn", "5.5.5.5", false), now).await.expect("reserve")
        else {
            panic!("granted: {}", t.engine)
        };
        for _ in 0..LOCKOUT_FAILURES {
            t.db.release_login_attempt(unchecked).await.expect("release");
            let again = t.db.reserve_login_attempt(key("b@x.vn", "5.5.5.5", false), now).await.expect("reserve");
            let Reservation::Granted(id) = again else { panic!("a released attempt does not count: {}", t.engine) };
            t.db.release_login_attempt(id).await.expect("release");
        }
        t.db.clear_login_failures("a@x.vn").await.expect("clear");
        let cleared = t.db.reserve_login_attempt(key("a@x.vn", "4.4.4.4", false), now).await.expect("reserve");
        assert!(matches!(cleared, Reservation::Granted(_)), "{}", t.engine);
    }
}

#[tokio::test]
async fn one_address_is_limited_over_every_email() {
    for t in test_databases().await {
        let now = Utc::now();
        for i in 0..ADDRESS_FAILURES {
            let email = format!("u{i}@x.vn");
            let granted = t.db.reserve_login_attempt(key(&email, "6.6.6.6", false), now).await.expect("reserve");
            assert!(matches!(granted, Reservation::Granted(_)), "{}", t.engine);
        }
        let refused = t.db.reserve_login_attempt(key("new@x.vn", "6.6.6.6", false), now).await.expect("reserve");
        assert!(matches!(refused, Reservation::AddressLocked(_)), "{}", t.engine);
        let other = t.db.reserve_login_attempt(key("new@x.vn", "7.7.7.7", false), now).await.expect("reserve");
        assert!(matches!(other, Reservation::Granted(_)), "{}", t.engine);
    }
}

#[tokio::test]
async fn simultaneous_attempts_reserve_at_most_the_limit() {
    for t in test_databases().await {
        let now = Utc::now();
        let attempts = (0..40).map(|_| {
            let db = t.db.clone();
            tokio::spawn(async move { db.reserve_login_attempt(key("race@x.vn", "8.8.8.8", false), now).await })
        });
        let attempts: Vec<_> = attempts.collect();
        let mut granted = 0;
        for attempt in attempts {
            if let Reservation::Granted(_) = attempt.await.expect("join").expect("reserve") {
                granted += 1;
            }
        }
        assert_eq!(granted, LOCKOUT_FAILURES, "{}", t.engine);
    }
}

#[tokio::test]
async fn a_step_happens_once_even_when_two_take_it() {
    for t in test_databases().await {
        let writer = user(&t.db, "w@x.vn", Role::Writer).await;
        let cat = category(&t.db, "Kinh tế").await;
        let id = t.db.create_article(writer, &content(cat, "Bài một"), "secret").await.expect("create");
        let at = Utc::now() - Duration::seconds(1);
        t.db.take_step(&Step {
            article_id: id,
            from: Status::Draft,
            to: Status::Scheduled,
            at: Some(at),
            user_id: None,
            note: "",
        })
        .await
        .expect("schedule");
        assert_eq!(t.db.due_articles(Utc::now()).await.expect("due"), vec![id], "{}", t.engine);
        let publish = Step {
            article_id: id,
            from: Status::Scheduled,
            to: Status::Published,
            at: None,
            user_id: None,
            note: "lịch",
        };
        let (a, b) = tokio::join!(t.db.take_step(&publish), t.db.take_step(&publish));
        assert_eq!([a.expect("first"), b.expect("second")].iter().filter(|won| **won).count(), 1, "{}", t.engine);
        let events = t.db.article_events(id).await.expect("events");
        assert_eq!(events.iter().map(|e| e.to).collect::<Vec<_>>(), vec![Status::Scheduled, Status::Published]);
        assert!(t.db.due_articles(Utc::now()).await.expect("due").is_empty(), "{}", t.engine);
    }
}

#[tokio::test]
async fn every_save_is_a_revision_and_lists_filter_by_author_and_status() {
    for t in test_databases().await {
        let writer = user(&t.db, "w@x.vn", Role::Writer).await;
        let other = user(&t.db, "o@x.vn", Role::Writer).await;
        let cat = category(&t.db, "Kinh tế").await;
        let id = t.db.create_article(writer, &content(cat, "Bản đầu"), "s1").await.expect("create");
        t.db.create_article(other, &content(cat, "Của người khác"), "s2").await.expect("create");
        t.db.save_article(id, writer, &content(cat, "Bản hai")).await.expect("save");
        let revisions = t.db.revisions(id).await.expect("revisions");
        let titles: Vec<&str> = revisions.iter().map(|r| r.content.title.as_str()).collect();
        assert_eq!(titles, vec!["Bản hai", "Bản đầu"], "{}", t.engine);
        assert_eq!(t.db.article_content(id).await.expect("read").expect("exists").0.title, "Bản hai");
        let mine = NewsroomFilter { author_id: Some(writer), limit: 10, ..NewsroomFilter::default() };
        let (more, rows) = t.db.newsroom_articles(&mine).await.expect("list");
        assert_eq!((more, rows.len(), rows[0].id), (false, 1, id), "{}", t.engine);
        let first_only = NewsroomFilter { limit: 1, ..NewsroomFilter::default() };
        assert!(t.db.newsroom_articles(&first_only).await.expect("list").0, "more than one: {}", t.engine);
        let published = NewsroomFilter { status: Some(Status::Published), limit: 10, ..NewsroomFilter::default() };
        assert!(t.db.newsroom_articles(&published).await.expect("list").1.is_empty(), "{}", t.engine);
        let by_title = NewsroomFilter { title: Some("hai".into()), limit: 10, ..NewsroomFilter::default() };
        assert_eq!(t.db.newsroom_articles(&by_title).await.expect("list").1.len(), 1, "{}", t.engine);
    }
}

#[tokio::test]
async fn autosaves_are_kept_per_person_and_article() {
    for t in test_databases().await {
        let writer = user(&t.db, "w@x.vn", Role::Writer).await;
        t.db.autosave(writer, 0, "{\"title\":\"một\"}").await.expect("save");
        t.db.autosave(writer, 0, "{\"title\":\"hai\"}").await.expect("save again");
        let (text, _) = t.db.autosaved(writer, 0).await.expect("read").expect("kept");
        assert_eq!(text, "{\"title\":\"hai\"}", "{}", t.engine);
        t.db.clear_autosave(writer, 0).await.expect("clear");
        assert!(t.db.autosaved(writer, 0).await.expect("read").is_none(), "{}", t.engine);
        t.db.audit(Some(writer), "login", "user 1", "").await.expect("audit");
        assert_eq!(t.db.audit_entries(10, 0).await.expect("read")[0].action, "login", "{}", t.engine);
    }
}

#[tokio::test]
async fn categories_and_tags_are_managed_and_tags_merge_on_rename() {
    for t in test_databases().await {
        let news = t.db.create_category("Thời sự", None).await.expect("create");
        let child = t.db.create_category("Chính trị", Some(news)).await.expect("child");
        assert!(matches!(t.db.create_category("Thời sự", None).await, Err(StoreError::Conflict(_))), "{}", t.engine);
        assert!(matches!(t.db.delete_category(news).await, Err(StoreError::Conflict(_))), "has a child: {}", t.engine);
        t.db.update_category(child, "Chính trị - Xã hội", None, 9).await.expect("update");
        t.db.delete_category(news).await.expect("now empty");
        let names: Vec<String> = t.db.categories().await.expect("list").into_iter().map(|c| c.name).collect();
        assert_eq!(names, vec!["Chính trị - Xã hội".to_owned()], "{}", t.engine);

        let writer = user(&t.db, "w@x.vn", Role::Writer).await;
        let mut first = content(child, "Một");
        first.tags = vec!["Hoà bình".into(), "Kinh tế".into()];
        let mut second = content(child, "Hai");
        second.tags = vec!["Hòa Bình tỉnh".into()];
        t.db.create_article(writer, &first, "a").await.expect("one");
        t.db.create_article(writer, &second, "b").await.expect("two");
        let tags = t.db.tags_with_counts().await.expect("tags");
        let province = tags.iter().find(|t| t.slug == "hoa-binh-tinh").expect("tag").id;
        t.db.rename_tag(province, "Hòa bình").await.expect("merge");
        let tags = t.db.tags_with_counts().await.expect("tags");
        let peace = tags.iter().find(|t| t.slug == "hoa-binh").expect("merged tag");
        assert_eq!((peace.articles, tags.len()), (2, 2), "{}", t.engine);
        t.db.delete_tag(peace.id).await.expect("delete");
        assert_eq!(t.db.tags_with_counts().await.expect("tags").len(), 1, "{}", t.engine);
    }
}

#[tokio::test]
async fn published_lists_follow_publishing_order_and_scheduled_ones_the_clock() {
    for t in test_databases().await {
        let writer = user(&t.db, "pv@x.vn", Role::Writer).await;
        let cat = category(&t.db, "Thời sự").await;
        let step = |id, to, at| Step { article_id: id, from: Status::Draft, to, at: Some(at), user_id: None, note: "" };
        let older = t.db.create_article(writer, &content(cat, "Đăng trước"), "a").await.expect("one");
        let newer = t.db.create_article(writer, &content(cat, "Đăng sau"), "b").await.expect("two");
        assert!(
            t.db.take_step(&step(older, Status::Published, Utc::now() - Duration::hours(2))).await.expect("publish")
        );
        assert!(
            t.db.take_step(&step(newer, Status::Published, Utc::now() - Duration::hours(1))).await.expect("publish")
        );
        t.db.save_article(older, writer, &content(cat, "Đăng trước (sửa lỗi chính tả)")).await.expect("a late fix");
        let published = NewsroomFilter { status: Some(Status::Published), limit: 10, ..NewsroomFilter::default() };
        let (_, rows) = t.db.newsroom_articles(&published).await.expect("list");
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [newer, older], "{}: not by edit time", t.engine);

        let later = t.db.create_article(writer, &content(cat, "Hẹn xa"), "c").await.expect("three");
        let sooner = t.db.create_article(writer, &content(cat, "Hẹn gần"), "d").await.expect("four");
        assert!(t.db.take_step(&step(later, Status::Scheduled, Utc::now() + Duration::days(2))).await.expect("plan"));
        assert!(t.db.take_step(&step(sooner, Status::Scheduled, Utc::now() + Duration::days(1))).await.expect("plan"));
        let scheduled = NewsroomFilter { status: Some(Status::Scheduled), ..published };
        let (_, rows) = t.db.newsroom_articles(&scheduled).await.expect("list");
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [sooner, later], "{}: soonest first", t.engine);
    }
}
