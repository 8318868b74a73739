use super::*;

const SMALL: &str = r##"{"db":[{"meta":{"version":"5.130.4"},"data":{
 "posts":[
  {"id":"p1","uuid":"u-1","title":"Bài  một","slug":"bai-mot","html":"<p>Chữ <strong>đậm</strong></p><figure class=\"kg-card kg-image-card\"><img src=\"__GHOST_URL__/content/images/2026/12/a.jpg\" alt=\"A\"><figcaption>Chú thích</figcaption></figure>","feature_image":"__GHOST_URL__/content/images/size/w600/2026/12/b.jpg","featured":1,"type":"post","status":"published","visibility":"public","published_at":"2026-05-28 21:46:50","custom_excerpt":"Sa pô"},
  {"id":"p2","title":"Chỉ thành viên","slug":"thanh-vien","html":"<p>x</p>","status":"published","visibility":"members","published_at":"2026-05-29 01:00:00"},
  {"id":"p3","title":"Giới thiệu","slug":"gioi-thieu","html":"<p>x</p>","type":"page","status":"published","published_at":1748470000000}
 ],
 "posts_meta":[{"post_id":"p1","feature_image_alt":"Ảnh B","feature_image_caption":"Lời <a href=\"https://x\">Ảnh: AP</a>"}],
 "users":[{"id":"1","name":"Nguyễn An","slug":"an","email":"an@example.com"}],
 "roles":[{"id":"r1","name":"Owner"}],"roles_users":[{"role_id":"r1","user_id":"1"}],
 "tags":[{"id":"t1","name":"#nổi-bật","slug":"hash-noi-bat","visibility":"internal"},{"id":"t2","name":"Thời sự","slug":"thoi-su","visibility":"public"},{"id":"t3","name":"Hà Nội","slug":"ha-noi"}],
 "posts_tags":[{"post_id":"p1","tag_id":"t1","sort_order":0},{"post_id":"p1","tag_id":"t3","sort_order":2},{"post_id":"p1","tag_id":"t2","sort_order":1}],
 "posts_authors":[{"post_id":"p1","author_id":"1","sort_order":0}],
 "settings":[{"key":"title","value":"Góc Nhìn"}]}}]}"##;

#[test]
fn a_post_becomes_a_draft_with_its_primary_tag_as_category() {
    let export = read(SMALL).expect("reads");
    assert_eq!((export.title.as_str(), export.version.as_str()), ("Góc Nhìn", "5.130.4"));
    assert_eq!(export.role_of("1"), Some("Owner"));
    let post = export.convert(&export.posts[0]).expect("converts");
    assert_eq!(post.draft.title, "Bài một");
    assert_eq!(post.category_path, ["Thời sự"], "the first public tag, not the internal one");
    assert_eq!(post.draft.tags, ["Thời sự", "Hà Nội"]);
    assert_eq!(post.draft.status, Status::Published);
    assert!(post.draft.featured);
    assert_eq!(post.draft.lead, "Sa pô");
    assert_eq!(post.draft.published_at.to_rfc3339(), "2026-05-28T21:46:50+00:00");
    assert_eq!(post.draft.old_url.as_deref(), Some("/bai-mot/"));
    assert_eq!(post.draft.source_id.as_deref(), Some("ghost:u-1"));
    assert_eq!(post.author_ids, ["1"]);
    assert_eq!(post.feature_image.as_deref(), Some("2026/12/b.jpg"));
    assert_eq!((post.feature_alt.as_str(), post.feature_caption.as_str()), ("Ảnh B", "Lời Ảnh: AP"));
    assert_eq!(post.draft.blocks.len(), 2);
    assert!(
        matches!(&post.draft.blocks[1], Block::Figure { image: Some(i), caption, .. } if i == "/content/images/2026/12/a.jpg" && caption == "Chú thích")
    );
}

#[test]
fn members_only_posts_are_drafts_and_pages_are_known() {
    let export = read(SMALL).expect("reads");
    let members = export.convert(&export.posts[1]).expect("converts");
    assert_eq!(members.draft.status, Status::Draft);
    assert_eq!(members.notes.len(), 1);
    assert_eq!(members.category_path, ["Khác"]);
    let page = export.convert(&export.posts[2]).expect("converts");
    assert!(page.is_page);
    assert_eq!(page.draft.published_at.timestamp(), 1_748_470_000);
}

#[test]
fn image_addresses_lead_to_the_file_under_content_images() {
    assert_eq!(image_path("__GHOST_URL__/content/images/2026/12/a.jpg").as_deref(), Some("2026/12/a.jpg"));
    assert_eq!(
        image_path("https://x.vn/content/images/size/w1000/2026/12/a.jpg?v=1").as_deref(),
        Some("2026/12/a.jpg")
    );
    assert_eq!(image_path("https://x.vn/other/a.jpg"), None);
    assert_eq!(image_path("/content/images/../../etc/passwd"), None);
}

#[test]
fn what_is_not_a_ghost_export_is_refused() {
    assert!(read("{not json").is_err());
    assert!(read("{\"posts\": []}").expect_err("no data").message.contains("not a Ghost export"));
}
