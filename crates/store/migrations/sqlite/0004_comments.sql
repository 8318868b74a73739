-- Reader comments (pre-moderated), the captcha answers already used, the senders marked as spam,
-- and site secrets (the captcha key) — all shared by every node.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    -- Set on the newsroom's replies ("Tòa soạn trả lời"), which have no parent of their own.
    parent_id BIGINT REFERENCES comments(id) ON DELETE CASCADE,
    author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Folded body: duplicate detection and the moderators' search ignore marks and case.
    body_folded TEXT NOT NULL,
    status TEXT NOT NULL,
    ip TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX comments_by_article ON comments (article_id, status, id);
CREATE INDEX comments_by_status ON comments (status, id);
CREATE INDEX comments_by_ip ON comments (ip, created_at);
CREATE INDEX comments_by_email ON comments (email, created_at);
CREATE INDEX comments_by_parent ON comments (parent_id);

CREATE TABLE captcha_used (
    nonce TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);

-- "Mark as spam" remembers the sender: later comments from this e-mail or IP go to spam.
CREATE TABLE spam_senders (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);

CREATE TABLE site_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
