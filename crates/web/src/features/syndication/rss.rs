//! RSS 2.0, with `atom:link rel="self"` (as validators ask), `dc:creator` for bylines, an
//! enclosure for the featured image and, for the readers that look there instead (Feedly,
//! news aggregators), the same picture as Media RSS's `media:content`.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::{Category, Channel, Enclosure, Guid, Item};

use super::feeds::FeedSource;

/// `<media:content url medium="image" type/>` for a picture enclosure (clips keep only theirs).
fn media_content(source: &FeedSource, enclosure: Option<&(String, String, i64)>) -> rss::extension::ExtensionMap {
    let mut map = rss::extension::ExtensionMap::default();
    let Some((url, mime, _)) = enclosure.filter(|(_, mime, _)| mime.starts_with("image/")) else { return map };
    let attrs = BTreeMap::from([
        ("url".to_owned(), source.absolute(url)),
        ("medium".to_owned(), "image".to_owned()),
        ("type".to_owned(), mime.clone()),
    ]);
    let content = rss::extension::Extension { name: "media:content".to_owned(), attrs, ..Default::default() };
    map.insert("media".to_owned(), BTreeMap::from([("content".to_owned(), vec![content])]));
    map
}

pub fn channel(source: &FeedSource) -> String {
    let items: Vec<Item> = source
        .entries
        .iter()
        .map(|entry| {
            let link = source.absolute(&entry.path);
            Item {
                title: Some(entry.title.clone()),
                link: Some(link.clone()),
                // A description is HTML to every feed reader; ours are plain text (a lead, a
                // clip's description), so they go in escaped: markup typed into a lead is shown
                // as the characters it is, as on our own pages.
                description: Some(super::sitemaps::escape(&entry.summary)).filter(|e| !e.is_empty()),
                guid: Some(Guid { value: link, permalink: true }),
                pub_date: Some(vn::time::format_rfc2822(entry.published_at)),
                categories: entry
                    .category
                    .iter()
                    .map(|(_, name)| Category { name: name.clone(), domain: None })
                    .collect(),
                enclosure: entry.enclosure.as_ref().map(|(url, mime, length)| Enclosure {
                    url: source.absolute(url),
                    length: length.to_string(), // 0 when unknown, as RSS 2.0 asks
                    mime_type: mime.clone(),
                }),
                dublin_core_ext: entry.byline.as_ref().map(|byline| DublinCoreExtension {
                    creators: vec![byline.clone()],
                    ..DublinCoreExtension::default()
                }),
                extensions: media_content(source, entry.enclosure.as_ref()),
                ..Item::default()
            }
        })
        .collect();
    let self_link = Link {
        href: source.self_url.clone(),
        rel: "self".to_owned(),
        mime_type: Some("application/rss+xml".to_owned()),
        ..Link::default()
    };
    let mut namespaces = BTreeMap::new();
    namespaces.insert("atom".to_owned(), "http://www.w3.org/2005/Atom".to_owned());
    namespaces.insert("dc".to_owned(), "http://purl.org/dc/elements/1.1/".to_owned());
    namespaces.insert("media".to_owned(), "http://search.yahoo.com/mrss/".to_owned());
    let channel = Channel {
        title: source.title.clone(),
        link: source.page_url.clone(),
        description: source.description.clone(),
        language: Some("vi".to_owned()),
        generator: Some("toasoan".to_owned()),
        last_build_date: source.entries.iter().map(|e| e.updated_at).max().map(vn::time::format_rfc2822),
        items,
        atom_ext: Some(AtomExtension { links: vec![self_link] }),
        namespaces,
        ..Channel::default()
    };
    channel.to_string()
}
