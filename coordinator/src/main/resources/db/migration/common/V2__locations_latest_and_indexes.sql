-- Portable across SQLite and PostgreSQL. Timestamps are epoch milliseconds.

-- A monitor's locations in the order the user gave them. A table rather than a delimited column:
-- location names need no escaping, deleting a monitor cascades, and "monitors probed from X"
-- is an indexed query.
CREATE TABLE monitor_locations (
    monitor_id BIGINT  NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    location   TEXT    NOT NULL,
    PRIMARY KEY (monitor_id, position),
    CONSTRAINT monitor_locations_once UNIQUE (monitor_id, location)
);
CREATE INDEX monitor_locations_by_location ON monitor_locations (location);

-- The newest result of each (monitor, location), upserted in the same transaction as the insert
-- into results, so the status view reads at most (monitors x locations) rows instead of
-- searching millions. Retention purges results, not this table: status shows the last known.
CREATE TABLE latest_results (
    monitor_id    BIGINT  NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    location      TEXT    NOT NULL,
    job_id        BIGINT  NOT NULL,
    agent_id      TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    due_at        BIGINT  NOT NULL,
    started_at    BIGINT  NOT NULL,
    status_code   INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    connect_nanos BIGINT  NOT NULL,
    address       TEXT    NOT NULL,
    message       TEXT    NOT NULL,
    PRIMARY KEY (monitor_id, location)
);

-- History of one monitor, newest first (also serves the ON DELETE CASCADE from monitors).
CREATE INDEX results_by_monitor ON results (monitor_id, started_at, id);
-- History of one monitor from one location, newest first.
CREATE INDEX results_by_monitor_location ON results (monitor_id, location, started_at, id);
-- Retention: the oldest results first, in bounded chunks.
CREATE INDEX results_by_start ON results (started_at);
