//! Authors: accounts with a public page, several per article, on both engines.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

use chrono::Utc;
use toasoan_core::{ArticleContent, CategoryRef, Role, Status};
use toasoan_store::testing::test_databases;
use toasoan_store::{ArticleQuery, CategoryCache, Db, ListFilter, NewUser, Step, StoreError};

async fn user(db: &Db, email: &str, name: &str, role: Role) -> i64 {
    db.create_user(&NewUser { email, name, role, password_hash: "hash" }).await.expect("create user")
}

async fn category(db: &Db) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let reference = CategoryRef { name: "Thời sự".into(), parent: None };
    let id = tx.ensure_category(&mut CategoryCache::default(), &reference).await.expect("category");
    tx.commit().await.expect("commit");
    id
}

async fn publish(db: &Db, id: i64) {
    let step = Step {
        article_id: id,
        from: Status::Draft,
        to: Status::Published,
        at: Some(Utc::now()),
        user_id: None,
        note: "",
    };
    assert!(db.take_step(&step).await.expect("publish"));
}

#[tokio::test]
async fn accounts_get_author_slugs_from_their_names_unique_by_id() {
    for t in test_databases().await {
        let first = user(&t.db, "lan@x.vn", "Nguyễn Thị Lan", Role::Writer).await;
        let second = user(&t.db, "lan2@x.vn", "Nguyễn Thị Lan", Role::Writer).await;
        let slug = |id| {
            let db = t.db.clone();
            async move { db.user(id).await.expect("read").expect("exists").slug }
        };
        assert_eq!(slug(first).await.as_deref(), Some("nguyen-thi-lan"), "{}", t.engine);
        assert_eq!(slug(second).await, Some(format!("nguyen-thi-lan-{second}")), "{}", t.engine);
        let taken = t.db.update_author_profile(second, "nguyen-thi-lan", "").await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{}", t.engine);
        assert!(t.db.update_author_profile(second, "lan-hai", "Phóng viên ban Thời sự.").await.expect("profile"));
        assert!(!t.db.update_author_profile(999_999, "ai-do", "").await.expect("no account"), "{}", t.engine);
        let moderator = user(&t.db, "mod@x.vn", "Kiểm duyệt", Role::Moderator).await;
        let authors = t.db.possible_authors().await.expect("authors");
        let offered: Vec<i64> = authors.iter().filter(|a| a.offered).map(|a| a.id).collect();
        assert!(offered.contains(&first) && offered.contains(&second) && !offered.contains(&moderator));
        let unknown = t.db.unknown_authors(&["lan-hai".into(), "kiem-duyet".into(), "ai-do".into()]).await;
        assert_eq!(unknown.expect("check"), vec!["ai-do".to_owned()], "a moderator stays nameable: {}", t.engine);
        t.db.update_user(first, "Nguyễn Thị Lan", Role::Writer, false, &[]).await.expect("deactivate");
        let gone = t.db.possible_authors().await.expect("authors").into_iter().find(|a| a.id == first).expect("listed");
        assert!(!gone.offered, "not offered once inactive: {}", t.engine);
        let kept = t.db.unknown_authors(&["nguyen-thi-lan".into()]).await.expect("check");
        assert!(kept.is_empty(), "still nameable on the articles that name them: {}", t.engine);
    }
}

#[tokio::test]
async fn articles_name_exactly_the_authors_chosen_in_order() {
    for t in test_databases().await {
        let lan = user(&t.db, "lan@x.vn", "Lan", Role::Writer).await;
        let minh = user(&t.db, "minh@x.vn", "Minh", Role::Editor).await;
        let news = category(&t.db).await;
        let alone = t.db.create_article(lan, &ArticleContent::new("Một mình", news), "p1").await.expect("create");
        let names = |id| {
            let db = t.db.clone();
            async move {
                let article = db.article(id).await.expect("read").expect("exists");
                article.authors.into_iter().map(|a| a.slug).collect::<Vec<_>>()
            }
        };
        assert!(names(alone).await.is_empty(), "{}: none chosen, none named (not the creator)", t.engine);
        let mine = ArticleContent { authors: vec!["lan".into()], ..ArticleContent::new("Một mình", news) };
        t.db.save_article(alone, lan, &mine).await.expect("save");
        assert_eq!(names(alone).await, vec!["lan"], "{}", t.engine);
        let content =
            ArticleContent { authors: vec!["minh".into(), "lan".into()], ..ArticleContent::new("Hai người", news) };
        let together = t.db.create_article(lan, &content, "p2").await.expect("create");
        assert_eq!(names(together).await, vec!["minh", "lan"], "{}", t.engine);
        let (saved, _) = t.db.article_content(together).await.expect("read").expect("exists");
        assert_eq!(saved.authors, vec!["minh", "lan"], "the editor gets them back: {}", t.engine);
        t.db.save_article(together, minh, &ArticleContent::new("Hai người", news)).await.expect("save");
        assert!(names(together).await.is_empty(), "{}: emptied stays empty", t.engine);

        assert!(t.db.author_by_slug("minh").await.expect("read").is_none(), "nothing published: {}", t.engine);
        publish(&t.db, alone).await;
        let author = t.db.author_by_slug("lan").await.expect("read").expect("published");
        assert_eq!(author.id, lan, "{}", t.engine);
        let (total, list) =
            t.db.published_articles(&ArticleQuery::new(ListFilter::Author(lan), 10, 0)).await.expect("list");
        assert_eq!((total, list.iter().map(|a| a.id).collect::<Vec<_>>()), (1, vec![alone]), "{}", t.engine);
    }
}
