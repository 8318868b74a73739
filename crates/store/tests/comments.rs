//! Comment storage on both engines: shared rate limits, duplicates, used tokens, moderation,
//! spam teaching the filter, replies and counts.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

use chrono::{Duration, Utc};
use toasoan_core::{ArticleContent, Block, CategoryRef, Role, Status};
use toasoan_store::testing::test_databases;
use toasoan_store::{
    CategoryCache, CommentFilter, CommentStatus, Db, NewComment, NewUser, RateLimits, Step, Submission,
};

const LIMITS: RateLimits = RateLimits { per_ip: 3, per_email: 2, window: Duration::hours(1) };

async fn published_article(db: &Db) -> (i64, i64) {
    let new = NewUser { email: "mod@x.vn", name: "Kiểm duyệt", role: Role::Moderator, password_hash: "h" };
    let user = db.create_user(&new).await.expect("user");
    let mut tx = db.begin().await.expect("begin");
    let category = tx
        .ensure_category(&mut CategoryCache::default(), &CategoryRef { name: "Thời sự".into(), parent: None })
        .await
        .expect("category");
    tx.commit().await.expect("commit");
    let content = ArticleContent {
        blocks: vec![Block::paragraph("Đoạn.")],
        slug: "bai-mot".into(),
        ..ArticleContent::new("Bài một", category)
    };
    let id = db.create_article(user, &content, "t").await.expect("article");
    let step = Step { article_id: id, from: Status::Draft, to: Status::Published, at: None, user_id: None, note: "" };
    assert!(db.take_step(&step).await.expect("publish"));
    (id, user)
}

fn comment(article_id: i64, email: &str, ip: &str, body: &str) -> NewComment {
    NewComment {
        article_id,
        name: "Bạn đọc".into(),
        email: email.into(),
        address: String::new(),
        body: body.into(),
        body_key: vn::fold_lower(body),
        ip: ip.into(),
        status: CommentStatus::Pending,
    }
}

#[tokio::test]
async fn limits_are_counted_in_the_database() {
    for t in test_databases().await {
        let (article, _) = published_article(&t.db).await;
        let now = Utc::now();
        let submit = |c: NewComment| {
            let db = t.db.clone();
            async move { db.submit_comment(&c, None, LIMITS, now).await.expect("submit") }
        };
        assert!(matches!(submit(comment(article, "a@x.vn", "1.1.1.1", "một")).await, Submission::Stored { .. }));
        assert_eq!(submit(comment(article, "a@x.vn", "1.1.1.2", "một")).await, Submission::Duplicate, "{}", t.engine);
        assert!(matches!(submit(comment(article, "a@x.vn", "1.1.1.1", "hai")).await, Submission::Stored { .. }));
        assert_eq!(submit(comment(article, "a@x.vn", "1.1.1.3", "ba")).await, Submission::TooManyFromEmail);
        assert!(matches!(submit(comment(article, "b@x.vn", "1.1.1.1", "bốn")).await, Submission::Stored { .. }));
        assert_eq!(submit(comment(article, "c@x.vn", "1.1.1.1", "năm")).await, Submission::TooManyFromIp);
        assert_eq!(submit(comment(article + 99, "d@x.vn", "9.9.9.9", "sáu")).await, Submission::NoSuchArticle);
        let later = comment(article, "c@x.vn", "1.1.1.1", "năm");
        let later = t.db.submit_comment(&later, None, LIMITS, now + Duration::hours(2)).await.expect("submit");
        assert!(matches!(later, Submission::Stored { .. }), "the window moves on");
    }
}

#[tokio::test]
async fn a_token_is_used_once() {
    for t in test_databases().await {
        let (article, _) = published_article(&t.db).await;
        let now = Utc::now();
        let token = Some(("abc123", now + Duration::hours(1)));
        let first = t.db.submit_comment(&comment(article, "a@x.vn", "1.1.1.1", "một"), token, LIMITS, now).await;
        assert!(matches!(first.expect("submit"), Submission::Stored { .. }));
        let again = t.db.submit_comment(&comment(article, "b@x.vn", "2.2.2.2", "hai"), token, LIMITS, now).await;
        assert_eq!(again.expect("submit"), Submission::TokenUsed, "{}", t.engine);
        assert_eq!(t.db.purge_used_tokens(now + Duration::hours(2)).await.expect("purge"), 1);
    }
}

#[tokio::test]
async fn moderation_shows_approved_comments_with_replies_and_spam_teaches_the_filter() {
    for t in test_databases().await {
        let (article, moderator) = published_article(&t.db).await;
        let now = Utc::now();
        let mut ids = Vec::new();
        for (email, ip, body) in [("a@x.vn", "1.1.1.1", "Bài rất hay"), ("s@x.vn", "6.6.6.6", "mua thuốc")] {
            let Submission::Stored { id, status } =
                t.db.submit_comment(&comment(article, email, ip, body), None, LIMITS, now).await.expect("submit")
            else {
                panic!("stored")
            };
            assert_eq!(status, CommentStatus::Pending);
            ids.push(id);
        }
        assert!(t.db.approved_comments(article).await.expect("read").is_empty(), "nothing shows before approval");
        let version = t.db.content_version().await.expect("version");
        assert_eq!(t.db.decide_comments(&ids[..1], CommentStatus::Approved, moderator, now).await.expect("approve"), 1);
        assert!(t.db.content_version().await.expect("version") > version, "approval re-renders the article");
        assert_eq!(t.db.decide_comments(&ids[1..], CommentStatus::Spam, moderator, now).await.expect("spam"), 1);
        let parent = t.db.moderation_comment(ids[0]).await.expect("read").expect("exists");
        let staff = t.db.user(moderator).await.expect("read").expect("exists");
        t.db.reply_to_comment(&parent, &staff, "Cảm ơn bạn.").await.expect("reply");
        let shown = t.db.approved_comments(article).await.expect("read");
        assert_eq!(shown.len(), 1, "{}", t.engine);
        assert_eq!((shown[0].body.as_str(), shown[0].replies[0].body.as_str()), ("Bài rất hay", "Cảm ơn bạn."));
        let again = comment(article, "other@x.vn", "6.6.6.6", "lại là tôi");
        let Submission::Stored { status, .. } = t.db.submit_comment(&again, None, LIMITS, now).await.expect("submit")
        else {
            panic!("stored")
        };
        assert_eq!(status, CommentStatus::Spam, "the spammer's IP goes straight to spam");
        let counts = t.db.comment_status_counts().await.expect("counts");
        assert_eq!((counts.get(&CommentStatus::Approved), counts.get(&CommentStatus::Spam)), (Some(&1), Some(&2)));
        assert_eq!(t.db.comment_counts(&[article, 999]).await.expect("counts").get(&article), Some(&1));
        let search = CommentFilter { search: Some("RẤT hay".into()), limit: 10, ..CommentFilter::default() };
        let (more, found) = t.db.moderation_comments(&search).await.expect("search");
        assert_eq!((more, found.len(), found[0].replies.clone()), (false, 1, vec!["Cảm ơn bạn.".to_owned()]));
        let by_ip = CommentFilter { ip: Some("6.6.6.6".into()), limit: 1, ..CommentFilter::default() };
        let (more, found) = t.db.moderation_comments(&by_ip).await.expect("by ip");
        assert_eq!((more, found.len()), (true, 1), "{}", t.engine);
    }
}

#[tokio::test]
async fn the_site_secret_is_made_once() {
    for t in test_databases().await {
        let first = t.db.site_secret("captcha", || "one".into()).await.expect("secret");
        let second = t.db.site_secret("captcha", || "two".into()).await.expect("secret");
        assert_eq!((first.as_str(), second.as_str()), ("one", "one"), "{}", t.engine);
    }
}
