-- The "last 24 hours" page and retention look runs up by when they were queued, across all jobs.
CREATE INDEX sync_run_queued_idx ON sync_run (queued_at);
