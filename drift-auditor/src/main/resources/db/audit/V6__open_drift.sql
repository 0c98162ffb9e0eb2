-- Audit store, version 6: the open drift of the fleet, kept by the projection, so that the web view's fleet matrix and
-- open drift list read the detections still open instead of folding every drift event of the log (seconds at
-- 1,000,000 events). A detection is open until a resolution of the same object on its cluster, or one naming it, at
-- the same time or later: the fold the web view made before (web.DriftDetections). The projection writes it in the
-- transaction of the drift rows (store.OpenDrift); the backfill below works it out once for an existing store.
CREATE TABLE open_drift (
    -- the detection's event id
    event_id VARCHAR(64) NOT NULL,
    cluster VARCHAR NOT NULL,
    drift_kind VARCHAR(16),
    obj_kind VARCHAR,
    obj_namespace VARCHAR,
    obj_name VARCHAR,
    commit_sha VARCHAR(64),
    field_paths VARCHAR,
    detail VARCHAR,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX open_drift_cluster_time ON open_drift (cluster, occurred_at);
CREATE INDEX open_drift_object ON open_drift (obj_name, cluster);
CREATE INDEX open_drift_id ON open_drift (event_id);
INSERT INTO open_drift (event_id, cluster, drift_kind, obj_kind, obj_namespace, obj_name, commit_sha, field_paths,
                        detail, occurred_at)
SELECT d.event_id, d.cluster, d.drift_kind, d.obj_kind, d.obj_namespace, d.obj_name, d.commit_sha, d.field_paths,
       d.detail, d.occurred_at
FROM drift d
WHERE d.event_type = 'DETECTED'
  AND NOT EXISTS (SELECT 1 FROM drift r
                  WHERE r.event_type = 'RESOLVED' AND r.occurred_at >= d.occurred_at
                    AND (r.detected_event_id = d.event_id
                         OR (r.cluster = d.cluster
                             AND (r.obj_kind = d.obj_kind OR (r.obj_kind IS NULL AND d.obj_kind IS NULL))
                             AND (r.obj_namespace = d.obj_namespace
                                  OR (r.obj_namespace IS NULL AND d.obj_namespace IS NULL))
                             AND (r.obj_name = d.obj_name OR (r.obj_name IS NULL AND d.obj_name IS NULL)))));
