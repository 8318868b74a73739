-- Categories, articles and tags: the content of the public site.
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES categories(id),
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    position BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source_id TEXT UNIQUE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL DEFAULT '',
    excerpt TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    byline TEXT,
    category_id BIGINT NOT NULL REFERENCES categories(id),
    status TEXT NOT NULL,
    featured BOOLEAN NOT NULL DEFAULT FALSE,
    published_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    old_url TEXT
);
CREATE INDEX articles_by_status_time ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_category_time ON articles (category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_by_old_url ON articles (old_url);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE
);

CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id);

-- Counters every node reads: content_version is bumped by every write, so each node's page
-- cache knows when what it holds is stale.
CREATE TABLE site_state (
    key TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO site_state (key, value) VALUES ('content_version', 1);
