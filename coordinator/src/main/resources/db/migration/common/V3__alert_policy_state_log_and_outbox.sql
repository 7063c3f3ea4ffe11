-- Portable across SQLite and PostgreSQL. Timestamps are epoch milliseconds.

-- Each monitor's AlertPolicy; the defaults are AlertPolicy.defaults(), so monitors created before
-- this version keep behaving as documented (global-verify, local retry, alert once, clear).
ALTER TABLE monitors ADD COLUMN mode TEXT NOT NULL DEFAULT 'global-verify';       -- MonitoringMode.format()
ALTER TABLE monitors ADD COLUMN local_retry BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE monitors ADD COLUMN start_notify INTEGER NOT NULL DEFAULT 1;
ALTER TABLE monitors ADD COLUMN stop_notify INTEGER NOT NULL DEFAULT 1;
ALTER TABLE monitors ADD COLUMN remind_every_ms BIGINT NOT NULL DEFAULT 0;        -- 0: no reminders
ALTER TABLE monitors ADD COLUMN notify_on_clear BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE monitors ADD COLUMN channels TEXT NOT NULL DEFAULT '';                -- comma-separated; empty: the default set
ALTER TABLE monitors ADD COLUMN blackouts TEXT NOT NULL DEFAULT '';               -- one Blackout.format() line each

-- What IncidentTracker remembers between rounds (AlertStateJson) and round-robin's turn. Written in
-- the same transaction as the alerts it produced, so a restart neither loses nor repeats an alert
-- and never re-opens an incident that was open.
CREATE TABLE monitor_alert_state (
    monitor_id     BIGINT  NOT NULL PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
    state          TEXT    NOT NULL,
    rr_next_index  INTEGER NOT NULL DEFAULT 0,
    rr_last_failed TEXT,
    updated_at     BIGINT  NOT NULL
);

-- Counters handed out under a row lock (a row is made on first use): 'alert' (the alert log's sequence), 'delivery' (outbox row
-- ids) and 'channel:<name>' (a channel's own sequence). Taking a number locks its row until the
-- transaction ends, so numbers become visible in the order they were taken: a reader that has seen
-- number N has seen every number below it (what AlertService.Subscribe relies on).
CREATE TABLE sequences (
    name       TEXT   NOT NULL PRIMARY KEY,
    last_value BIGINT NOT NULL
);

-- Every alert ever raised, in order; id is the gRPC consumers' sequence number. Kept when its
-- monitor is deleted (it is history). The body is AlertJson (the webhook body).
CREATE TABLE alerts (
    id              BIGINT NOT NULL PRIMARY KEY,
    idempotency_key TEXT   NOT NULL,
    incident_id     TEXT   NOT NULL,
    kind            TEXT   NOT NULL,
    monitor_id      BIGINT NOT NULL,
    raised_at       BIGINT NOT NULL,
    body            TEXT   NOT NULL,
    CONSTRAINT alerts_once UNIQUE (idempotency_key)
);
CREATE INDEX alerts_by_monitor ON alerts (monitor_id, id);
CREATE INDEX alerts_by_incident ON alerts (incident_id, id);

-- The outbox: one row per alert and channel, until the channel acknowledged it.
CREATE TABLE deliveries (
    id              BIGINT  NOT NULL PRIMARY KEY,
    alert_id        BIGINT  NOT NULL REFERENCES alerts (id),
    channel         TEXT    NOT NULL,
    sequence        BIGINT  NOT NULL,
    monitor_id      BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    last_error      TEXT,
    acknowledged_at BIGINT,
    CONSTRAINT deliveries_sequence UNIQUE (channel, sequence)
);
CREATE INDEX deliveries_pending ON deliveries (channel, monitor_id, sequence) WHERE acknowledged_at IS NULL;
