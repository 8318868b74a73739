use chrono::FixedOffset;

use super::post::{Site, parse_offset, percent_decode, site_offset};
use super::*;
use crate::{Block, Status};

const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Báo Thử</title>
<link>https://bao.example.com</link>
<wp:base_site_url>https://bao.example.com</wp:base_site_url>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[an]]></wp:author_login><wp:author_email>an@bao.example.com</wp:author_email><wp:author_display_name><![CDATA[Nguyễn An]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>thoi-su</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Thời sự]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>giao-duc</wp:category_nicename><wp:category_parent>thoi-su</wp:category_parent><wp:cat_name><![CDATA[Giáo dục &amp; Đào tạo]]></wp:cat_name></wp:category>
<wp:term><wp:term_id>4</wp:term_id><wp:term_taxonomy>category</wp:term_taxonomy><wp:term_slug>giao-duc</wp:term_slug><wp:term_parent>thoi-su</wp:term_parent><wp:term_name><![CDATA[Giáo dục &amp; Đào tạo]]></wp:term_name></wp:term>
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug>giao-duc</wp:tag_slug><wp:tag_name><![CDATA[giáo dục]]></wp:tag_name></wp:tag>
<item>
<title><![CDATA[Bài &quot;một&quot; 🎉]]></title>
<link>https://bao.example.com/thoi-su/giao-duc/bai-mot-%f0%9f%8e%89-7.html</link>
<dc:creator><![CDATA[an]]></dc:creator>
<content:encoded><![CDATA[Đoạn một.

[caption id="attachment_8" width="300"]<img src="https://bao.example.com/wp-content/uploads/2026/01/a-300x200.jpg" alt="A" /> Chú thích[/caption]

Đoạn hai [FOO].]]></content:encoded>
<excerpt:encoded><![CDATA[<p>Sa pô</p>]]></excerpt:encoded>
<wp:post_id>7</wp:post_id>
<wp:post_date><![CDATA[2026-01-02 08:30:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2026-01-02 01:30:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[bai-mot-%f0%9f%8e%89]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<wp:post_password><![CDATA[]]></wp:post_password>
<wp:is_sticky>1</wp:is_sticky>
<category domain="category" nicename="giao-duc"><![CDATA[Giáo dục &amp; Đào tạo]]></category>
<category domain="post_tag" nicename="giao-duc"><![CDATA[giáo dục]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>8</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author><![CDATA[Bình]]></wp:comment_author><wp:comment_author_email>b@example.com</wp:comment_author_email><wp:comment_author_IP>192.0.2.1</wp:comment_author_IP><wp:comment_date>2026-01-02 09:00:00</wp:comment_date><wp:comment_date_gmt>2026-01-02 02:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[<p>Hay <strong>quá</strong></p>
<p>Cảm ơn</p>]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_author>x</wp:comment_author><wp:comment_date>2026-01-02 09:00:00</wp:comment_date><wp:comment_date_gmt>2026-01-02 02:00:00</wp:comment_date_gmt><wp:comment_content>ping</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
<item>
<title>Nháp</title>
<link>https://bao.example.com/?p=9</link>
<dc:creator>an</dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>Chữ</p><!-- /wp:paragraph -->]]></content:encoded>
<wp:post_id>9</wp:post_id>
<wp:post_date>2026-02-01 23:15:00</wp:post_date>
<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>
<wp:status>private</wp:status>
<wp:post_type>post</wp:post_type>
</item>
<item>
<title>a</title>
<link>https://bao.example.com/thoi-su/giao-duc/bai-mot-7.html/a/</link>
<wp:post_id>8</wp:post_id>
<wp:post_type>attachment</wp:post_type>
<excerpt:encoded><![CDATA[Chú thích]]></excerpt:encoded>
<wp:attachment_url>https://bao.example.com/wp-content/uploads/2026/01/a.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2026/01/a.jpg</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[a:2:{s:4:"file";s:13:"2026/01/a.jpg";s:5:"sizes";a:1:{s:6:"medium";a:1:{s:4:"file";s:13:"a-300x200.jpg";}}}]]></wp:meta_value></wp:postmeta>
</item>
</channel>
</rss>"#;

fn seven() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("offset")
}

#[test]
fn the_file_is_read_with_terms_merged_and_entities_decoded() {
    let export = read(SMALL).expect("reads");
    assert_eq!(export.title, "Báo Thử");
    assert_eq!(export.base_url, "https://bao.example.com");
    assert_eq!(
        export.authors,
        [Author { id: 2, login: "an".into(), email: "an@bao.example.com".into(), display_name: "Nguyễn An".into() }]
    );
    assert_eq!(export.categories.len(), 2, "written twice, kept once");
    assert_eq!(export.categories[1].name, "Giáo dục & Đào tạo");
    assert_eq!(export.tags.len(), 1);
    assert_eq!(export.items.len(), 3);
    assert_eq!(export.items[0].line, 13);
    assert_eq!(site_offset(&export), Some(seven()));
}

#[test]
fn a_post_becomes_a_draft_with_its_path_time_tags_and_picture() {
    let export = read(SMALL).expect("reads");
    let site = Site::new(&export, seven());
    let post = site.post(&export.items[0]).expect("converts");
    assert_eq!(post.draft.title, "Bài \"một\" 🎉");
    assert_eq!(post.category_path, ["Thời sự", "Giáo dục & Đào tạo"]);
    assert_eq!(post.draft.category.parent.as_deref(), Some("Thời sự"));
    assert_eq!(post.draft.tags, ["giáo dục"]);
    assert_eq!(post.draft.lead, "Sa pô");
    assert_eq!(post.draft.status, Status::Published);
    assert!(post.draft.featured, "sticky");
    assert_eq!(post.draft.published_at.to_rfc3339(), "2026-01-02T01:30:00+00:00");
    assert_eq!(post.draft.old_url.as_deref(), Some("/thoi-su/giao-duc/bai-mot-🎉-7.html"));
    assert_eq!(post.draft.source_id.as_deref(), Some("wordpress:bao.example.com:7"));
    assert_eq!(post.featured_attachment, Some(8));
    assert_eq!(post.unknown_shortcodes, ["FOO"]);
    assert_eq!(post.draft.blocks.len(), 3);
    assert!(matches!(&post.draft.blocks[1], Block::Figure { caption, .. } if caption == "Chú thích"));
    let comments: Vec<_> =
        export.items[0].comments.iter().filter_map(|c| site.comment(c, 1).expect("comment")).collect();
    assert_eq!(comments.len(), 1, "the pingback is not a reader's comment");
    assert_eq!(comments[0].body, "Hay quá\nCảm ơn");
    assert_eq!(comments[0].status, "approved");
}

#[test]
fn a_private_post_is_a_draft_whose_local_time_uses_the_site_zone() {
    let export = read(SMALL).expect("reads");
    let site = Site::new(&export, seven());
    let post = site.post(&export.items[1]).expect("converts");
    assert_eq!(post.draft.status, Status::Draft);
    assert_eq!(post.notes, ["private: imported as a draft"]);
    assert_eq!(post.draft.published_at.to_rfc3339(), "2026-02-01T16:15:00+00:00");
    assert_eq!(post.draft.old_url, None, "a ?p= link is no address to keep");
    assert_eq!(post.category_path, ["Khác"]);
}

#[test]
fn attachments_know_their_file_and_smaller_copies() {
    let export = read(SMALL).expect("reads");
    let site = Site::new(&export, seven());
    let attachment = site.attachment(8).expect("attachment");
    assert_eq!(attachment.file, "2026/01/a.jpg");
    assert_eq!(attachment.sizes, ["a-300x200.jpg"]);
    assert_eq!(attachment.caption, "Chú thích");
}

#[test]
fn offsets_and_percent_escapes_are_read() {
    assert_eq!(parse_offset("+07:00"), Some(seven()));
    assert_eq!(parse_offset("Asia/Ho_Chi_Minh"), Some(seven()));
    assert_eq!(parse_offset("UTC-5"), FixedOffset::west_opt(5 * 3600));
    assert_eq!(parse_offset("Mars/Base"), None);
    assert_eq!(percent_decode("/a-%f0%9f%8e%89-%E1%BB%A9"), "/a-🎉-ứ");
    assert_eq!(percent_decode("/100%"), "/100%");
    assert_eq!(percent_decode("/%ff"), "/%ff", "not UTF-8: kept as it was");
}

#[test]
fn a_missing_title_is_an_error_naming_the_line() {
    let broken = SMALL.replace("<title>Nháp</title>", "<title></title>");
    let export = read(&broken).expect("reads");
    let error = Site::new(&export, seven()).post(&export.items[1]).expect_err("no title");
    assert_eq!(error.line, export.items[1].line);
}

/// Another site's habits: WXR 1.0's `<category>` without a domain, a category the header does
/// not list, a draft without any date, an attachment without `_wp_attached_file`.
#[test]
fn older_and_partial_exports_are_read_too() {
    let xml = r#"<rss><channel><link>http://cu.example.com/</link>
<item><title>Cũ</title><link>http://cu.example.com/2009/01/cu/</link><dc:creator>x</dc:creator>
<content:encoded><![CDATA[<figure class="wp-block-pullquote"><blockquote><p>Lời</p></blockquote></figure>]]></content:encoded>
<wp:post_id>3</wp:post_id><wp:post_date>2009-01-02 10:00:00</wp:post_date><wp:post_date_gmt>2009-01-02 03:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category><![CDATA[Tin cũ]]></category><category domain="tag">x</category></item>
<item><title>Nháp</title><wp:post_id>4</wp:post_id><wp:post_date>0000-00-00 00:00:00</wp:post_date>
<wp:status>draft</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="khong-co"><![CDATA[Không có]]></category></item>
<item><title>a</title><wp:post_id>5</wp:post_id><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://cdn.example.com/wp-content/uploads/2009/01/a.jpg</wp:attachment_url></item>
</channel></rss>"#;
    let export = read(xml).expect("reads");
    assert_eq!(export.base_url, "http://cu.example.com");
    let site = Site::new(&export, seven());
    let old = site.post(&export.items[0]).expect("converts");
    assert_eq!(old.category_path, ["Tin cũ"]);
    assert_eq!(old.draft.old_url.as_deref(), Some("/2009/01/cu/"));
    assert_eq!(old.draft.blocks, [Block::Quote { text: "Lời".into(), cite: None }]);
    let draft = site.post(&export.items[1]).expect("a draft without a date still comes");
    assert_eq!(draft.category_path, ["Không có"]);
    assert_eq!(draft.notes, ["no date in the file: dated now"]);
    assert_eq!(site.attachment(5).expect("attachment").file, "2009/01/a.jpg");
}
