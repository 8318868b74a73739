//! The index kept in step with the database through the outbox, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

use std::sync::Arc;

use chrono::Utc;
use toasoan_core::{ArticleDraft, Block, CategoryRef, Status};
use toasoan_search::{SearchError, SearchIndex, SearchRequest, catch_up};
use toasoan_store::testing::test_databases;
use toasoan_store::{CategoryCache, Db};

fn draft(source: &str, title: &str, status: Status) -> ArticleDraft {
    ArticleDraft {
        source_id: Some(source.to_owned()),
        category: CategoryRef { name: "Thời sự".into(), parent: None },
        title: title.to_owned(),
        lead: String::new(),
        byline: None,
        tags: Vec::new(),
        blocks: vec![Block::paragraph(format!("Nội dung bài {title}."))],
        status,
        published_at: Utc::now(),
        featured: false,
        old_url: None,
    }
}

async fn write(db: &Db, drafts: &[ArticleDraft]) {
    let mut tx = db.begin().await.expect("begin");
    let mut cache = CategoryCache::default();
    for d in drafts {
        tx.upsert_article(&mut cache, d, Utc::now()).await.expect("upsert");
    }
    tx.commit().await.expect("commit");
}

fn found(index: &SearchIndex, text: &str) -> usize {
    index.search(&SearchRequest { text: text.into(), limit: 10, ..SearchRequest::default() }).expect("search").total
}

#[tokio::test]
async fn a_new_index_builds_itself_then_follows_every_change() {
    for t in test_databases().await {
        write(&t.db, &[draft("a", "Hòa bình", Status::Published), draft("b", "Chiến tranh", Status::Draft)]).await;
        let index = Arc::new(SearchIndex::open(&t.dir.path().join("search")).expect("index"));
        catch_up(&t.db, &index).await.expect("catch up");
        assert_eq!((found(&index, "hoa binh"), found(&index, "chien tranh")), (1, 0), "{}", t.engine);
        write(&t.db, &[draft("b", "Chiến tranh", Status::Published), draft("a", "Đổi tên", Status::Unpublished)]).await;
        catch_up(&t.db, &index).await.expect("catch up");
        assert_eq!((found(&index, "hoa binh"), found(&index, "chien tranh")), (0, 1), "{}", t.engine);
        assert_eq!(index.applied().expect("mark"), t.db.last_outbox_id().await.expect("last"), "{}", t.engine);
    }
}

/// A crash between two commits: on restart the index holds its last commit and replays exactly
/// the outbox items after its mark.
#[tokio::test]
async fn after_a_crash_the_index_replays_exactly_what_it_lacks() {
    for t in test_databases().await {
        let dir = t.dir.path().join("search");
        write(&t.db, &[draft("a", "Một", Status::Published)]).await;
        {
            let index = Arc::new(SearchIndex::open(&dir).expect("index"));
            catch_up(&t.db, &index).await.expect("catch up");
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dir).expect("the folder").permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "the index folder is the owner's only");
        } // the process "dies" here: nothing after this commit reached the index
        write(&t.db, &[draft("b", "Hai", Status::Published), draft("c", "Ba", Status::Published)]).await;
        let index = Arc::new(SearchIndex::open(&dir).expect("reopened"));
        assert_eq!(found(&index, "hai"), 0, "{}", t.engine);
        let applied = catch_up(&t.db, &index).await.expect("catch up");
        assert_eq!(applied, 2, "{}: only the two missing changes", t.engine);
        assert_eq!(index.len(), 3, "{}", t.engine);
    }
}

/// What a dead writer's replacement does: the work since the last commit (here a rebuild's
/// emptying) is dropped, and the index goes on following the outbox.
#[tokio::test]
async fn a_restarted_writer_drops_what_was_not_committed_and_goes_on() {
    for t in test_databases().await {
        write(&t.db, &[draft("a", "Hòa bình", Status::Published)]).await;
        let index = Arc::new(SearchIndex::open(&t.dir.path().join("search")).expect("index"));
        catch_up(&t.db, &index).await.expect("catch up");
        index.clear_uncommitted().expect("clear");
        index.restart_writer().expect("restart");
        write(&t.db, &[draft("b", "Chiến tranh", Status::Published)]).await;
        catch_up(&t.db, &index).await.expect("catch up");
        assert_eq!((found(&index, "hoa binh"), found(&index, "chien tranh")), (1, 1), "{}", t.engine);
    }
}

#[tokio::test]
async fn a_second_process_gets_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let _first = SearchIndex::open(dir.path()).expect("first");
    match SearchIndex::open(dir.path()) {
        Err(SearchError::Locked(place)) => assert!(place.contains(&dir.path().display().to_string())),
        Err(other) => panic!("expected a lock error, got {other}"),
        Ok(_) => panic!("two writers on one index"),
    }
}

#[tokio::test]
async fn a_corrupt_index_is_rebuilt_from_the_database() {
    for t in test_databases().await {
        write(&t.db, &[draft("a", "Hòa bình", Status::Published)]).await;
        let dir = t.dir.path().join("search");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("meta.json"), "{ not json").expect("write");
        let index = Arc::new(SearchIndex::open(&dir).expect("recreated"));
        catch_up(&t.db, &index).await.expect("catch up");
        assert_eq!(found(&index, "hoa binh"), 1, "{}", t.engine);
    }
}

fn print_pages(index: &SearchIndex, text: &str) -> Vec<toasoan_search::Found> {
    let kind = Some(toasoan_search::Kind::PrintPage);
    let request = SearchRequest { text: text.into(), kind, limit: 10, ..SearchRequest::default() };
    index.search(&request).expect("search").hits.iter().map(|h| h.found).collect()
}

/// An issue's pages reach the index when their text is stored, follow the issue's changes, and
/// leave with it; a rebuild finds them too.
#[tokio::test]
async fn print_pages_follow_their_issue_through_the_outbox() {
    use toasoan_store::{IssueFields, NewPage};
    for t in test_databases().await {
        let index = Arc::new(SearchIndex::open(&t.dir.path().join("search")).expect("index"));
        let fields =
            IssueFields { year: 2008, number: 1, special_label: "Số Tết".into(), ..IssueFields::default() };
        let issue = t.db.save_print_issue(None, &fields).await.expect("save");
        let pages = [
            NewPage { page: 1, text: "Thư chúc Tết của tòa soạn", encoding: "" },
            NewPage { page: 2, text: "", encoding: "" },
            NewPage { page: 3, text: "Kinh tế năm Mậu Tý: lạm phát và giá vàng", encoding: "tcvn3" },
        ];
        t.db.set_print_pages(issue, &pages).await.expect("pages");
        catch_up(&t.db, &index).await.expect("catch up");
        let page_three = toasoan_search::Found::PrintPage { issue, page: 3 };
        assert_eq!(print_pages(&index, "lam phat gia vang"), [page_three], "{}", t.engine);

        let fresh = Arc::new(SearchIndex::in_memory().expect("index"));
        let done = toasoan_search::rebuild(&t.db, &fresh, |_| {}).await.expect("rebuild");
        assert_eq!((done, print_pages(&fresh, "lạm phát")), (2, vec![page_three]), "{}: pages with text", t.engine);

        t.db.delete_print_issue(issue).await.expect("delete");
        catch_up(&t.db, &index).await.expect("catch up");
        assert!(print_pages(&index, "lam phat").is_empty(), "{}", t.engine);
    }
}

/// The outbox is pruned after a retention period; an index whose mark is older than what is kept
/// (a node that was off) rebuilds itself instead of missing the pruned changes.
#[tokio::test]
async fn an_index_older_than_the_kept_outbox_rebuilds_itself() {
    for t in test_databases().await {
        write(&t.db, &[draft("a", "Hòa bình", Status::Published)]).await;
        let index = Arc::new(SearchIndex::open(&t.dir.path().join("search")).expect("index"));
        catch_up(&t.db, &index).await.expect("catch up");
        // Off for a while: two more changes, then everything but the newest pruned.
        write(&t.db, &[draft("b", "Chiến tranh", Status::Published)]).await;
        write(&t.db, &[draft("c", "Giá vàng", Status::Published)]).await;
        let pruned = t.db.prune_search_outbox(Utc::now() + chrono::Duration::seconds(1)).await.expect("prune");
        assert_eq!(pruned, 2, "{}: all but the newest change", t.engine);
        assert_eq!(t.db.first_outbox_id().await.expect("oldest"), Some(t.db.last_outbox_id().await.expect("newest")));
        catch_up(&t.db, &index).await.expect("catch up");
        let all = (found(&index, "hoa binh"), found(&index, "chien tranh"), found(&index, "gia vang"));
        assert_eq!(all, (1, 1, 1), "{}: the pruned change is in, by a rebuild", t.engine);
    }
}
