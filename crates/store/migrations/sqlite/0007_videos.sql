-- Video clips: an uploaded file kept in object storage, or a provider's player (YouTube, Vimeo)
-- read from a pasted link.
CREATE TABLE videos (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category_id BIGINT REFERENCES categories(id) ON DELETE SET NULL,
    poster_url TEXT NOT NULL,
    duration_seconds BIGINT,
    -- 'file' (file_path, file_bytes, file_type) or 'embed' (embed_url).
    source_kind TEXT NOT NULL,
    file_path TEXT NOT NULL,
    file_bytes BIGINT NOT NULL,
    file_type TEXT NOT NULL,
    embed_url TEXT NOT NULL,
    published BOOLEAN NOT NULL,
    published_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX videos_by_date ON videos (published, published_at DESC);
CREATE INDEX videos_by_category ON videos (category_id, published, published_at DESC);
