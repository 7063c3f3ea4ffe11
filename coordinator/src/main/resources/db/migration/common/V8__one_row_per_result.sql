-- Portable across SQLite and PostgreSQL.

-- A result is identified by its monitor, location, due time and kind (a round's scheduled probe,
-- its local retry, its verification, or an on-demand test at that millisecond), not by its job id:
-- agents send a result again until it is acknowledged as stored, also to a restarted coordinator or
-- a standby that never issued the job, and this key makes such a resend a no-op (INSERT ... ON
-- CONFLICT). Rows stored twice before this version (a store that failed mid-batch) keep their oldest copy.
DELETE FROM results WHERE id NOT IN (SELECT MIN(id) FROM results GROUP BY monitor_id, location, due_at, kind);
CREATE UNIQUE INDEX results_once ON results (monitor_id, location, due_at, kind);
