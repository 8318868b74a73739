-- Every content change that search must see, written in the same transaction as the change.
-- Each node's index records the last id it applied, so it replays exactly what it lacks.
CREATE TABLE search_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id BIGINT NOT NULL,
    created_at TEXT NOT NULL
);
