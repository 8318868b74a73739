use super::blocks_from_html;
use crate::Block;

fn paragraph(html: &str) -> Block {
    let (text, html) = crate::rich_text::inline_or_plain(html);
    Block::Paragraph { text, html }
}

#[test]
fn paragraphs_headings_quotes_and_lists_become_their_blocks() {
    let blocks = blocks_from_html(
        "<p>Một <strong>hai</strong> <a href=\"https://a.vn/x\">ba</a></p><h2>Tiêu đề</h2>\
         <blockquote><p>Câu nói.</p><cite>Ông A</cite></blockquote><ol><li>một</li><li><em>hai</em></li></ol>",
    );
    assert_eq!(blocks.len(), 4, "{blocks:?}");
    assert_eq!(blocks[0], paragraph("Một <strong>hai</strong> <a href=\"https://a.vn/x\">ba</a>"));
    assert_eq!(blocks[1], Block::Heading { text: "Tiêu đề".into() });
    assert_eq!(blocks[2], Block::Quote { text: "Câu nói.".into(), cite: Some("Ông A".into()) });
    let Block::List { ordered, items, html_items } = &blocks[3] else { panic!("a list: {:?}", blocks[3]) };
    assert!(*ordered);
    assert_eq!(items, &["một", "hai"]);
    assert_eq!(html_items.as_deref(), Some(&["một".to_owned(), "<em>hai</em>".to_owned()][..]));
}

#[test]
fn figures_keep_picture_alt_and_caption_and_galleries_give_one_figure_each() {
    let blocks = blocks_from_html(
        "<figure><img src=\"https://a.vn/1.jpg\" alt=\"Cảnh\"><figcaption>Chú <em>thích</em></figcaption></figure>\
         <figure class=\"gallery\"><figure><img src=\"https://a.vn/2.jpg\"><figcaption>Hai</figcaption></figure>\
         <figure><img src=\"https://a.vn/3.jpg\"></figure><figcaption>Cả bộ</figcaption></figure>",
    );
    let figure = |image: &str, caption: &str, alt: Option<&str>| Block::Figure {
        caption: caption.into(),
        image: Some(image.into()),
        alt: alt.map(Into::into),
        srcset: None,
    };
    assert_eq!(
        blocks,
        [
            figure("https://a.vn/1.jpg", "Chú thích", Some("Cảnh")),
            figure("https://a.vn/2.jpg", "Hai", None),
            figure("https://a.vn/3.jpg", "", None),
            Block::caption_only("Cả bộ"),
        ]
    );
}

#[test]
fn a_floated_picture_in_a_paragraph_comes_before_its_words() {
    let blocks =
        blocks_from_html("<p><a href=\"https://a.vn/big.jpg\"><img src=\"https://a.vn/s.jpg\" alt=\"\"></a>Lời.</p>");
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert!(matches!(&blocks[0], Block::Figure { image: Some(i), alt: None, .. } if i == "https://a.vn/s.jpg"));
    assert_eq!(blocks[1].text(), "Lời.");
}

#[test]
fn embeds_and_iframes_become_videos_with_their_caption() {
    let blocks = blocks_from_html(
        "<figure class=\"wp-block-embed is-provider-youtube\"><div class=\"wp-block-embed__wrapper\">\n\
         https://www.youtube.com/watch?v=jNQXAC9IVRw\n</div><figcaption>Video: Diễn biến</figcaption></figure>\
         <iframe src=\"//player.vimeo.com/video/1\"></iframe>",
    );
    assert_eq!(
        blocks,
        [
            Block::Video {
                url: "https://www.youtube.com/watch?v=jNQXAC9IVRw".into(),
                title: "Video: Diễn biến".into()
            },
            Block::Video { url: "https://player.vimeo.com/video/1".into(), title: String::new() },
        ]
    );
}

#[test]
fn loose_text_is_a_paragraph_and_scripts_and_empty_paragraphs_are_dropped() {
    let blocks = blocks_from_html(
        "Chữ <b>rời</b><div><p>&nbsp;</p><script>alert(1)</script><p>Trong div</p></div><hr><p onclick=\"x()\">Cuối</p>",
    );
    let texts: Vec<String> = blocks.iter().map(|b| b.text().into_owned()).collect();
    assert_eq!(texts, ["Chữ rời", "Trong div", "Cuối"]);
    assert!(blocks.iter().all(|b| !format!("{b:?}").contains("onclick") && !format!("{b:?}").contains("alert")));
}

#[test]
fn unsafe_links_and_pictures_are_not_kept() {
    let blocks = blocks_from_html(
        "<p><a href=\"javascript:alert(1)\">bấm</a></p><figure><img src=\"javascript:x\"><figcaption>C</figcaption></figure>",
    );
    assert_eq!(blocks[0].text(), "bấm");
    assert!(!format!("{:?}", blocks[0]).contains("javascript"));
    assert!(matches!(&blocks[1], Block::Figure { image: None, caption, .. } if caption == "C"), "{blocks:?}");
}

#[test]
fn decomposed_text_is_composed() {
    let decomposed = "Ho\u{300}a bi\u{300}nh";
    let blocks = blocks_from_html(&format!("<p>{decomposed}</p>"));
    assert_eq!(blocks[0].text(), "Hòa bình");
}

#[test]
fn figures_of_words_keep_their_words() {
    let blocks = blocks_from_html(
        "<figure class=\"wp-block-pullquote\"><blockquote><p>Lời lớn</p><cite>Bà B</cite></blockquote></figure>\
         <figure class=\"wp-block-table\"><table><tr><td>Một</td><td>Hai</td></tr></table><figcaption>Bảng 1</figcaption></figure>",
    );
    assert_eq!(
        blocks,
        [
            Block::Quote { text: "Lời lớn".into(), cite: Some("Bà B".into()) },
            Block::paragraph("Một – Hai"),
            Block::caption_only("Bảng 1"),
        ]
    );
}
