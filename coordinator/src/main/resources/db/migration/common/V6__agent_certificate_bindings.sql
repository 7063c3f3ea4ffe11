-- Portable across SQLite and PostgreSQL. Timestamps are epoch milliseconds.
-- (V6, not V5: the tokens table of the same issue takes V5.)

-- Which certificate subject an agent id belongs to, bound by the first certificate that used the id.
-- A later certificate of the same subject may take the id (rotation); one of another subject may not,
-- also after a coordinator restart.
CREATE TABLE agent_certificate_bindings (
    agent_id TEXT   NOT NULL PRIMARY KEY,
    subject  TEXT   NOT NULL,
    bound_at BIGINT NOT NULL
);
