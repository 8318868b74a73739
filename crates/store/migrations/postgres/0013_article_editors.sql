-- Who has an article open in the editor, and when they were last seen there, so the next person
-- to open it is told ("… đang sửa bài này").
CREATE TABLE article_editors (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    seen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
