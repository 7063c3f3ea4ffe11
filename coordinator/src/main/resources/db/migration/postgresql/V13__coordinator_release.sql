-- Portable across SQLite and PostgreSQL (one copy per vendor folder). Timestamps are epoch milliseconds.

-- Set when the coordinator of `epoch` ended its tenure cleanly (a planned stop: it stopped scheduling and
-- dispatching, stored every result it had and only then released the store lock); NULL while it is active
-- and after a crash or a lost lock. A release fences like a takeover: no write of that epoch succeeds after
-- it. The next coordinator reads it: a released epoch has no lease left to wait out.
ALTER TABLE coordinator_epoch ADD COLUMN released_at BIGINT;
