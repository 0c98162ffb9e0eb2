-- Audit store, version 5: daily roll-ups for the DORA query, so that a range over every cluster reads one row per
-- cluster and day instead of every apply (measured at 1,000,000 events: 28 days of 20 clusters are 34,000 applies).
-- The projection keeps them in the transaction that writes the applies: a day's row is worked out again from all
-- its applies whenever one is written, so applies read out of time order still give the day's exact answer.
-- A day whose deliveries are not all known yet (an apply read before its commit) is listed in dora_days_stale
-- instead; the query reads such a day from its applies, and the deliveries backfill rolls it up once known.
-- Only tables are added: the store keeps its rows; every day of an existing store starts stale and is rolled up by
-- the backfill after the upgrade (the query answers from the applies until then).
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
    PRIMARY KEY (cluster, day)
);
CREATE TABLE dora_days_stale (
    cluster VARCHAR NOT NULL,
    day BIGINT NOT NULL,
    PRIMARY KEY (cluster, day)
);
INSERT INTO dora_days_stale (cluster, day) SELECT DISTINCT cluster, occurred_at / 86400000 FROM applies;
-- the time to restore reads a range of drift per cluster and type from this index alone (no lookup of each row)
CREATE INDEX drift_cluster_type_time ON drift (cluster, event_type, occurred_at, event_id, detected_event_id);
-- the secondary indexes an embedded store sets aside while it is built from offset 0 (store.BulkIndexes), created
-- again when the projection first catches up
CREATE TABLE deferred_indexes (
    name VARCHAR NOT NULL PRIMARY KEY,
    definition VARCHAR NOT NULL
);
