use super::*;
use std::path::PathBuf;

/// The shared test material beside the repository, absent from a user's fresh clone.
fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TOASOAN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared (test fixtures) is absent: {}", dir.display());
        None
    }
}

fn texts(draft: &ArticleDraft) -> Vec<(String, String)> {
    draft
        .blocks
        .iter()
        .map(|b| {
            let kind = serde_json::to_value(b).ok().and_then(|v| v["type"].as_str().map(str::to_owned));
            (kind.unwrap_or_default(), b.text().into_owned())
        })
        .collect()
}

#[test]
fn the_fixture_imports_exactly_as_expected() {
    let Some(shared) = shared_dir() else { return };
    let page = std::fs::read_to_string(shared.join("fixtures/000_dab011dd58337c2d.txt")).expect("fixture");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("fixtures/000_dab011dd58337c2d.expected.json")).expect("expected"),
    )
    .expect("expected json");
    let draft = parse_page("000_dab011dd58337c2d", &page).expect("fixture parses");
    assert_eq!(draft.category.name, expected["category"]);
    assert_eq!(draft.title, expected["title"]);
    assert_eq!(vn::time::format_rfc3339(draft.published_at), expected["published_at"]);
    assert_eq!(draft.byline.as_deref(), expected["byline"].as_str());
    let wanted: Vec<(String, String)> = expected["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| {
            let text = b.get("text").or_else(|| b.get("caption")).and_then(|t| t.as_str()).unwrap_or_default();
            (b["type"].as_str().unwrap_or_default().to_owned(), text.to_owned())
        })
        .collect();
    assert_eq!(texts(&draft), wanted);
}

const LONG: &str = "Đây là một đoạn văn dài của bài báo, viết đủ dài để không bị nhầm là chú thích ảnh: \
    nó kể lại diễn biến của sự việc, dẫn lời các bên liên quan và đưa ra số liệu cụ thể để bạn đọc \
    có thể tự đánh giá, đúng như cách một tờ tạp chí chính luận vẫn làm trong nhiều năm qua.";

fn page(body: &str) -> String {
    format!("Kinh tế\nGiá lúa tăng\n08:05' 15/3/2009\n{body}")
}

#[test]
fn a_page_without_captions_or_byline() {
    let text = page(&format!("{LONG}\n\n{LONG}\n\nĐoạn ngắn kết bài.\n"));
    let draft = parse_page("p1", &text).expect("parses");
    assert_eq!(draft.category.name, "Kinh tế");
    assert_eq!(vn::time::format_rfc3339(draft.published_at), "2009-03-15T08:05:00+07:00");
    assert_eq!(draft.byline, None);
    assert_eq!(draft.blocks.len(), 3);
    assert!(draft.blocks.iter().all(|b| matches!(b, Block::Paragraph { .. })));
}

#[test]
fn captions_before_and_after_the_gap() {
    let text = page(&format!("{LONG}\nẢnh trên.\n\n\n{LONG}\n\n\nẢnh dưới.\n\n{LONG}\nThanh Hà\n"));
    let draft = parse_page("p2", &text).expect("parses");
    let kinds: Vec<&str> = draft.blocks.iter().map(|b| if let Block::Figure { .. } = b { "F" } else { "P" }).collect();
    assert_eq!(kinds, ["P", "F", "P", "F", "P"]);
    assert_eq!(draft.blocks[1].text(), "Ảnh trên.");
    assert_eq!(draft.blocks[3].text(), "Ảnh dưới.");
    assert_eq!(draft.byline.as_deref(), Some("Thanh Hà"));
}

#[test]
fn a_paragraph_after_a_captioned_gap_stays_a_paragraph() {
    let short_paragraph = "Đồng chí Nguyễn Hồ Hải khẳng định, ngay khi Thành phố chuyển sang trạng thái bình thường \
        mới, Thành ủy đã chỉ đạo các cấp ủy tổ chức học tập nghị quyết bằng nhiều hình thức phù hợp.";
    assert!(short_paragraph.chars().count() <= MAX_CAPTION_CHARS, "short enough to pass for a caption by length");
    let text = page(&format!("{LONG}\nẢnh trên.\n\n\n{short_paragraph}\n\n{LONG}\n"));
    let draft = parse_page("p5", &text).expect("parses");
    let kinds: Vec<&str> = draft.blocks.iter().map(|b| if let Block::Figure { .. } = b { "F" } else { "P" }).collect();
    assert_eq!(kinds, ["P", "F", "P", "P"]);
    assert_eq!(draft.blocks[2].text(), short_paragraph);
}

#[test]
fn a_gap_with_no_caption_keeps_the_paragraph() {
    let text = page(&format!("{LONG}\n\n\n{LONG}\n\n{LONG}"));
    let draft = parse_page("p3", &text).expect("parses");
    assert_eq!(draft.blocks.len(), 3);
    assert!(draft.blocks.iter().all(|b| matches!(b, Block::Paragraph { .. })));
}

#[test]
fn furniture_is_dropped_and_decomposed_text_is_composed() {
    use unicode_normalization::UnicodeNormalization;
    let decomposed: String = LONG.nfd().collect();
    let text = page(&format!("{decomposed}\n\nÝ KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY\nHọ và tên : *\n"));
    let draft = parse_page("p4", &text).expect("parses");
    assert_eq!(draft.blocks, vec![Block::paragraph(LONG)]);
}

#[test]
fn bad_headers_name_the_line() {
    let cases = [
        ("", 1),
        ("Kinh tế\n\n08:05' 15/3/2009\nx", 2),
        ("Kinh tế\nTiêu đề\nhôm qua\nx", 3),
        ("Kinh tế\nTiêu đề\n08:05' 15/3/2009\n\n\nÝ KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY", 4),
    ];
    for (text, line) in cases {
        let error = parse_page("bad", text).expect_err("refused");
        assert_eq!(error.line, line, "{error}");
    }
}
