-- Audit store, version 1: a projection of the release log. Times are epoch milliseconds (UTC).
-- Portable SQL: the same statements run on H2 and PostgreSQL.
CREATE TABLE projection_offsets (
    topic VARCHAR(249) NOT NULL,
    part INTEGER NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (topic, part)
);
CREATE TABLE image_events (
    event_id VARCHAR(64) NOT NULL,
    event_type VARCHAR(32) NOT NULL,
    repository VARCHAR NOT NULL,
    registry VARCHAR,
    tag VARCHAR NOT NULL,
    digest VARCHAR,
    previous_digest VARCHAR,
    source VARCHAR(16),
    occurred_at BIGINT NOT NULL,
    correlation_id VARCHAR(64)
);
CREATE INDEX image_events_id ON image_events (event_id);
CREATE INDEX image_events_tag ON image_events (tag, repository);
CREATE INDEX image_events_digest ON image_events (digest);
CREATE INDEX image_events_repository ON image_events (repository, tag, occurred_at);
CREATE TABLE commits (
    event_id VARCHAR(64) NOT NULL,
    sha VARCHAR(64) NOT NULL,
    config_repo VARCHAR NOT NULL,
    branch VARCHAR NOT NULL,
    by_shiplog BOOLEAN NOT NULL,
    author_name VARCHAR,
    author_email VARCHAR,
    committed_at BIGINT,
    message VARCHAR,
    occurred_at BIGINT NOT NULL,
    correlation_id VARCHAR(64)
);
CREATE INDEX commits_sha ON commits (sha);
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
    policy VARCHAR
);
CREATE INDEX commit_changes_sha ON commit_changes (sha);
CREATE INDEX commit_changes_object ON commit_changes (obj_kind, obj_name);
CREATE INDEX commit_changes_tag ON commit_changes (to_tag);
CREATE INDEX commit_changes_digest ON commit_changes (to_digest);
CREATE TABLE commit_paths (
    sha VARCHAR(64) NOT NULL,
    path VARCHAR NOT NULL
);
CREATE INDEX commit_paths_path ON commit_paths (path);
CREATE TABLE commit_causes (
    sha VARCHAR(64) NOT NULL,
    cause_event_id VARCHAR(64) NOT NULL
);
CREATE INDEX commit_causes_sha ON commit_causes (sha);
CREATE INDEX commit_causes_cause ON commit_causes (cause_event_id);
CREATE TABLE applies (
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
    occurred_at BIGINT NOT NULL,
    correlation_id VARCHAR(64),
    causation_id VARCHAR(64)
);
CREATE INDEX applies_cluster_time ON applies (cluster, event_type, occurred_at);
CREATE INDEX applies_cluster_recent ON applies (cluster, occurred_at DESC);
CREATE INDEX applies_commit ON applies (commit_sha);
CREATE INDEX applies_id ON applies (event_id);
CREATE TABLE apply_skipped (
    event_id VARCHAR(64) NOT NULL,
    sha VARCHAR(64) NOT NULL
);
CREATE INDEX apply_skipped_sha ON apply_skipped (sha);
CREATE INDEX apply_skipped_id ON apply_skipped (event_id);
CREATE TABLE apply_results (
    event_id VARCHAR(64) NOT NULL,
    cluster VARCHAR NOT NULL,
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
CREATE INDEX apply_results_id ON apply_results (event_id);
CREATE INDEX apply_results_object ON apply_results (obj_kind, obj_name, obj_namespace, source_path);
CREATE INDEX apply_results_pruned ON apply_results (cluster, action, occurred_at);
CREATE TABLE workload_images (
    event_id VARCHAR(64) NOT NULL,
    cluster VARCHAR NOT NULL,
    obj_kind VARCHAR NOT NULL,
    obj_namespace VARCHAR,
    obj_name VARCHAR NOT NULL,
    image VARCHAR NOT NULL,
    repository VARCHAR NOT NULL,
    tag VARCHAR,
    digest VARCHAR,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX workload_images_id ON workload_images (event_id);
CREATE INDEX workload_images_repository ON workload_images (repository, cluster);
CREATE INDEX workload_images_workload ON workload_images (cluster, obj_kind, obj_name, occurred_at);
CREATE TABLE drift (
    event_id VARCHAR(64) NOT NULL,
    event_type VARCHAR(32) NOT NULL,
    cluster VARCHAR NOT NULL,
    drift_kind VARCHAR(16),
    obj_kind VARCHAR,
    obj_namespace VARCHAR,
    obj_name VARCHAR,
    commit_sha VARCHAR(64),
    field_paths VARCHAR,
    detected_event_id VARCHAR(64),
    detail VARCHAR,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX drift_cluster_time ON drift (cluster, occurred_at);
CREATE INDEX drift_commit ON drift (commit_sha);
CREATE TABLE commands (
    event_id VARCHAR(64) NOT NULL,
    command_type VARCHAR(32) NOT NULL,
    target VARCHAR,
    requested_by VARCHAR,
    detail VARCHAR,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX commands_target ON commands (target, occurred_at);
CREATE TABLE clusters (
    name VARCHAR NOT NULL PRIMARY KEY,
    first_seen BIGINT NOT NULL
);
