-- What an import made of each thing it read (a WordPress picture, comment, author…), so that a
-- second run of the same import updates what it made instead of making it again, and can tell
-- when nothing changed (the fingerprint of what it wrote).
CREATE TABLE import_links (
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    fingerprint TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, kind, key)
);

-- Old addresses of things other than articles (a picture's file, a category, a tag, a page of
-- the old site), answered with a 301 to where they are now.
CREATE TABLE redirects (
    old_path TEXT PRIMARY KEY,
    new_path TEXT NOT NULL,
    created_at TEXT NOT NULL
);
