-- The newsroom: accounts, sessions, login throttling, the audit log, the workflow's history,
-- revisions, autosaves and the media library. Everything a node needs to know about a person
-- lives here, so any node can serve any request.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);

-- The categories an editor (biên tập viên) answers for.
CREATE TABLE user_categories (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, category_id)
);

-- Sessions by the SHA-256 of their cookie, so a leaked table does not leak logins.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins, by folded e-mail; five within fifteen minutes lock the account that long.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures (email, failed_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (created_at DESC);

ALTER TABLE articles ADD COLUMN author_id BIGINT REFERENCES users(id);
ALTER TABLE articles ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN featured_image TEXT NOT NULL DEFAULT '';
-- The secret of the preview link for unpublished work.
ALTER TABLE articles ADD COLUMN preview_token TEXT;
CREATE INDEX articles_by_author ON articles (author_id, updated_at DESC, id DESC);
CREATE INDEX articles_by_update ON articles (status, updated_at DESC, id DESC);
CREATE INDEX articles_by_last_change ON articles (updated_at DESC, id DESC);

-- Every step of the workflow: who, when, from what to what, and why.
CREATE TABLE article_events (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX article_events_by_article ON article_events (article_id, id);

-- What an article was before each save: the whole editable content as JSON.
CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX article_revisions_by_article ON article_revisions (article_id, id);

-- The editor's latest unsaved text per person and article (0 for an article not yet created).
CREATE TABLE autosaves (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, article_id)
);

CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    original_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    alt TEXT NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    variants TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX media_by_time ON media (created_at DESC);
