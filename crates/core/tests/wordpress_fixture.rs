//! The WordPress fixture (`../shared/fixtures/wordpress`, a real WXR written by WordPress 6.1)
//! read post by post and compared with what WordPress itself reported for each. The fixture is
//! not part of the repository: without `../shared` this test says so and passes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test: a failed step is a failed test

use std::path::PathBuf;

use chrono::FixedOffset;
use serde_json::Value;
use toasoan_core::Block;
use toasoan_core::import::wordpress::{self, post::Site};

fn fixture() -> Option<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/wordpress");
    let xml = std::fs::read_to_string(dir.join("site-a.wxr.xml")).ok()?;
    let expected = std::fs::read_to_string(dir.join("site-a.expected.json")).ok()?;
    Some((xml, serde_json::from_str(&expected).expect("expected json")))
}

fn captions(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { caption, .. } | Block::Video { title: caption, .. } if !caption.is_empty() => {
                Some(caption.clone())
            }
            _ => None,
        })
        .collect()
}

fn texts(value: &Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().map(|c| vn::nfc(c.as_str().unwrap_or_default())).collect()).unwrap_or_default()
}

#[test]
fn every_post_reads_as_wordpress_reported_it() {
    let Some((xml, expected)) = fixture() else {
        eprintln!("skipped: ../shared/fixtures/wordpress is not here");
        return;
    };
    let export = wordpress::read(&xml).expect("the fixture reads");
    let offset = wordpress::post::site_offset(&export).expect("an offset");
    assert_eq!(offset, FixedOffset::east_opt(7 * 3600).expect("offset"));
    let site = Site::new(&export, offset);
    assert_eq!(export.categories.len(), 16);
    assert_eq!(export.tags.len(), 21);
    assert_eq!(export.authors.len(), 5);
    let mut problems = Vec::new();
    for want in expected["posts"].as_array().expect("posts") {
        let id = want["wxr_post_id"].as_i64().expect("id");
        let item = export.items.iter().find(|i| i.id == id).expect("the item");
        let post = site.post(item).expect("converts");
        let mut check = |what: &str, got: String, wanted: String| {
            if got != wanted {
                problems.push(format!("post {id} {what}: got {got:?}, WordPress {wanted:?}"));
            }
        };
        check("title", post.draft.title.clone(), vn::nfc(want["title_text"].as_str().unwrap_or_default()));
        let paragraphs = post.draft.blocks.iter().filter(|b| matches!(b, Block::Paragraph { .. })).count();
        check("paragraphs", paragraphs.to_string(), want["paragraphs"].to_string());
        check("captions", format!("{:?}", captions(&post.draft.blocks)), format!("{:?}", texts(&want["captions"])));
        if let Some(first) = want["category_paths"].as_array().and_then(|p| p.first()) {
            check("category", format!("{:?}", post.category_path), format!("{:?}", texts(first)));
        }
        check("tags", format!("{:?}", post.draft.tags), format!("{:?}", texts(&want["tags"])));
        check("author", post.author_login.clone(), want["author_login"].as_str().unwrap_or_default().to_owned());
        let published = post.draft.published_at.with_timezone(&offset).to_rfc3339();
        check("time", published, want["published"].as_str().unwrap_or_default().to_owned());
        let featured = post.featured_attachment.and_then(|a| site.attachment(a)).map(|a| a.file.clone());
        let wanted_featured = want["featured_image"]["uploads_path"].as_str().map(str::to_owned);
        check("picture", format!("{featured:?}"), format!("{wanted_featured:?}"));
        if want["status"] == "publish" && want["post_type"] == "post" {
            let link = want["old_permalink"].as_str().unwrap_or_default();
            check("old address", format!("{:?}", post.draft.old_url), format!("{:?}", site.old_path(link)));
        }
    }
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
}
