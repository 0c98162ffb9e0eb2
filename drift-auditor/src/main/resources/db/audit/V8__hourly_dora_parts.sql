-- Audit store, version 8: each daily DORA roll-up also holds its hours, so a range that starts or ends inside a day
-- reads the hours it covers from the day's row and at most the rest of one hour at each end from the applies (it read
-- both partial days from the applies: about 1,200 applies for a range over every cluster at 1,000,000 events).
-- The same of each hour with applies: "#hour TAB deployments TAB failed TAB unhealthy-from TAB healthy-at TAB
-- start:resolved,..." then its applications as in deliveries (store.DoraHours).
ALTER TABLE dora_days ADD COLUMN hours VARCHAR NOT NULL DEFAULT '';
-- The existing rows have no hours: every day of an existing store starts stale and is rolled up again by the
-- backfill after the upgrade (the query answers from the applies until then), as after version 5.
DELETE FROM dora_days;
DELETE FROM dora_days_stale;
INSERT INTO dora_days_stale (cluster, day) SELECT DISTINCT cluster, occurred_at / 86400000 FROM applies;
