-- Portable across SQLite and PostgreSQL. Timestamps are epoch milliseconds.

-- The active coordinator's fencing epoch: one row (id 1), incremented by each coordinator that becomes
-- active. Every write of an active coordinator checks, in its own transaction, that the epoch is still
-- the one it took, so a coordinator that lost its lock without noticing yet cannot write.
-- alive_at is refreshed by the active coordinator about every second; the next one reads it to know
-- when the store last had an active coordinator (the start of the gap).
CREATE TABLE coordinator_epoch (
    id       INTEGER NOT NULL PRIMARY KEY,
    epoch    BIGINT  NOT NULL,
    holder   TEXT    NOT NULL,
    alive_at BIGINT  NOT NULL
);

-- Periods [from_at, to_at) with no active coordinator, recorded by the coordinator that ended them
-- (its epoch) when longer than the shortest monitor interval. A gap counts for a monitor when it is
-- longer than that monitor's interval: history shows it, availability leaves it out of uptime.
CREATE TABLE coordinator_gaps (
    epoch   BIGINT NOT NULL PRIMARY KEY,
    from_at BIGINT NOT NULL,
    to_at   BIGINT NOT NULL
);
CREATE INDEX coordinator_gaps_by_end ON coordinator_gaps (to_at);
