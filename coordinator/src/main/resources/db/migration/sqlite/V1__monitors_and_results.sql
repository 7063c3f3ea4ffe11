-- The two tables with generated ids; the only lines that differ from postgresql/V1 are the id columns.
-- AUTOINCREMENT: a deleted monitor's id is never handed out again. Results need no such promise
-- and a plain rowid alias is faster.
CREATE TABLE monitors (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    host        TEXT    NOT NULL,
    port        INTEGER NOT NULL,
    interval_ms BIGINT  NOT NULL,
    timeout_ms  BIGINT  NOT NULL,
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    CONSTRAINT monitors_name_unique UNIQUE (name)
);

CREATE TABLE results (
    id            INTEGER PRIMARY KEY,
    job_id        BIGINT  NOT NULL,
    monitor_id    BIGINT  NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    location      TEXT    NOT NULL,
    agent_id      TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    due_at        BIGINT  NOT NULL,
    started_at    BIGINT  NOT NULL,
    status_code   INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    connect_nanos BIGINT  NOT NULL,
    address       TEXT    NOT NULL,
    message       TEXT    NOT NULL
);
