package app.syncboard.runs;

import app.syncboard.jobs.SyncJob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily clean-up: deletes the run records that ended longer ago than their job keeps them, and the stored logs
 * of the runs that ended longer ago than their job keeps logs (the job's own days, else
 * {@code syncboard.retention.runs-days} and {@code logs-days}).
 *
 * <p>Whatever answers a question about now stays, however old: a job's newest run, its newest result and its newest
 * success (the dashboard, the monitoring and the stale notices read these), with their logs; the failed runs since
 * its newest success (the monitoring counts them as consecutive failures); a run queued or going, one whose retry is
 * due, the first attempt such a retry or a going attempt names, and a run holding its job's lock. A MISSED record is
 * judged by when it ends, so one that covers a recent fire time stays while the ledger may ask about it.
 *
 * <p>A job's newest runs are read once per clean-up; runs recorded after that have larger ids and stay until the
 * next one. It deletes in batches of up to {@link #BATCH} runs, each in a transaction of its own that holds the
 * job's row (as a launch and the missed-runs ledger do), so that a first clean-up of a long history never holds a
 * lock for long, a retry cannot be launched from a run while it goes, and two nodes on one database take turns:
 * deleting is idempotent.
 */
@Component("retention")
public class Retention {

    static final int BATCH = 5_000;

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** The job's runs that ended before {@code :before} and that nothing needs now. */
    private static final String REMOVABLE = " r.job_id = :job AND r.finished_at < :before AND r.id < :newest"
            + " AND r.id <> :result AND r.id <> :success"
            + " AND r.status NOT IN ('QUEUED', 'RUNNING') AND r.retry_due_at IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM sync_run a WHERE a.first_run_id = r.id"
            + " AND (a.retry_due_at IS NOT NULL OR a.status IN ('QUEUED', 'RUNNING')))"
            + " AND NOT EXISTS (SELECT 1 FROM job_lock l WHERE l.run_id = r.id)";

    // The failures after the newest success are what Runs.failuresAfter counts: the same statuses.
    private static final String OLD_RUNS = "SELECT r.id FROM sync_run r WHERE" + REMOVABLE
            + " AND NOT (r.id > :success AND r.status IN ('FAILED', 'TIMED_OUT', 'INTERRUPTED', 'BLOCKED'))"
            + " LIMIT :limit";

    private static final String OLD_LOGS =
            "SELECT r.id FROM sync_run r JOIN run_log g ON g.run_id = r.id WHERE" + REMOVABLE + " LIMIT :limit";

    /** What one clean-up removed, in how many transactions, and how long it took. */
    public record Removed(long runs, long logs, int batches, Duration took) {}

    private record JobDays(long id, int runsDays, int logsDays) {}

    /** A job's runs that stay whatever their age; 0 for none. */
    private record Newest(long run, long result, long success) {}

    private record Batch(int selected, int runs, int logs) {

        static final Batch NONE = new Batch(0, 0, 0);
    }

    private final JdbcClient jdbc;
    private final JobLocks locks;
    private final TransactionTemplate transactions;
    private final RetentionSettings settings;
    private final Clock clock;

    Retention(
            JdbcClient jdbc,
            JobLocks locks,
            TransactionTemplate transactions,
            RetentionSettings settings,
            Clock clock) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(cron = "${syncboard.retention.cron:0 17 4 * * *}")
    void daily() {
        cleanUp(clock.instant());
    }

    /** Days a run record is kept when its job does not say. */
    public int defaultRunsDays() {
        return settings.runsDays();
    }

    /** Days a stored log is kept when its job does not say. */
    public int defaultLogsDays() {
        return settings.logsDays();
    }

    /** How long the job's runs and logs are kept, as its page says it. */
    public String text(SyncJob job) {
        int runs = job.retention().runs().orElse(settings.runsDays());
        int logs = Math.min(runs, job.retention().logs().orElse(settings.logsDays()));
        boolean runsByDefault = job.retention().runs().isEmpty();
        boolean logsByDefault = job.retention().logs().isEmpty() && logs == settings.logsDays();
        return "run records " + runs + " days" + (runsByDefault ? " (the default)" : "") + ", their logs " + logs
                + " days" + (logsByDefault ? " (the default)" : "")
                + "; the newest run, result and success stay however old";
    }

    /** Deletes every job's runs and logs older than it keeps them at {@code now}. */
    public Removed cleanUp(Instant now) {
        long started = System.nanoTime();
        long runs = 0;
        long logs = 0;
        int batches = 0;
        for (JobDays job : jobs()) {
            Timestamp runsBefore = Timestamp.from(now.minus(Duration.ofDays(job.runsDays())));
            Timestamp logsBefore = Timestamp.from(now.minus(Duration.ofDays(job.logsDays())));
            try {
                // Runs recorded from here on have larger ids than this newest one, and stay this time.
                Newest newest = newest(job.id());
                if (newest.run() == 0) {
                    continue;
                }
                // Each batch deletes what it selected, so the next one finds the next; one that deleted nothing
                // (another node was quicker) ends the loop.
                Batch batch;
                do {
                    batch = batch(job.id(), newest, OLD_RUNS, runsBefore, true);
                    runs += batch.runs();
                    logs += batch.logs();
                    batches += batch.selected() > 0 ? 1 : 0;
                } while (batch.selected() == BATCH && batch.runs() > 0);
                do {
                    batch = batch(job.id(), newest, OLD_LOGS, logsBefore, false);
                    logs += batch.logs();
                    batches += batch.selected() > 0 ? 1 : 0;
                } while (batch.selected() == BATCH && batch.logs() > 0);
            } catch (DataAccessException e) {
                log.warn(
                        "Retention: the runs of job {} could not be cleaned up; the next clean-up tries again",
                        job.id(),
                        e);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Retention: removed {} run records and {} logs in {} ms", runs, logs, took.toMillis());
        return new Removed(runs, logs, batches, took);
    }

    /**
     * One transaction, holding the job's row: deletes the logs (and the runs, {@code withRuns}) of up to
     * {@link #BATCH} of the job's removable runs.
     */
    private Batch batch(long jobId, Newest newest, String select, Timestamp before, boolean withRuns) {
        return transactions.execute(tx -> {
            if (!locks.holdJob(jobId)) {
                return Batch.NONE;
            }
            List<Long> ids = jdbc.sql(select)
                    .param("job", jobId)
                    .param("before", before)
                    .param("newest", newest.run())
                    .param("result", newest.result())
                    .param("success", newest.success())
                    .param("limit", BATCH)
                    .query(Long.class)
                    .list();
            if (ids.isEmpty()) {
                return Batch.NONE;
            }
            int logs = jdbc.sql("DELETE FROM run_log WHERE run_id IN (:ids)")
                    .param("ids", ids)
                    .update();
            int runs = withRuns
                    ? jdbc.sql("DELETE FROM sync_run WHERE id IN (:ids)")
                            .param("ids", ids)
                            .update()
                    : 0;
            return new Batch(ids.size(), runs, logs);
        });
    }

    /** As {@link Runs} finds them for the pages and the monitoring. */
    private Newest newest(long jobId) {
        return new Newest(
                newest(jobId, ""),
                newest(jobId, " AND status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED')"),
                newest(jobId, " AND status = 'SUCCEEDED'"));
    }

    private long newest(long jobId, String condition) {
        return jdbc.sql("SELECT MAX(id) FROM sync_run WHERE job_id = ?" + condition)
                .param(jobId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    private List<JobDays> jobs() {
        return jdbc.sql("SELECT id, keep_runs_days, keep_logs_days FROM sync_job ORDER BY id")
                .query((rs, row) ->
                        new JobDays(rs.getLong(1), days(rs, 2, settings.runsDays()), days(rs, 3, settings.logsDays())))
                .list();
    }

    private static int days(ResultSet rs, int column, int otherwise) throws SQLException {
        Integer days = rs.getObject(column, Integer.class);
        return days == null ? otherwise : days;
    }
}
