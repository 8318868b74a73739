-- Search also finds pages of the print edition: an outbox change now names either an article or
-- a print issue (whose pages are re-read whole). SQLite cannot drop NOT NULL, so the table is
-- made anew with the same ids (AUTOINCREMENT carries on from the highest).
CREATE TABLE search_outbox_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id BIGINT,
    issue_id BIGINT,
    created_at TEXT NOT NULL,
    CHECK ((article_id IS NULL) <> (issue_id IS NULL))
);
INSERT INTO search_outbox_new (id, article_id, created_at) SELECT id, article_id, created_at FROM search_outbox;
DROP TABLE search_outbox;
ALTER TABLE search_outbox_new RENAME TO search_outbox;
-- Issues that already have page text are indexed by the next start.
INSERT INTO search_outbox (issue_id, created_at)
    SELECT DISTINCT issue_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM print_pages;
