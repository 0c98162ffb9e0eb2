-- Audit store, version 9: each daily DORA roll-up also holds every lead time of its day, its applications pooled,
-- sorted, as varints (store.LeadTimes), so the organisation-wide rows by cluster read one small value per cluster and
-- day instead of parsing every application's line of deliveries (560 rows of about 1,200 characters for 28 days of
-- 20 clusters at 1,000,000 events).
-- (BYTEA: bytes on PostgreSQL, a blob as written on SQLite; every row is written again with its own value)
ALTER TABLE dora_days ADD COLUMN leads BYTEA NOT NULL DEFAULT '';
-- The existing rows have no pooled lead times: every day of an existing store starts stale and is rolled up again by
-- the backfill after the upgrade (the query answers from the applies until then), as after versions 5 and 8.
DELETE FROM dora_days;
DELETE FROM dora_days_stale;
INSERT INTO dora_days_stale (cluster, day) SELECT DISTINCT cluster, occurred_at / 86400000 FROM applies;
