-- Portable across SQLite and PostgreSQL. Timestamps are epoch milliseconds.

-- Tokens of the admin and alert APIs. Only the SHA-256 of each secret is kept (hex): the secret is
-- 32 random bytes, so a fast hash is enough (no dictionary to guess from). A revoked token keeps
-- its row, and its name, for the record.
CREATE TABLE tokens (
    name         TEXT   NOT NULL PRIMARY KEY,
    role         TEXT   NOT NULL,               -- read, operate or admin (Role.word())
    hash         TEXT   NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,                        -- NULL: never used; written at most once a minute
    revoked_at   BIGINT                         -- NULL: valid
);
