-- Audit store, version 2: a faster projection and bounded queries.
-- Fewer rows and fewer index entries per event: an apply is keyed by apply_seq (from the record's partition and
-- offset: ascending, so its rows are appended, never inserted at random) instead of the random event id; an apply's
-- start has its own table without indexes; per-object results are kept only when they are history (pruned, failed);
-- where-is-image reads a current-placement table kept by the projection; object sources and commit times are
-- denormalised for the who-changed query.
-- The tables change shape: this version empties the store, which then rebuilds from offset 0.
DELETE FROM projection_offsets;
DELETE FROM image_events;
DELETE FROM commits;
DELETE FROM commit_causes;
DELETE FROM drift;
DELETE FROM commands;
DELETE FROM clusters;
DROP TABLE applies;
DROP TABLE apply_skipped;
DROP TABLE apply_results;
DROP TABLE workload_images;
DROP TABLE commit_changes;
DROP TABLE commit_paths;

-- completed and failed applies
CREATE TABLE applies (
    apply_seq BIGINT NOT NULL PRIMARY KEY,
    event_id VARCHAR(64) NOT NULL,
    event_type VARCHAR(16) NOT NULL,
    cluster VARCHAR NOT NULL,
    config_repo VARCHAR,
    branch VARCHAR,
    commit_sha VARCHAR(64),
    apply_trigger VARCHAR(16),
    status VARCHAR(32),
    reason VARCHAR(32),
    message VARCHAR,
    started_at BIGINT,
    duration_ms BIGINT,
    object_count INTEGER,
    failed_count INTEGER,
    degraded_count INTEGER,
    pruned_count INTEGER,
    progressing_count INTEGER,
    occurred_at BIGINT NOT NULL,
    correlation_id VARCHAR(64),
    causation_id VARCHAR(64),
    -- what a completed apply delivered, written by the projection when it knows the commits: one line per
    -- application, "repository TAB earliest discovery in ms" (empty: none); NULL: not known, read the commit tables
    deliveries VARCHAR
);
CREATE INDEX applies_cluster_time ON applies (cluster, event_type, occurred_at);
CREATE INDEX applies_type_time ON applies (event_type, occurred_at);
CREATE INDEX applies_commit ON applies (commit_sha);

-- started applies (no query reads them by anything but their key)
CREATE TABLE apply_starts (
    apply_seq BIGINT NOT NULL PRIMARY KEY,
    event_id VARCHAR(64) NOT NULL,
    cluster VARCHAR NOT NULL,
    config_repo VARCHAR,
    branch VARCHAR,
    commit_sha VARCHAR(64),
    apply_trigger VARCHAR(16),
    object_count INTEGER,
    occurred_at BIGINT NOT NULL,
    correlation_id VARCHAR(64),
    causation_id VARCHAR(64)
);

-- commits a completed apply skipped (an applier behind applies only the newest)
CREATE TABLE apply_skipped (
    apply_seq BIGINT NOT NULL,
    sha VARCHAR(64) NOT NULL
);
CREATE INDEX apply_skipped_seq ON apply_skipped (apply_seq);
CREATE INDEX apply_skipped_sha ON apply_skipped (sha);

-- the per-object results that are history: pruned and failed objects (the counts of every apply are in applies)
CREATE TABLE apply_results (
    apply_seq BIGINT NOT NULL,
    event_id VARCHAR(64) NOT NULL,
    cluster VARCHAR NOT NULL,
    commit_sha VARCHAR(64),
    obj_group VARCHAR,
    obj_version VARCHAR,
    obj_kind VARCHAR NOT NULL,
    obj_namespace VARCHAR,
    obj_name VARCHAR NOT NULL,
    action VARCHAR(16) NOT NULL,
    health VARCHAR(16),
    source_path VARCHAR,
    message VARCHAR,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX apply_results_cluster ON apply_results (cluster, action, occurred_at);

-- every workload image of every completed apply, with the workload's action and health
CREATE TABLE workload_images (
    apply_seq BIGINT NOT NULL,
    obj_kind VARCHAR NOT NULL,
    obj_namespace VARCHAR,
    obj_name VARCHAR NOT NULL,
    image VARCHAR NOT NULL,
    action VARCHAR(16),
    health VARCHAR(16)
);
CREATE INDEX workload_images_seq ON workload_images (apply_seq);

CREATE TABLE commit_changes (
    sha VARCHAR(64) NOT NULL,
    path VARCHAR NOT NULL,
    obj_kind VARCHAR,
    obj_namespace VARCHAR,
    obj_name VARCHAR,
    field VARCHAR,
    repository VARCHAR,
    from_value VARCHAR,
    to_value VARCHAR,
    to_tag VARCHAR,
    to_digest VARCHAR,
    policy VARCHAR,
    committed_at BIGINT
);
CREATE INDEX commit_changes_sha ON commit_changes (sha);
CREATE INDEX commit_changes_object ON commit_changes (obj_kind, obj_name, committed_at);
CREATE INDEX commit_changes_tag ON commit_changes (to_tag);
CREATE INDEX commit_changes_digest ON commit_changes (to_digest);

CREATE TABLE commit_paths (
    sha VARCHAR(64) NOT NULL,
    path VARCHAR NOT NULL,
    committed_at BIGINT
);
CREATE INDEX commit_paths_path ON commit_paths (path, committed_at);
CREATE INDEX commit_paths_sha ON commit_paths (sha);

-- every object an apply named, once, with the file it came from
CREATE TABLE object_sources (
    obj_kind VARCHAR NOT NULL,
    obj_namespace VARCHAR,
    obj_name VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL
);
CREATE INDEX object_sources_object ON object_sources (obj_kind, obj_name);

-- per cluster, its current apply: the last completed apply that did not wholly fail
CREATE TABLE cluster_heads (
    cluster VARCHAR NOT NULL PRIMARY KEY,
    apply_seq BIGINT NOT NULL,
    event_id VARCHAR(64) NOT NULL,
    applied_at BIGINT NOT NULL
);

-- what runs now: each workload image of each cluster's current apply, and since when it runs there
CREATE TABLE current_placements (
    cluster VARCHAR NOT NULL,
    obj_kind VARCHAR NOT NULL,
    obj_namespace VARCHAR,
    obj_name VARCHAR NOT NULL,
    repository VARCHAR NOT NULL,
    image VARCHAR NOT NULL,
    tag VARCHAR,
    digest VARCHAR,
    since BIGINT NOT NULL,
    apply_seq BIGINT NOT NULL
);
CREATE INDEX current_placements_repository ON current_placements (repository, cluster);
CREATE INDEX current_placements_cluster ON current_placements (cluster);
