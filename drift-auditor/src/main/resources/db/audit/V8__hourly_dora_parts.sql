-- Audit store, version 8: each daily DORA roll-up also holds its hours, so a range that starts or ends inside a day
-- reads the hours it covers from the day's row and at most the rest of one hour at each end from the applies (it read
-- both partial days from the applies: about 1,200 applies for a range over every cluster at 1,000,000 events).
-- The table is made again with the new column; every day of an existing store starts stale and is rolled up by the
-- backfill after the upgrade (the query answers from the applies until then), as after version 5.
DROP TABLE dora_days;
CREATE TABLE dora_days (
    cluster VARCHAR NOT NULL,
    -- UTC day: epoch milliseconds / 86,400,000
    day BIGINT NOT NULL,
    -- completed applies of a new commit, and those that failed, partly failed or left a workload degraded
    deployments INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    -- per application: "application TAB deployments TAB failed TAB lead-ms,lead-ms,..." one line each
    deliveries VARCHAR NOT NULL,
    -- the time to restore's view of the day's applies (in time order): the first apply's time when it is
    -- unhealthy, the first healthy apply's time, and the failures after it, "start TAB resolved" one line each
    unhealthy_from BIGINT,
    healthy_at BIGINT,
    runs VARCHAR NOT NULL,
    -- the same of each hour with applies: "#hour TAB deployments TAB failed TAB unhealthy-from TAB healthy-at TAB
    -- start:resolved,..." then its applications as in deliveries (store.DoraHours)
    hours VARCHAR NOT NULL,
    PRIMARY KEY (cluster, day)
);
DELETE FROM dora_days_stale;
INSERT INTO dora_days_stale (cluster, day) SELECT DISTINCT cluster, occurred_at / 86400000 FROM applies;
