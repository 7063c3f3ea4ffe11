-- Hourly rollups of scheduled results, so that reports over days read one row per monitor, location and
-- hour instead of every result, and availability stays reportable after results.retention purged the
-- results (they are kept for results.rollup_retention). Timestamps are epoch milliseconds; an hour is the
-- hour the results STARTED in, as reports select results by start time. Only the blob type differs
-- between the two files (the other is postgresql/V9).

-- Per monitor, location and hour: results by status, and the connect times of the connected ones as a
-- ConnectHistogram (fixed logarithmic buckets; percentiles within 1 %).
CREATE TABLE rollup_locations (
    monitor_id        BIGINT  NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    hour_at           BIGINT  NOT NULL,
    location          TEXT    NOT NULL,
    connected         INTEGER NOT NULL,
    failed            INTEGER NOT NULL,
    no_agent          INTEGER NOT NULL,
    connect_histogram BLOB   NOT NULL,
    PRIMARY KEY (monitor_id, hour_at, location)
);
CREATE INDEX rollup_locations_by_hour ON rollup_locations (hour_at);

-- Per monitor and hour: the due time of every round and whether it had a verdict, as RoundRuns
-- (arithmetic runs: one run for an hour of regular rounds), so uptime, incidents and gaps come out
-- exactly as from the results.
CREATE TABLE rollup_rounds (
    monitor_id BIGINT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    hour_at    BIGINT NOT NULL,
    rounds     BLOB  NOT NULL,
    PRIMARY KEY (monitor_id, hour_at)
);
CREATE INDEX rollup_rounds_by_hour ON rollup_rounds (hour_at);

-- Hours before rolled_up_to are rolled up (a single row).
CREATE TABLE rollup_watermark (
    id           INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    rolled_up_to BIGINT  NOT NULL
);

-- Monitor-hours rolled up already that received a result since (an agent delivering late): rolled up
-- again on the next pass, and read from the results until then.
CREATE TABLE rollup_dirty (
    monitor_id BIGINT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    hour_at    BIGINT NOT NULL,
    PRIMARY KEY (monitor_id, hour_at)
);
