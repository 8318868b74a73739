-- Logins: each failure (and each attempt being checked) remembers the client's address, so one
-- address can be limited across every e-mail it tries, and whether it came from a browser that
-- has logged into that account before (a signed "known device" cookie): those count apart, so a
-- stranger failing on someone's e-mail cannot lock the owner's own browser out.
ALTER TABLE login_failures ADD COLUMN ip TEXT NOT NULL DEFAULT '';
ALTER TABLE login_failures ADD COLUMN known_device BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX login_failures_by_ip ON login_failures (ip, failed_at);

-- Preview links end: at this time, and whenever the article changes status.
ALTER TABLE articles ADD COLUMN preview_expires_at TEXT;
