-- Site search also finds video clips: an outbox change may now name a clip. SQLite cannot change
-- a CHECK, so the table is made anew with the same ids (AUTOINCREMENT carries on).
CREATE TABLE search_outbox_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id BIGINT,
    issue_id BIGINT,
    video_id BIGINT,
    created_at TEXT NOT NULL,
    CHECK ((article_id IS NOT NULL) + (issue_id IS NOT NULL) + (video_id IS NOT NULL) = 1)
);
INSERT INTO search_outbox_new (id, article_id, issue_id, created_at)
    SELECT id, article_id, issue_id, created_at FROM search_outbox;
DROP TABLE search_outbox;
ALTER TABLE search_outbox_new RENAME TO search_outbox;
INSERT INTO search_outbox (video_id, created_at) SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM videos;
