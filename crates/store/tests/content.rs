//! Store tests, each run on SQLite and (when configured) PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

use chrono::{Duration, TimeZone, Utc};
use toasoan_core::{ArticleDraft, Block, CategoryRef, Status};
use toasoan_store::testing::test_databases;
use toasoan_store::{ArticleQuery, CategoryCache, Db, ListFilter, UpsertOutcome};

fn draft(source_id: &str, category: &str, title: &str, minutes: i64) -> ArticleDraft {
    let base = Utc.with_ymd_and_hms(2021, 12, 1, 12, 0, 0).single().expect("valid time");
    ArticleDraft {
        source_id: Some(source_id.to_owned()),
        category: CategoryRef { name: category.to_owned(), parent: None },
        title: title.to_owned(),
        lead: String::new(),
        byline: Some("P.V".to_owned()),
        tags: vec!["Nghị quyết".to_owned(), "Đại hội".to_owned()],
        blocks: vec![Block::paragraph("Đoạn một."), Block::caption_only("Ảnh."), Block::paragraph("Đoạn hai.")],
        status: Status::Published,
        published_at: base + Duration::minutes(minutes),
        featured: false,
        old_url: None,
    }
}

async fn import(db: &Db, drafts: &[ArticleDraft]) -> Vec<UpsertOutcome> {
    let mut tx = db.begin().await.expect("begin");
    let mut cache = CategoryCache::default();
    let mut outcomes = Vec::new();
    for d in drafts {
        outcomes.push(tx.upsert_article(&mut cache, d, Utc::now()).await.expect("upsert"));
    }
    tx.bump_content_version().await.expect("bump");
    tx.commit().await.expect("commit");
    outcomes
}

#[tokio::test]
async fn an_article_round_trips_with_blocks_tags_and_category() {
    for t in test_databases().await {
        let outcomes = import(&t.db, &[draft("a1", "Thời sự - Chính trị", "Tiêu đề", 0)]).await;
        let UpsertOutcome::Created(id) = outcomes[0] else { panic!("{}: expected a new article", t.engine) };
        let article = t.db.article(id).await.expect("read").expect("exists");
        assert_eq!(article.title, "Tiêu đề", "{}", t.engine);
        assert_eq!(article.category.slug, "thoi-su-chinh-tri", "{}", t.engine);
        assert_eq!(article.blocks.len(), 3, "{}", t.engine);
        let tags: Vec<&str> = article.tags.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(tags, ["nghi-quyet", "dai-hoi"], "{}", t.engine);
        assert_eq!(vn::time::format_article_time(article.published_at), "19:00' 1/12/2021", "{}", t.engine);
        assert_eq!(article.path(), format!("/thoi-su-chinh-tri/tieu-de-{id}"), "{}", t.engine);
    }
}

#[tokio::test]
async fn reimporting_updates_by_source_id_and_never_duplicates() {
    for t in test_databases().await {
        let first = import(&t.db, &[draft("a1", "Kinh tế", "Cũ", 0)]).await;
        let mut changed = draft("a1", "Văn hóa", "Mới", 5);
        changed.tags = vec!["Văn hóa".to_owned()];
        let second = import(&t.db, &[changed]).await;
        assert_eq!(second, vec![UpsertOutcome::Updated(first[0].id())], "{}", t.engine);
        assert_eq!(t.db.article_count().await.expect("count"), 1, "{}", t.engine);
        let article = t.db.article(first[0].id()).await.expect("read").expect("exists");
        assert_eq!((article.title.as_str(), article.category.name.as_str()), ("Mới", "Văn hóa"), "{}", t.engine);
        assert_eq!(article.tags.len(), 1, "{}", t.engine);
    }
}

#[tokio::test]
async fn lists_are_newest_first_paginated_and_filtered_by_category() {
    for t in test_databases().await {
        let drafts: Vec<ArticleDraft> = (0..7)
            .map(|i| draft(&format!("s{i}"), if i % 2 == 0 { "Kinh tế" } else { "Xã hội" }, &format!("Bài {i}"), i))
            .collect();
        import(&t.db, &drafts).await;
        let (total, page) =
            t.db.published_articles(&ArticleQuery { filter: ListFilter::All, limit: 3, offset: 0 })
                .await
                .expect("list");
        let titles: Vec<&str> = page.iter().map(|a| a.title.as_str()).collect();
        assert_eq!((total, titles), (7, vec!["Bài 6", "Bài 5", "Bài 4"]), "{}", t.engine);
        let economy = t.db.category_by_slug("kinh-te").await.expect("read").expect("exists");
        let query = ArticleQuery { filter: ListFilter::Category(economy.id), limit: 10, offset: 2 };
        let (total, page) = t.db.published_articles(&query).await.expect("list");
        let titles: Vec<&str> = page.iter().map(|a| a.title.as_str()).collect();
        assert_eq!((total, titles), (4, vec!["Bài 2", "Bài 0"]), "{}", t.engine);
        let related = t.db.related_articles(economy.id, page[0].id, 3).await.expect("related");
        let titles: Vec<&str> = related.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Bài 6", "Bài 4", "Bài 0"], "{}", t.engine);
    }
}

#[tokio::test]
async fn drafts_stay_off_the_public_lists() {
    for t in test_databases().await {
        let mut hidden = draft("d1", "Kinh tế", "Nháp", 0);
        hidden.status = Status::Draft;
        import(&t.db, &[hidden, draft("p1", "Kinh tế", "Đã đăng", 1)]).await;
        let (total, page) =
            t.db.published_articles(&ArticleQuery { filter: ListFilter::All, limit: 10, offset: 0 })
                .await
                .expect("list");
        assert_eq!((total, page.len()), (1, 1), "{}", t.engine);
    }
}

#[tokio::test]
async fn nested_categories_list_their_children_articles() {
    for t in test_databases().await {
        let mut child = draft("c1", "Chính trị", "Con", 0);
        child.category.parent = Some("Thời sự".to_owned());
        import(&t.db, &[child, draft("p1", "Thời sự", "Cha", 1)]).await;
        let parent = t.db.category_by_slug("thoi-su").await.expect("read").expect("exists");
        let kid = t.db.category_by_slug("chinh-tri").await.expect("read").expect("exists");
        assert_eq!(kid.parent_id, Some(parent.id), "{}", t.engine);
        let (total, _) =
            t.db.published_articles(&ArticleQuery { filter: ListFilter::Category(parent.id), limit: 10, offset: 0 })
                .await
                .expect("list");
        assert_eq!(total, 2, "{}", t.engine);
    }
}

#[tokio::test]
async fn every_write_bumps_the_content_version() {
    for t in test_databases().await {
        let before = t.db.content_version().await.expect("version");
        import(&t.db, &[draft("a1", "Kinh tế", "Một", 0)]).await;
        assert!(t.db.content_version().await.expect("version") > before, "{}", t.engine);
    }
}

#[tokio::test]
async fn a_rolled_back_import_leaves_nothing() {
    for t in test_databases().await {
        let mut tx = t.db.begin().await.expect("begin");
        let mut cache = CategoryCache::default();
        tx.upsert_article(&mut cache, &draft("a1", "Kinh tế", "Một", 0), Utc::now()).await.expect("upsert");
        drop(tx);
        assert_eq!(t.db.article_count().await.expect("count"), 0, "{}", t.engine);
        assert!(t.db.categories().await.expect("categories").is_empty(), "{}", t.engine);
    }
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    for t in test_databases().await {
        t.db.migrate().await.expect("second migration");
        assert_eq!(t.db.applied_migrations().await.expect("versions"), (1..=15).collect::<Vec<i64>>(), "{}", t.engine);
    }
}

#[tokio::test]
async fn categories_keep_the_order_they_were_created_in() {
    for t in test_databases().await {
        let names = ["Văn hóa", "Đời sống", "Chính trị", "Âm nhạc"];
        let drafts: Vec<ArticleDraft> =
            names.iter().enumerate().map(|(i, n)| draft(&format!("x{i}"), n, "T", 0)).collect();
        import(&t.db, &drafts).await;
        let got: Vec<String> = t.db.categories().await.expect("categories").into_iter().map(|c| c.name).collect();
        assert_eq!(got, names, "{}: creation order is the position", t.engine);
    }
}

#[tokio::test]
async fn tag_lists_hold_the_articles_with_the_tag() {
    for t in test_databases().await {
        let mut other = draft("b", "Kinh tế", "Không gắn thẻ", 1);
        other.tags = vec!["Khác".to_owned()];
        import(&t.db, &[draft("a", "Kinh tế", "Gắn thẻ", 0), other]).await;
        let (id, tag) = t.db.tag_by_slug("nghi-quyet").await.expect("read").expect("exists");
        assert_eq!(tag.name, "Nghị quyết", "{}", t.engine);
        let (total, page) =
            t.db.published_articles(&ArticleQuery::new(ListFilter::Tag(id), 10, 0)).await.expect("list");
        assert_eq!((total, page[0].title.as_str()), (1, "Gắn thẻ"), "{}", t.engine);
        assert!(t.db.tag_by_slug("khong-co").await.expect("read").is_none());
    }
}

#[tokio::test]
async fn a_new_sqlite_file_and_its_journal_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("toasoan.db");
    let db = toasoan_store::Db::open(&format!("sqlite://{}", path.display())).await.expect("open");
    db.article_count().await.expect("a query");
    for file in ["toasoan.db", "toasoan.db-wal"] {
        let mode = std::fs::metadata(dir.path().join(file)).expect("exists").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
}
