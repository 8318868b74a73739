use chrono::TimeZone;

use super::*;
use crate::import::wordpress::post::Site;
use crate::import::wordpress::read;

fn seven() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("offset")
}

/// What we write, our own WXR reader reads back as the same blocks, terms, times and comments.
#[test]
fn a_written_export_reads_back_the_same() {
    let blocks = vec![
        Block::Paragraph { text: "Một hai".into(), html: Some("Một <strong>hai</strong>".into()) },
        Block::Heading { text: "Mục <1>".into() },
        Block::Quote { text: "Câu ]]> trích".into(), cite: Some("Ông A".into()) },
        Block::List { ordered: true, items: vec!["a".into(), "b".into()], html_items: None },
        Block::Figure {
            caption: "Chú thích".into(),
            image: Some("/media/1/a-640.jpg".into()),
            alt: Some("Ảnh".into()),
            srcset: None,
        },
        Block::caption_only("Chỉ chú thích"),
        Block::Video { url: "https://www.youtube.com/watch?v=jNQXAC9IVRw".into(), title: "Video".into() },
    ];
    let content = block_markup(&blocks, &|p| format!("https://bao.vn{p}"));
    let when = Utc.with_ymd_and_hms(2021, 12, 1, 12, 24, 0).single().expect("time");
    let mut wxr = Wxr::start(
        Vec::new(),
        seven(),
        &Channel { title: "Báo & Thử", link: "https://bao.vn", description: "" },
        &[Author { id: 1, login: "an", email: "an@bao.vn", display_name: "Nguyễn An" }],
        &[
            Term { id: 1, slug: "thoi-su", parent: "", name: "Thời sự" },
            Term { id: 2, slug: "xa-hoi", parent: "thoi-su", name: "Xã hội" },
        ],
        &[Term { id: 3, slug: "ha-noi", parent: "", name: "Hà Nội" }],
    )
    .expect("header");
    wxr.item(&Item {
        id: 7,
        kind: "post",
        title: "Tiêu đề <b>",
        link: "https://bao.vn/xa-hoi/tieu-de-7",
        creator: "an",
        content: &content,
        excerpt: "Sa pô",
        date: when,
        has_gmt_date: true,
        slug: "tieu-de",
        status: "publish",
        parent: 0,
        sticky: true,
        terms: vec![("category", "xa-hoi", "Xã hội"), ("post_tag", "ha-noi", "Hà Nội")],
        meta: vec![],
        attachment_url: "",
        comments: vec![Comment {
            id: 1,
            author: "Bình",
            email: "b@x.vn",
            ip: "192.0.2.1",
            date: when,
            content: "Hay",
            approved: "1",
            parent: 0,
            user_id: 0,
        }],
    })
    .expect("item");
    let xml = String::from_utf8(wxr.finish().expect("finish")).expect("UTF-8");
    let export = read(&xml).expect("our own reader takes it");
    assert_eq!((export.title.as_str(), export.categories.len(), export.tags.len()), ("Báo & Thử", 2, 1));
    let site = Site::new(&export, seven());
    let post = site.post(&export.items[0]).expect("converts");
    assert_eq!(post.draft.title, "Tiêu đề <b>");
    assert_eq!(post.category_path, ["Thời sự", "Xã hội"]);
    assert_eq!(post.draft.tags, ["Hà Nội"]);
    assert_eq!(post.draft.published_at, when);
    assert!(post.draft.featured);
    assert_eq!(post.draft.old_url.as_deref(), Some("/xa-hoi/tieu-de-7"));
    let mut expected = blocks.clone();
    if let Block::Figure { image, .. } = &mut expected[4] {
        *image = Some("https://bao.vn/media/1/a-640.jpg".into());
    }
    assert_eq!(post.draft.blocks, expected);
    let comment = site.comment(&export.items[0].comments[0], 1).expect("comment").expect("kept");
    assert_eq!((comment.body.as_str(), comment.status, comment.created_at), ("Hay", "approved", when));
}
