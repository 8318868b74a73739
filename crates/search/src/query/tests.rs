use super::*;
use crate::index::Change;
use chrono::TimeZone;
use toasoan_store::IndexEntry;

fn entry(id: i64, category: i64, title: &str, body: &str, day: u32) -> IndexEntry {
    IndexEntry {
        id,
        title: title.to_owned(),
        lead: String::new(),
        body: body.to_owned(),
        category_id: category,
        parent_category_id: (category == 2).then_some(1),
        published_at: Utc.with_ymd_and_hms(2021, 12, day, 12, 0, 0).single().expect("valid time"),
        published: true,
    }
}

fn index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let entries = vec![
        entry(1, 1, "Triển khai Nghị quyết Đại hội XIII", "Các cấp ủy học tập, quán triệt Nghị quyết của Đảng.", 1),
        entry(2, 2, "Nghỉ lễ Quốc khánh", "Người lao động được nghỉ bốn ngày, quyết định của Chính phủ.", 2),
        entry(3, 3, "Hòa bình và hợp tác", "Thủy điện Hòa Bình phát điện; khách du lịch đến thăm hồ.", 3),
        entry(4, 3, "Giá gas tăng", "Giá gas bán lẻ tăng mạnh từ đầu tháng, người dân lo lắng.", 4),
        entry(5, 3, "Bình yên làng quê", "Cảnh hòa thuận, bình yên nơi làng quê trong mùa gặt.", 5),
    ];
    let changes = entries.into_iter().map(|e| Change::Put(Box::new(e))).collect();
    index.apply(changes, 5).expect("apply");
    index
}

fn ids(index: &SearchIndex, text: &str) -> Vec<i64> {
    let request = SearchRequest { text: text.to_owned(), limit: 10, ..SearchRequest::default() };
    index.search(&request).expect("search").hits.iter().filter_map(|h| h.article()).collect()
}

#[test]
fn every_way_of_typing_finds_the_same_article_first() {
    let index = index();
    for typed in [
        "Nghị quyết",
        "nghi quyet",
        "NGHỊ QUYẾT",
        "Nghi\u{0323} quye\u{0302}\u{0301}t",
        "nghij quyeets",
        "nghi5 quye6t1",
    ] {
        assert_eq!(ids(&index, typed).first(), Some(&1), "{typed}");
    }
}

#[test]
fn both_tone_styles_meet() {
    let index = index();
    assert_eq!(ids(&index, "hoà bình").first(), Some(&3));
    assert_eq!(ids(&index, "hòa bình").first(), Some(&3));
    assert_eq!(ids(&index, "thuỷ điện"), ids(&index, "thủy điện"));
}

#[test]
fn a_repair_is_reported_and_the_typed_word_kept() {
    let index = index();
    let request = SearchRequest { text: "nghij quyeets".into(), limit: 10, ..SearchRequest::default() };
    let response = index.search(&request).expect("search");
    assert_eq!(response.repaired.as_deref(), Some("nghị quyết"));
    assert_eq!(response.highlight, ["nghi", "quyet"]);
    // "gas" is Telex for "gá", which the index does not know: the word stays as typed.
    assert_eq!(ids(&index, "gas").first(), Some(&4));
    let gas = index.search(&SearchRequest { text: "gas".into(), limit: 10, ..SearchRequest::default() });
    assert_eq!(gas.expect("search").repaired, None);
}

#[test]
fn typed_marks_rank_the_exact_form_first() {
    let index = index();
    assert_eq!(ids(&index, "nghỉ").first(), Some(&2));
    assert_eq!(ids(&index, "nghị").first(), Some(&1));
}

#[test]
fn quoted_phrases_must_appear_together() {
    let index = index();
    assert_eq!(ids(&index, "\"hòa bình\""), [3]);
    assert!(ids(&index, "\"bình hòa\"").is_empty());
    assert!(ids(&index, "hòa bình").contains(&5), "without quotes the words may stand apart");
}

#[test]
fn no_character_is_syntax() {
    let index = index();
    for text in ["\"", ":", "(", "*", "-", "nghị quyết)", "AND OR NOT", "title:gas", "\u{0}\u{7}", "💥", "-gas", "gas*"]
    {
        let request = SearchRequest { text: text.into(), limit: 10, ..SearchRequest::default() };
        assert!(index.search(&request).is_ok(), "{text:?}");
    }
    assert_eq!(ids(&index, "title:gas").first(), Some(&4));
}

#[test]
fn filters_and_newest_first() {
    let index = index();
    let base = SearchRequest { text: "bình".into(), limit: 10, ..SearchRequest::default() };
    let in_category = SearchRequest { categories: vec![3], ..base.clone() };
    assert_eq!(index.search(&in_category).expect("search").total, 2);
    let parent = SearchRequest { text: "nghỉ".into(), categories: vec![1], ..base.clone() };
    assert_eq!(
        index.search(&parent).expect("search").hits[0].article(),
        Some(2),
        "a parent category covers its children"
    );
    let from = Utc.with_ymd_and_hms(2021, 12, 4, 0, 0, 0).single();
    let dated = SearchRequest { from, ..base.clone() };
    assert_eq!(index.search(&dated).expect("search").hits.iter().filter_map(|h| h.article()).collect::<Vec<_>>(), [5]);
    let newest = SearchRequest { text: "giá gas bình".into(), sort: Sort::Newest, ..base };
    assert_eq!(
        index.search(&newest).expect("search").hits.iter().filter_map(|h| h.article()).collect::<Vec<_>>(),
        [5, 4, 3]
    );
}

#[test]
fn pages_of_results_and_long_queries() {
    let index = index();
    let page = SearchRequest { text: "bình gas nghị".into(), limit: 2, offset: 2, ..SearchRequest::default() };
    let response = index.search(&page).expect("search");
    assert_eq!((response.total, response.hits.len()), (5, 2), "\"nghị\" folded also finds \"nghỉ\"");
    let long = SearchRequest { text: "gas ".repeat(100), limit: 10, ..SearchRequest::default() };
    assert!(index.search(&long).expect("search").truncated);
    assert!(
        index
            .search(&SearchRequest { text: "   ".into(), limit: 10, ..SearchRequest::default() })
            .expect("ok")
            .hits
            .is_empty()
    );
}

#[test]
fn unpublished_and_removed_articles_leave_the_index() {
    let index = index();
    let mut hidden = entry(4, 3, "Giá gas tăng", "Giá gas bán lẻ tăng.", 4);
    hidden.published = false;
    index.apply(vec![Change::Put(Box::new(hidden)), Change::Remove(3)], 7).expect("apply");
    assert!(ids(&index, "gas").is_empty());
    assert!(!ids(&index, "thủy điện").contains(&3));
    assert_eq!(index.applied().expect("applied"), 7);
}

#[test]
fn suggestions_match_title_prefixes_without_marks() {
    let index = index();
    assert_eq!(index.suggest("trien khai nghi q", 5).expect("suggest"), [1]);
    assert_eq!(index.suggest("Giá g", 5).expect("suggest"), [4]);
    assert_eq!(index.suggest("b", 5).expect("suggest"), [5, 3], "titles with a word starting with b, newest first");
    assert!(index.suggest("", 5).expect("suggest").is_empty());
    assert!(index.suggest("xyz", 5).expect("suggest").is_empty());
}

#[test]
fn words_close_together_outrank_the_same_words_far_apart() {
    let index = SearchIndex::in_memory().expect("index");
    let filler = "người dân địa phương cho biết thời tiết năm nay thuận lợi ".repeat(6);
    let scattered = format!("Sản lượng lúa tăng. {filler} Tỉnh Đồng Tháp {filler} xuất khẩu gạo, lúa.");
    let together = format!("{filler} Sản lượng lúa tăng, gạo xuất khẩu qua tỉnh Đồng Tháp. {filler}");
    let changes = vec![
        Change::Put(Box::new(entry(1, 3, "Mùa vụ", &scattered, 1))),
        Change::Put(Box::new(entry(2, 3, "Mùa vụ", &together, 2))),
    ];
    index.apply(changes, 2).expect("apply");
    assert_eq!(ids(&index, "Đồng Tháp xuất khẩu lúa gạo tăng"), vec![2, 1]);
    // Past the reranked depth, pages come in BM25 order and still hold everything.
    let request = SearchRequest { text: "lúa gạo".to_owned(), limit: 5, offset: 200, ..SearchRequest::default() };
    assert_eq!(index.search(&request).expect("search").total, 2);
}

fn print_page(issue: i64, page: i64, text: &str) -> toasoan_store::PrintPageEntry {
    toasoan_store::PrintPageEntry {
        issue_id: issue,
        page,
        text: text.to_owned(),
        published_at: Utc.with_ymd_and_hms(2008, 1, 31, 17, 0, 0).single().expect("valid time"),
    }
}

fn found(index: &SearchIndex, text: &str, kind: Option<Kind>) -> (KindTotals, Vec<Found>) {
    let request = SearchRequest { text: text.to_owned(), kind, limit: 10, ..SearchRequest::default() };
    let response = index.search(&request).expect("search");
    assert_eq!(response.total, response.totals.of(kind));
    (response.totals, response.hits.iter().map(|h| h.found).collect())
}

#[test]
fn print_pages_are_found_beside_articles_and_apart_from_them() {
    let index = index();
    let pages = vec![
        print_page(3, 1, "Mục lục. Thư tòa soạn."),
        print_page(3, 12, "Học tập và làm theo Nghị quyết Trung ương bốn về xây dựng Đảng."),
    ];
    index.apply(vec![Change::PrintIssue(3, pages)], 6).expect("apply");
    let print_hit = Found::PrintPage { issue: 3, page: 12 };

    let (totals, both) = found(&index, "nghi quyet", None);
    assert_eq!(totals, KindTotals { articles: 2, print_pages: 1, videos: 0 });
    assert!(both.contains(&print_hit) && both.contains(&Found::Article(1)));
    assert_eq!(found(&index, "nghi quyet", Some(Kind::PrintPage)), (totals, vec![print_hit]));
    assert!(!found(&index, "nghi quyet", Some(Kind::Article)).1.contains(&print_hit));
    let newest = SearchRequest {
        text: "nghị quyết".into(),
        kind: Some(Kind::PrintPage),
        sort: Sort::Newest,
        limit: 5,
        ..SearchRequest::default()
    };
    assert_eq!(index.search(&newest).expect("search").hits.iter().map(|h| h.found).collect::<Vec<_>>(), [print_hit]);
    let in_category = SearchRequest { categories: vec![1], ..newest };
    assert!(index.search(&in_category).expect("search").hits.is_empty(), "print pages have no category");

    let other_issue = vec![print_page(4, 2, "Nghị quyết về kinh tế tư nhân")];
    index.apply(vec![Change::PrintIssue(4, other_issue)], 7).expect("apply");
    let within = SearchRequest { text: "nghi quyet".into(), issue: Some(4), limit: 10, ..SearchRequest::default() };
    let hits: Vec<Found> = index.search(&within).expect("search").hits.iter().map(|h| h.found).collect();
    assert_eq!(hits, [Found::PrintPage { issue: 4, page: 2 }], "inside one issue only");

    // Article 3 and issue 3 are different documents: removing one leaves the other.
    index.apply(vec![Change::Remove(3), Change::PrintIssue(4, Vec::new())], 7).expect("apply");
    assert_eq!(found(&index, "nghi quyet", Some(Kind::PrintPage)).1, [print_hit]);
    index.apply(vec![Change::PrintIssue(3, Vec::new())], 8).expect("apply");
    assert_eq!(found(&index, "nghi quyet", None).0, KindTotals { articles: 2, print_pages: 0, videos: 0 });
    assert_eq!(ids(&index, "thư tòa soạn"), Vec::<i64>::new());
}

#[test]
fn clips_are_found_by_title_and_description() {
    let index = index();
    let clip = |published| toasoan_store::VideoEntry {
        id: 3,
        title: "Bão số 3 đổ bộ Quảng Ninh".into(),
        description: "Gió giật mạnh, thủy điện Hòa Bình xả lũ.".into(),
        category_id: Some(3),
        parent_category_id: None,
        published_at: Utc.with_ymd_and_hms(2026, 9, 7, 8, 0, 0).single().expect("valid time"),
        published,
    };
    index.apply(vec![Change::Video(3, Some(Box::new(clip(true))))], 6).expect("apply");
    let (totals, hits) = found(&index, "bao quang ninh", Some(Kind::Video));
    assert_eq!((totals.videos, hits), (1, vec![Found::Video(3)]));
    assert!(found(&index, "thuy dien hoa binh", None).1.contains(&Found::Video(3)), "the description counts");
    assert!(found(&index, "thuy dien hoa binh", None).1.contains(&Found::Article(3)), "article 3 is another document");
    index.apply(vec![Change::Video(3, Some(Box::new(clip(false))))], 7).expect("apply");
    assert_eq!(found(&index, "bao quang ninh", None).0.videos, 0, "a clip taken down leaves search");
}

#[test]
fn candidates_are_scored_again_with_full_length_normalisation() {
    let index = SearchIndex::in_memory().expect("index");
    let short = entry(1, 1, "", "vắc xin mới", 1);
    let long = entry(2, 1, "", "vắc xin được tiêm cho trẻ em ở các tỉnh miền núi phía bắc", 2);
    index.apply(vec![Change::Put(Box::new(short)), Change::Put(Box::new(long))], 2).expect("apply");
    let searcher = index.searcher();
    let field = index.fields.body.folded;
    let query = TermQuery::new(Term::from_field_text(field, "vac"), IndexRecordOption::WithFreqs);
    let top = searcher.search(&query, &tantivy::collector::TopDocs::with_limit(2).order_by_score()).expect("search");
    let addresses: Vec<_> = top.iter().map(|(_, a)| *a).collect();
    let terms = [rescore::ScoredTerm { field, text: "vac".to_owned(), boost: 2.0, gathers: true }];
    let scores = rescore::bm25(&searcher, &addresses, &terms).expect("rescore");
    // Lengths 3 and 14 words, 8.5 on average; both documents hold the word once.
    let idf = rerank::bm25_idf(2.0, 2.0);
    let expected = |length: f32| 2.0 * idf * (rescore::K1 + 1.0) / (1.0 + rescore::K1 * length / 8.5);
    let mut got: Vec<f32> = scores.clone();
    got.sort_by(|a, b| b.total_cmp(a));
    assert!((got[0] - expected(3.0)).abs() < 1e-4, "{got:?}");
    assert!((got[1] - expected(14.0)).abs() < 1e-4, "{got:?}");
}

#[test]
fn question_words_alone_do_not_gather_candidates_unless_nothing_else_was_typed() {
    let index = index();
    // "người" is in articles 2 and 4, "giá" only in 4: beside a content word it only counts.
    assert_eq!(ids(&index, "giá người"), vec![4]);
    let mut alone = ids(&index, "người");
    alone.sort_unstable();
    assert_eq!(alone, vec![2, 4]);
}

/// The weights [`weigh`] gives the words of `text`, typed as is (no Telex repair).
fn weights(text: &str) -> Vec<(String, f32)> {
    let mut query_words: Vec<QueryWord> = words(text)
        .into_iter()
        .map(|w| QueryWord { marks: w.has_marks(), main: w, typed: None, weight: 0.0 })
        .collect();
    weigh(&mut query_words);
    query_words.into_iter().map(|w| (w.main.exact, w.weight)).collect()
}

#[test]
fn names_and_numbers_count_more_and_question_words_less() {
    let got = weights("Mỗi tuần Hiếu tập 5 giờ ở đâu?");
    let expected = [
        ("mỗi", 1.0),
        ("tuần", 1.0),
        ("hiếu", NAME_WEIGHT),
        ("tập", 1.0),
        ("5", NUMBER_WEIGHT),
        ("giờ", 1.0),
        ("ở", QUESTION_WORD_WEIGHT),
        ("đâu", QUESTION_WORD_WEIGHT),
    ];
    assert_eq!(got, expected.map(|(w, x)| (w.to_owned(), x)));
    // The capital opening a question is only a sentence's, unless the next word has one too.
    assert_eq!(weights("Như thế nào")[0].1, QUESTION_WORD_WEIGHT);
    assert_eq!(weights("Bộ Y tế cho biết gì")[0].1, NAME_WEIGHT);
    assert_eq!(weights("Bộ Y tế cho biết gì")[2].1, 1.0);
}

#[test]
fn typed_marks_tell_question_words_from_content_words_that_fold_alike() {
    // "đau đầu" (headache) folds to "dau dau", like "đâu" (where).
    let marked: Vec<f32> = weights("vì sao đau đầu").into_iter().map(|(_, x)| x).collect();
    assert_eq!(marked, vec![QUESTION_WORD_WEIGHT, QUESTION_WORD_WEIGHT, 1.0, 1.0]);
    let unmarked: Vec<f32> = weights("vi sao dau dau").into_iter().map(|(_, x)| x).collect();
    assert_eq!(unmarked, vec![QUESTION_WORD_WEIGHT; 4], "without marks nothing tells them apart");
    // One marked word is enough to read the whole query as typed with marks: "da" is skin.
    let skin: Vec<f32> = weights("dầu ô liu tốt cho da").into_iter().map(|(_, x)| x).collect();
    assert_eq!(skin, vec![1.0, 1.0, 1.0, 1.0, QUESTION_WORD_WEIGHT, 1.0]);
}

#[test]
fn question_words_fold_to_the_forms_a_reader_types_without_marks() {
    for folded in ["gi", "dau", "nhieu", "the", "nhung", "duoc", "nguoi", "de", "o", "ve"] {
        assert!(QUESTION_WORDS_FOLDED.iter().any(|w| w == folded), "{folded}");
    }
}
