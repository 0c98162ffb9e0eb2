package io.shiplog.auditor.project;

/**
 * The tables a {@link ProjectionBatch} appends rows to, each with its insert statement: an enum, so the batch keeps
 * its open statements in an array by ordinal instead of looking each row's table up by name.
 */
enum Inserts {
    IMAGE_EVENTS("INSERT INTO image_events (event_id, event_type, repository, registry, tag, digest, previous_digest, "
            + "source, occurred_at, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?)"),
    COMMITS("INSERT INTO commits (event_id, sha, config_repo, branch, by_shiplog, author_name, author_email, "
            + "committed_at, message, occurred_at, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
    COMMIT_CHANGES("INSERT INTO commit_changes (sha, path, obj_kind, obj_namespace, obj_name, field, repository, "
            + "from_value, to_value, to_tag, to_digest, policy, committed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"),
    COMMIT_PATHS("INSERT INTO commit_paths (sha, path, committed_at) VALUES (?,?,?)"),
    COMMIT_CAUSES("INSERT INTO commit_causes (sha, cause_event_id) VALUES (?,?)"),
    APPLIES("INSERT INTO applies (apply_seq, event_id, event_type, cluster, config_repo, branch, commit_sha, "
            + "apply_trigger, status, reason, message, started_at, duration_ms, object_count, failed_count, "
            + "degraded_count, pruned_count, progressing_count, occurred_at, correlation_id, causation_id, deliveries) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
    APPLY_STARTS("INSERT INTO apply_starts (apply_seq, event_id, cluster, config_repo, branch, commit_sha, "
            + "apply_trigger, object_count, occurred_at, correlation_id, causation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"),
    APPLY_SKIPPED("INSERT INTO apply_skipped (apply_seq, sha) VALUES (?,?)"),
    APPLY_RESULTS("INSERT INTO apply_results (apply_seq, event_id, cluster, commit_sha, obj_group, obj_version, "
            + "obj_kind, obj_namespace, obj_name, action, health, source_path, message, occurred_at) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
    OBJECT_SOURCES("INSERT INTO object_sources (obj_kind, obj_namespace, obj_name, source_path) VALUES (?,?,?,?)"),
    WORKLOAD_IMAGES("INSERT INTO workload_images (apply_seq, obj_kind, obj_namespace, obj_name, image, action, "
            + "health) VALUES (?,?,?,?,?,?,?)"),
    DRIFT("INSERT INTO drift (event_id, event_type, cluster, drift_kind, obj_kind, obj_namespace, obj_name, "
            + "commit_sha, field_paths, detected_event_id, detail, occurred_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
    CLUSTERS("INSERT INTO clusters (name, first_seen) VALUES (?,?)"),
    UPDATE_SKIPS("INSERT INTO update_skips (event_id, config_repo, branch, repository, tag, digest, reason, detail, "
            + "path, policy, occurred_at, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
    COMMANDS("INSERT INTO commands (event_id, command_type, target, requested_by, detail, occurred_at) "
            + "VALUES (?,?,?,?,?,?)");

    final String sql;

    Inserts(String sql) {
        this.sql = sql;
    }
}
