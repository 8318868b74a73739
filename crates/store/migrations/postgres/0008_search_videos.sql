-- Site search also finds video clips: an outbox change may now name a clip.
ALTER TABLE search_outbox ADD COLUMN video_id BIGINT;
ALTER TABLE search_outbox DROP CONSTRAINT search_outbox_one_target;
ALTER TABLE search_outbox ADD CONSTRAINT search_outbox_one_target
    CHECK (num_nonnulls(article_id, issue_id, video_id) = 1);
INSERT INTO search_outbox (video_id, created_at) SELECT id, now() FROM videos;
