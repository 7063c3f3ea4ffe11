-- Portable across SQLite and PostgreSQL. Both off for monitors stored before this version.
ALTER TABLE monitors ADD COLUMN alert_when TEXT NOT NULL DEFAULT '';              -- AlertWindow.format(); empty: error rounds in a row
ALTER TABLE monitors ADD COLUMN retry_interval_ms BIGINT NOT NULL DEFAULT 0;      -- 0: always the interval
