//! Keyword queries: a few words remembered from a headline find that article first, however
//! they are typed, while a question over the same words is still ranked by its body.

use super::*;
use crate::index::Change;
use chrono::TimeZone;
use toasoan_store::IndexEntry;

fn entry(id: i64, title: &str, body: &str) -> IndexEntry {
    IndexEntry {
        id,
        title: title.to_owned(),
        lead: String::new(),
        body: body.to_owned(),
        category_id: 1,
        parent_category_id: None,
        published_at: Utc.with_ymd_and_hms(2021, 12, 1, 12, 0, 0).single().expect("valid time"),
        published: true,
    }
}

/// One short article whose headline holds "phạt 12 triệu bảng", and longer ones whose bodies
/// say "phạt", "triệu" and "bảng" more often, apart.
fn index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let busy = "Đội bóng bị phạt vì cổ động viên. Bảng xếp hạng thay đổi, hàng triệu người xem. \
                Trọng tài phạt đền, bảng A còn 12 trận, vé bán một triệu tấm, bảng điện tử hỏng.";
    let entries = vec![
        entry(1, "Anh: Phạt 12 triệu bảng vì để mất điện", "Cơ quan năng lượng yêu cầu công ty trả tiền cho khách."),
        entry(2, "Vòng loại giải bóng đá", busy),
        entry(3, "Trọng tài và cổ động viên", &format!("{busy} {busy}")),
        entry(4, "Giá vé tăng", &format!("{busy} Công ty điện bị phạt 12 triệu đồng.")),
    ];
    index.apply(entries.into_iter().map(|e| Change::Put(Box::new(e))).collect(), 4).expect("apply");
    index
}

fn first(index: &SearchIndex, text: &str) -> Option<i64> {
    let request = SearchRequest { text: text.to_owned(), limit: 10, ..SearchRequest::default() };
    index.search(&request).expect("search").hits.first().and_then(Hit::article)
}

#[test]
fn words_from_a_headline_find_it_first_however_typed() {
    let index = index();
    for typed in [
        "phạt 12 triệu bảng",
        "phat 12 trieu bang",
        "phatj 12 trieeuj bangr",
        "Pha\u{0323}t 12 trie\u{0302}\u{0323}u ba\u{0309}ng",
    ] {
        assert_eq!(first(&index, typed), Some(1), "{typed}");
    }
}

#[test]
fn the_query_shape_tells_questions_from_keywords() {
    let index = index();
    let shape = |text: &str| {
        let prepared = index.prepare(&index.searcher(), text);
        features::shape(&prepared.words, prepared.question_mark)
    };
    assert!(model::is_keyword_query(shape("phạt 12 triệu bảng")));
    assert!(model::is_keyword_query(shape("tàu thăm dò sao thủy")), "\"sao\" alone is a star");
    assert!(model::is_keyword_query(shape("quán bia ôm bao vây")), "\"bao\" alone is not \"bao nhiêu\"");
    assert!(!model::is_keyword_query(shape("công ty bị phạt bao nhiêu")));
    assert!(!model::is_keyword_query(shape("cong ty bi phat bao nhieu")));
    assert!(!model::is_keyword_query(shape("phạt vì gì")));
    assert!(!model::is_keyword_query(shape("vì sao phạt?")));
    assert!(!model::is_keyword_query(shape("công ty năng lượng ở Anh phải trả tiền cho khách hàng")), "long");
}

#[test]
fn suggestions_offer_the_headline_that_opens_with_the_typed_words_first() {
    let index = SearchIndex::in_memory().expect("index");
    let dated = |id: i64, title: &str, day: u32| IndexEntry {
        published_at: Utc.with_ymd_and_hms(2021, 12, day, 12, 0, 0).single().expect("valid time"),
        ..entry(id, title, "")
    };
    let entries = vec![
        dated(1, "Phạt 12 triệu bảng vì để mất điện", 1),
        dated(2, "Tàu cá bị phạt 12 triệu trong tháng", 2),
        dated(3, "Triệu người xem: 12 đội bị phạt", 3),
    ];
    index.apply(entries.into_iter().map(|e| Change::Put(Box::new(e))).collect(), 3).expect("apply");
    for typed in ["phạt 12 tr", "phat 12 tri", "Phạt 12 triệu"] {
        assert_eq!(index.suggest(typed, 5).expect("suggest"), [1, 2, 3], "{typed}");
    }
    assert_eq!(index.suggest("12 tr", 5).expect("suggest"), [2, 1, 3], "side by side, newest first");
}
