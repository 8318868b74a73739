-- Background work (a PDF's text, a drawn cover, the moderators' e-mail) as rows any node can
-- claim, so a node that dies with a job in hand loses nothing: its lease runs out and another
-- node takes the job over.
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    -- What the job works on, as JSON.
    payload TEXT NOT NULL,
    -- waiting, running, done or failed.
    state TEXT NOT NULL DEFAULT 'waiting',
    -- At most one waiting job per key (a batch that gathers what arrives before it runs).
    dedupe_key TEXT,
    run_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE UNIQUE INDEX jobs_one_waiting_per_key ON jobs (dedupe_key) WHERE state = 'waiting';
