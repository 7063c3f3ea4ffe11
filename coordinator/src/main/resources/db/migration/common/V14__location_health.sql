-- Portable across SQLite and PostgreSQL. Timestamps are epoch milliseconds.

-- Each location's health from its canaries (location.Canaries), so that it survives a restart and a
-- failover: the active coordinator writes a location's row whenever a canary round changes its health or
-- its streak, in the same transaction as the location-degraded / location-recovered alert the change
-- raised, fenced by the epoch like every write. The next active coordinator reads every row before its
-- first round: a DEGRADED location stays DEGRADED (its results 91) until its canaries recover, its
-- degradation keeps its incident (no second location-degraded), and a streak goes on where it stopped.
-- A location with no row is HEALTHY with no streak; one whose canaries were removed loses its row.
CREATE TABLE location_health (
    location      TEXT    NOT NULL PRIMARY KEY,
    degraded      BOOLEAN NOT NULL,             -- DEGRADED, else HEALTHY
    since_at      BIGINT,                       -- when it became what it is; NULL: HEALTHY from the start
    streak        INTEGER NOT NULL,             -- canary rounds in a row against it (failed while HEALTHY, good while DEGRADED)
    incident_id   TEXT,                         -- the next four: the open degradation, NULL while HEALTHY
    canary        TEXT,                         -- host:port its alerts name
    failed_reason TEXT,                         -- FailureReason of the failure that degraded it
    failed_at     BIGINT,                       -- when that probe ran
    updated_at    BIGINT  NOT NULL
);
