-- Per job, from how old a copy the monitoring reports WARNING and CRITICAL; empty: derived from the schedule.
ALTER TABLE sync_job ADD COLUMN monitor_warning_seconds INTEGER;
ALTER TABLE sync_job ADD COLUMN monitor_critical_seconds INTEGER;
