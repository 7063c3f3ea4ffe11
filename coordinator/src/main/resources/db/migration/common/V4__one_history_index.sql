-- Portable across SQLite and PostgreSQL.

-- Every stored result lands on a random page of each index that starts with monitor_id, and the
-- single writer's throughput is bounded by how many such pages each result dirties (profile of
-- `bench scale` at 250,000 monitors x 3). results_by_monitor serves both history queries: the
-- newest results of one location are found by walking the monitor's results newest first and
-- skipping the other locations, about (locations x limit) index entries, so this second index
-- cost a page write per result for a small gain on one read.
DROP INDEX results_by_monitor_location;
