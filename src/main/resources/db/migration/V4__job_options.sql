-- Job semantics: rsync options as fields, mapped destinations, includes, time rules, missed runs, retries,
-- preconditions and steps, the deletion guard; rsync's figures and retry links on runs; pausing a pair.
-- One statement per column: H2 and PostgreSQL differ on adding several at once.

ALTER TABLE sync_job ADD COLUMN rsync_archive BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_checksum BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_compress BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_hard_links BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_acls BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_xattrs BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_numeric_ids BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_partial BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN rsync_bandwidth_limit_kib INTEGER;
-- Further rsync options from the allow-list, one per line.
ALTER TABLE sync_job ADD COLUMN rsync_extra_arguments VARCHAR(4000);

-- "HH:mm-HH:mm" in the job's zone; blackouts one per line ("Mon-Fri 08:00-17:59").
ALTER TABLE sync_job ADD COLUMN start_window VARCHAR(20);
ALTER TABLE sync_job ADD COLUMN blackouts VARCHAR(2000);
-- SKIP or RUN_ONCE: what to do about fire times that passed while syncboard was not running.
ALTER TABLE sync_job ADD COLUMN missed_runs VARCHAR(10) DEFAULT 'SKIP' NOT NULL;
-- The latest fire time accounted for (fired, or recorded as missed); missed ones are those after it.
ALTER TABLE sync_job ADD COLUMN schedule_seen_at TIMESTAMP WITH TIME ZONE;
-- Why the schedule is paused (enabled = false), and since when.
ALTER TABLE sync_job ADD COLUMN paused_reason VARCHAR(500);
ALTER TABLE sync_job ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE sync_job ADD COLUMN retry_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE sync_job ADD COLUMN retry_delay_seconds INTEGER DEFAULT 300 NOT NULL;
ALTER TABLE sync_job ADD COLUMN retry_on_connection BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE sync_job ADD COLUMN retry_on_timeout BOOLEAN DEFAULT TRUE NOT NULL;

ALTER TABLE sync_job ADD COLUMN check_peer_reachable BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE sync_job ADD COLUMN check_source_marker VARCHAR(4096);
-- A failed precondition makes the run SKIPPED, or FAILED when this is set.
ALTER TABLE sync_job ADD COLUMN check_fail_run BOOLEAN DEFAULT FALSE NOT NULL;

ALTER TABLE sync_job ADD COLUMN guard_enabled BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE sync_job ADD COLUMN guard_max_files INTEGER;
ALTER TABLE sync_job ADD COLUMN guard_max_percent INTEGER;
-- Jobs from before the guard get its default limits (NULL would mean "no limit").
UPDATE sync_job SET guard_max_files = 1000, guard_max_percent = 10;

-- Where a path lands on the standby, under its base path; empty: the same path.
ALTER TABLE sync_job_path ADD COLUMN destination VARCHAR(4096);

CREATE TABLE sync_job_include (
    sync_job     BIGINT        NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    sync_job_key INTEGER       NOT NULL,
    pattern      VARCHAR(1024) NOT NULL,
    PRIMARY KEY (sync_job, sync_job_key)
);

-- Checks (CHECK), pre-steps (PRE) and post-steps (POST): commands on the pair's primary or standby.
CREATE TABLE sync_job_step (
    sync_job      BIGINT        NOT NULL REFERENCES sync_job (id) ON DELETE CASCADE,
    sync_job_key  INTEGER       NOT NULL,
    phase         VARCHAR(10)   NOT NULL,
    side          VARCHAR(10)   NOT NULL,
    command       VARCHAR(4000) NOT NULL,
    expected_exit INTEGER       NOT NULL,
    always        BOOLEAN       NOT NULL,
    PRIMARY KEY (sync_job, sync_job_key)
);

ALTER TABLE sync_run ADD COLUMN files_total BIGINT;
ALTER TABLE sync_run ADD COLUMN files_transferred BIGINT;
ALTER TABLE sync_run ADD COLUMN files_deleted BIGINT;
ALTER TABLE sync_run ADD COLUMN bytes_sent BIGINT;
ALTER TABLE sync_run ADD COLUMN bytes_received BIGINT;
ALTER TABLE sync_run ADD COLUMN total_size BIGINT;
-- Retries: each attempt is a run of its own, linked to the first; retry_due_at is set while another attempt follows.
ALTER TABLE sync_run ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE sync_run ADD COLUMN first_run_id BIGINT;
ALTER TABLE sync_run ADD COLUMN retry_due_at TIMESTAMP WITH TIME ZONE;
-- A BLOCKED run approved by an operator names the run that carries out the approved deletion.
ALTER TABLE sync_run ADD COLUMN approved_by VARCHAR(100);
ALTER TABLE sync_run ADD COLUMN approved_run_id BIGINT;

CREATE INDEX sync_run_retry_idx ON sync_run (retry_due_at);

-- What a BLOCKED run would have deleted: how many files, and the first 1,000 paths.
CREATE TABLE run_blocked (
    run_id    BIGINT NOT NULL PRIMARY KEY REFERENCES sync_run (id) ON DELETE CASCADE,
    deletions BIGINT NOT NULL
);

CREATE TABLE run_blocked_path (
    run_id   BIGINT        NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
    position INTEGER       NOT NULL,
    path     VARCHAR(4096) NOT NULL,
    PRIMARY KEY (run_id, position)
);

-- A paused pair runs nothing (after a failover, until someone checks the direction).
ALTER TABLE pair ADD COLUMN paused_reason VARCHAR(500);
ALTER TABLE pair ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;
-- One run at a time on the whole pair, not only per job.
ALTER TABLE pair ADD COLUMN one_run_at_a_time BOOLEAN DEFAULT FALSE NOT NULL;
