//! Atom 1.0: ids are the articles' permanent addresses, times carry `+07:00`, the byline is the
//! author (the magazine when there is none, since Atom requires one), the featured image an
//! enclosure link.

use atom_syndication::{Category, Entry, Feed, Link, Person, Text};

use super::feeds::FeedSource;

pub fn feed(source: &FeedSource) -> String {
    let magazine = Person { name: source.title.clone(), ..Person::default() };
    let entries: Vec<Entry> = source
        .entries
        .iter()
        .map(|entry| {
            let link = source.absolute(&entry.path);
            let mut links = vec![Link { href: link.clone(), rel: "alternate".to_owned(), ..Link::default() }];
            if let Some((url, mime, length)) = &entry.enclosure {
                links.push(Link {
                    href: source.absolute(url),
                    rel: "enclosure".to_owned(),
                    mime_type: Some(mime.clone()),
                    length: (*length > 0).then(|| length.to_string()),
                    ..Link::default()
                });
            }
            Entry {
                title: Text::plain(entry.title.clone()),
                id: link,
                updated: vn::time::in_vietnam(entry.updated_at.max(entry.published_at)),
                published: Some(vn::time::in_vietnam(entry.published_at)),
                authors: entry.byline.iter().map(|b| Person { name: b.clone(), ..Person::default() }).collect(),
                categories: entry
                    .category
                    .iter()
                    .map(|(slug, name)| Category {
                        term: slug.clone(),
                        label: Some(name.clone()),
                        ..Category::default()
                    })
                    .collect(),
                links,
                summary: Some(entry.summary.clone()).filter(|e| !e.is_empty()).map(Text::plain),
                ..Entry::default()
            }
        })
        .collect();
    let updated = source.entries.iter().map(|e| e.updated_at.max(e.published_at)).max().unwrap_or_default();
    let feed = Feed {
        title: Text::plain(source.title.clone()),
        id: source.self_url.clone(),
        updated: vn::time::in_vietnam(updated),
        authors: vec![magazine],
        links: vec![
            Link { href: source.self_url.clone(), rel: "self".to_owned(), ..Link::default() },
            Link { href: source.page_url.clone(), rel: "alternate".to_owned(), ..Link::default() },
        ],
        subtitle: Some(Text::plain(source.description.clone())),
        generator: Some(atom_syndication::Generator { value: "toasoan".to_owned(), ..Default::default() }),
        entries,
        lang: Some("vi".to_owned()),
        ..Feed::default()
    };
    feed.to_string()
}
