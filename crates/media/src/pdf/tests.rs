use super::*;

#[test]
fn pages_come_out_one_by_one_and_scans_are_marked() {
    let bytes = simple_pdf(&[Some("Giao duc dai hoc\nTrang mot"), None, Some("Trang ba")]).expect("written");
    let pages = extract_pages(&bytes).expect("readable");
    assert_eq!(pages.len(), 3);
    assert!(pages[0].text.contains("Giao duc dai hoc") && pages[0].text.contains("Trang mot"), "{pages:?}");
    assert!(!pages[1].has_text(), "a page with no text layer");
    assert_eq!((pages[2].page, pages[2].text.as_str()), (3, "Trang ba"));
    assert!(pages.iter().all(|p| p.encoding.is_none()));
}

#[test]
fn legacy_fonts_become_unicode() {
    let original = "Hà Nội đổi mới giáo dục đại học, nâng cao chất lượng đào tạo";
    let tcvn3 = vn::legacy::encode(original, vn::legacy::LegacyEncoding::Tcvn3);
    let vni = vn::legacy::encode(original, vn::legacy::LegacyEncoding::Vni);
    let pages = extract_pages(&simple_pdf(&[Some(&tcvn3), Some(&vni)]).expect("written")).expect("readable");
    assert_eq!(pages[0].text, original, "TCVN3");
    assert_eq!(pages[0].encoding.as_deref(), Some("TCVN3"));
    assert_eq!(pages[1].text, original, "VNI");
    assert_eq!(pages[1].encoding.as_deref(), Some("VNI"));
}

#[test]
fn broken_files_are_errors_not_panics() {
    assert!(matches!(extract_pages(b"<html>"), Err(PdfError::NotPdf)));
    for broken in
        [&b"%PDF-1.4\n"[..], b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n"]
    {
        assert!(matches!(extract_pages(broken), Err(PdfError::Unreadable(_))), "{:?}", String::from_utf8_lossy(broken));
    }
    let mut truncated = simple_pdf(&[Some("Trang mot")]).expect("written");
    truncated.truncate(truncated.len() / 2);
    assert!(extract_pages(&truncated).is_err());
}

#[test]
fn unicode_pdfs_keep_every_vietnamese_letter() {
    let first = "# Kinh tế năm Mậu Tý\nLạm phát lên hai con số; giá vàng, giá lúa cùng tăng.\n\
                 ĐẠI HỘI ĐẢNG TOÀN QUỐC LẦN THỨ XIII – «hòa bình» “ổn định” 1.000 ₫";
    let long = "Người dân ở đồng bằng sông Cửu Long chuẩn bị vụ lúa đông xuân với nhiều hy vọng. ".repeat(12);
    let bytes = unicode_pdf(&[Some(first), None, Some(&long)]).expect("written");
    let pages = extract_pages(&bytes).expect("read back");
    assert_eq!(pages.len(), 3);
    let words = |text: &str| text.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(words(&pages[0].text), words(first.trim_start_matches("# ")), "{:?}", pages[0].text);
    assert_eq!(pages[0].encoding, None, "Unicode text is not mistaken for a legacy encoding");
    assert!(!pages[1].has_text(), "a page without text stays without");
    assert_eq!(words(&pages[2].text), words(&long), "long paragraphs wrap without losing words");
}

#[test]
fn decomposed_text_is_written_composed() {
    let bytes = unicode_pdf(&[Some("Nghi\u{0323} quyê\u{0301}t")]).expect("written");
    assert_eq!(extract_pages(&bytes).expect("read")[0].text.trim(), "Nghị quyết");
}
