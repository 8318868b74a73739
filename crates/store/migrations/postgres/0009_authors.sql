-- Authors: newsroom accounts with a public page (name, slug, bio), several per article in the
-- order shown, as in Ghost. The byline stays for writers who have no account.
ALTER TABLE users ADD COLUMN slug TEXT;
ALTER TABLE users ADD COLUMN bio TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_by_slug ON users (slug);

CREATE TABLE article_authors (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_authors_by_user ON article_authors (user_id, article_id);

-- Until now the account that created an article was its one author.
INSERT INTO article_authors (article_id, user_id, position)
    SELECT id, author_id, 0 FROM articles WHERE author_id IS NOT NULL;
