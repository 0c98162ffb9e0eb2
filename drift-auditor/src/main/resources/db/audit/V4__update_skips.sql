-- Audit store, version 4: git-writer's UpdateSkipped events, so that the trace of a tag shows why a pushed tag
-- changed nothing (not selected by the policy, not newer, already current, locked, no usage, ...).
-- Only a table is added: the store keeps its rows. Skips published before this version appear after a rebuild
-- (shiplog replay audit).
CREATE TABLE update_skips (
    event_id VARCHAR(64) NOT NULL,
    config_repo VARCHAR NOT NULL,
    branch VARCHAR NOT NULL,
    repository VARCHAR NOT NULL,
    tag VARCHAR NOT NULL,
    digest VARCHAR,
    reason VARCHAR(32) NOT NULL,
    detail VARCHAR,
    path VARCHAR,
    policy VARCHAR,
    occurred_at BIGINT NOT NULL,
    correlation_id VARCHAR(64)
);
CREATE INDEX update_skips_tag ON update_skips (tag, repository, occurred_at);
CREATE INDEX update_skips_correlation ON update_skips (correlation_id);
