-- Retention (issue 5): per job, how many days its run records and their logs are kept; empty: the defaults
-- (syncboard.retention.runs-days and logs-days). One statement per column: H2 and PostgreSQL differ on adding
-- several at once.
ALTER TABLE sync_job ADD COLUMN keep_runs_days INTEGER;
ALTER TABLE sync_job ADD COLUMN keep_logs_days INTEGER;

-- The daily clean-up looks for a job's runs that ended before a day, oldest first.
CREATE INDEX sync_run_job_finished_idx ON sync_run (job_id, finished_at);
-- ... and keeps the first attempt of a retry that is due or going.
CREATE INDEX sync_run_first_run_idx ON sync_run (first_run_id);
