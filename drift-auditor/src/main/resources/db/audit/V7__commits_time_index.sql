-- Audit store, version 7: the web view's release timeline reads the commits of a time range newest first, a page at a
-- time; this index serves the range and the order (occurred_at, then event_id, both descending) without a sort of
-- every commit (hundreds of milliseconds at 1,000,000 events).
CREATE INDEX commits_time ON commits (occurred_at, event_id);
