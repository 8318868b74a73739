-- The print edition: issues (số), their tables of contents, and where their cover and whole-issue
-- PDF are kept in object storage.
CREATE TABLE print_issues (
    id INTEGER PRIMARY KEY,
    year BIGINT NOT NULL,
    number BIGINT NOT NULL,
    volume TEXT NOT NULL,
    special_label TEXT NOT NULL,
    published_on TEXT,
    title TEXT NOT NULL,
    cover_url TEXT NOT NULL,
    pdf_path TEXT NOT NULL,
    pdf_bytes BIGINT NOT NULL,
    -- Folded title, label and table of contents: the lookup form's keyword matches it.
    search_text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, number)
);
CREATE INDEX print_issues_by_date ON print_issues (year DESC, number DESC);

CREATE TABLE print_toc (
    issue_id BIGINT NOT NULL REFERENCES print_issues(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    page BIGINT,
    article_id BIGINT REFERENCES articles(id) ON DELETE SET NULL,
    PRIMARY KEY (issue_id, position)
);

-- The text of each page of an issue's PDF (converted from legacy encodings when it was in one);
-- an empty text is a page without a text layer (a scan).
CREATE TABLE print_pages (
    issue_id BIGINT NOT NULL REFERENCES print_issues(id) ON DELETE CASCADE,
    page BIGINT NOT NULL,
    text TEXT NOT NULL,
    encoding TEXT NOT NULL,
    PRIMARY KEY (issue_id, page)
);
