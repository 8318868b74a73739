-- Search also finds pages of the print edition: an outbox change now names either an article or
-- a print issue (whose pages are re-read whole).
ALTER TABLE search_outbox ALTER COLUMN article_id DROP NOT NULL;
ALTER TABLE search_outbox ADD COLUMN issue_id BIGINT;
ALTER TABLE search_outbox ADD CONSTRAINT search_outbox_one_target CHECK ((article_id IS NULL) <> (issue_id IS NULL));
-- Issues that already have page text are indexed by the next start.
INSERT INTO search_outbox (issue_id, created_at) SELECT DISTINCT issue_id, now() FROM print_pages;
