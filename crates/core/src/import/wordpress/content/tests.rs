use super::*;

fn no_gallery(_: i64) -> Option<GalleryImage> {
    None
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks.iter().map(|b| b.text().into_owned()).collect()
}

#[test]
fn classic_text_gets_paragraphs_from_blank_lines_and_breaks_from_single_ones() {
    let body = body("Một.\n\n<!--more-->\n\n&nbsp;\n\nHai\ndòng.\n<h3>Mục</h3>\nBa.", &no_gallery);
    assert_eq!(texts(&body.blocks), ["Một.", "Hai\ndòng.", "Mục", "Ba."]);
    assert!(matches!(body.blocks[2], Block::Heading { .. }));
}

#[test]
fn caption_shortcodes_become_figures_with_their_words() {
    let body = body(
        "Trước.\n\n[caption id=\"attachment_23\" align=\"aligncenter\" width=\"1000\"]<img class=\"size-large\" \
         src=\"https://s.vn/wp-content/uploads/a.jpg\" alt=\"Bác sĩ\" width=\"1000\" height=\"667\" /> Bác sĩ khám. \
         Ảnh: Tư liệu[/caption]\n\n[caption id=\"a\" caption=\"Cũ\"]<a href=\"x\"><img src=\"https://s.vn/b.jpg\"></a>[/caption]",
        &no_gallery,
    );
    assert_eq!(body.blocks.len(), 3, "{:?}", body.blocks);
    assert_eq!(
        body.blocks[1],
        Block::Figure {
            caption: "Bác sĩ khám. Ảnh: Tư liệu".into(),
            image: Some("https://s.vn/wp-content/uploads/a.jpg".into()),
            alt: Some("Bác sĩ".into()),
            srcset: None,
        }
    );
    assert!(matches!(&body.blocks[2], Block::Figure { caption, .. } if caption == "Cũ"));
    assert!(body.unknown_shortcodes.is_empty());
}

#[test]
fn a_bare_video_address_on_its_own_line_is_an_embed_but_not_inside_a_sentence() {
    let body = body("Xem:\n\nhttps://youtu.be/9bZkp7q5f3g\n\nhoặc https://youtu.be/9bZkp7q5f3g ở đây", &no_gallery);
    assert_eq!(body.blocks.len(), 3);
    assert_eq!(body.blocks[1], Block::Video { url: "https://youtu.be/9bZkp7q5f3g".into(), title: String::new() });
    assert!(matches!(body.blocks[2], Block::Paragraph { .. }));
}

#[test]
fn unknown_shortcodes_stay_as_text_and_are_named_once() {
    let body = body("Bộ [MPI] và [MOFA] cùng [MPI].\n\n[1] chú thích, [ không phải ]", &no_gallery);
    assert_eq!(texts(&body.blocks), ["Bộ [MPI] và [MOFA] cùng [MPI].", "[1] chú thích, [ không phải ]"]);
    assert_eq!(body.unknown_shortcodes, ["MPI", "MOFA"]);
}

#[test]
fn galleries_list_their_pictures_from_the_attachments() {
    let lookup = |id: i64| {
        (id != 3).then(|| GalleryImage {
            url: format!("https://s.vn/{id}.jpg"),
            caption: format!("Ảnh {id}"),
            alt: String::new(),
        })
    };
    let body = body("[gallery ids=\"1,3,2\" columns=\"2\"]", &lookup);
    assert_eq!(texts(&body.blocks), ["Ảnh 1", "Ảnh 2"]);
}

#[test]
fn block_editor_posts_are_read_as_html_and_lists_are_not_split() {
    let body = body(
        "<!-- wp:paragraph -->\n<p>Một</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list -->\n<ul><li>a</li><li>b</li></ul>\n<!-- /wp:list -->",
        &no_gallery,
    );
    assert_eq!(body.blocks.len(), 2);
    assert!(matches!(&body.blocks[1], Block::List { items, .. } if items.len() == 2));
    let classic = super::body("Đầu\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nCuối", &no_gallery);
    assert_eq!(texts(&classic.blocks), ["Đầu", "a\nb", "Cuối"]);
}

#[test]
fn a_classic_quote_keeps_its_words() {
    let body = body("<blockquote>Lời trích\n\ndài.</blockquote>", &no_gallery);
    assert_eq!(body.blocks.len(), 1, "{:?}", body.blocks);
    assert!(
        matches!(&body.blocks[0], Block::Quote { text, .. } if text.contains("Lời trích") && text.contains("dài."))
    );
}
