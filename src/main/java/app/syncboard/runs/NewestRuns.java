package app.syncboard.runs;

import java.sql.DatabaseMetaData;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The questions about a job's newest runs, asked so that they stay fast with millions of runs: each reads the index
 * {@code sync_run (job_id, id)} backwards from the job's newest run and stops at the first that matches
 * ({@code ORDER BY job_id DESC, id DESC LIMIT n}). PostgreSQL finds that plan itself. H2 does not when the job comes
 * from an outer query (every job at once, as the dashboard asks): it takes the index of the foreign key on
 * {@code job_id} instead and reads and sorts each job's whole history (1.6 s instead of 13 ms for 1,000 jobs and
 * 1,000,000 runs), so on H2 the index is named ({@code USE INDEX}). See docs/decisions.md, 15.
 */
@Component
class NewestRuns {

    static final String RESULT = "x.status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED', 'MISSED')";
    static final String SUCCESS = "x.status = 'SUCCEEDED'";
    static final String FAILURE = "x.status IN ('FAILED', 'TIMED_OUT', 'INTERRUPTED', 'BLOCKED')";

    private final JdbcClient jdbc;
    private final Runs runs;
    private final String byJob;

    NewestRuns(JdbcClient jdbc, Runs runs, DataSource dataSource) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.byJob = isH2(dataSource) ? " USE INDEX (sync_run_job_idx)" : "";
    }

    /** {@code sync_run} as {@code x}, read by job, newest first. */
    String runsByJob() {
        return "sync_run x" + byJob;
    }

    /**
     * For each job: its newest run, newest result and newest success, in one query and one load of the runs (for most
     * jobs the three are one run).
     */
    Map<Long, RunHistory.Newest> ofEachJob() {
        Map<Long, long[]> ids = new HashMap<>();
        jdbc.sql("SELECT j.id, " + newestId(null) + ", " + newestId(RESULT) + ", " + newestId(SUCCESS)
                        + " FROM sync_job j")
                .query(rs -> {
                    ids.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                });
        Map<Long, Run> runsById = new HashMap<>();
        runs.findAllById(ids.values().stream()
                        .flatMapToLong(Arrays::stream)
                        .filter(id -> id > 0)
                        .distinct()
                        .boxed()
                        .toList())
                .forEach(run -> runsById.put(run.id(), run));
        Map<Long, RunHistory.Newest> newest = new HashMap<>();
        ids.forEach((jobId, three) -> newest.put(
                jobId, new RunHistory.Newest(runsById.get(three[0]), runsById.get(three[1]), runsById.get(three[2]))));
        return newest;
    }

    private String newestId(String condition) {
        return "COALESCE((SELECT x.id FROM " + runsByJob() + " WHERE x.job_id = j.id" + and(condition)
                + " ORDER BY x.job_id DESC, x.id DESC LIMIT 1), 0)";
    }

    /** The job's newest run matching {@code condition}. */
    Optional<Run> ofJob(long jobId, String condition) {
        return lastOfJob(jobId, condition, 1).stream().findFirst();
    }

    /** The job's newest {@code count} runs matching {@code condition}, newest first. */
    List<Run> lastOfJob(long jobId, String condition, int count) {
        List<Long> ids = jdbc.sql("SELECT x.id FROM " + runsByJob() + " WHERE x.job_id = :jobId" + and(condition)
                        + " ORDER BY x.job_id DESC, x.id DESC LIMIT :count")
                .param("jobId", jobId)
                .param("count", count)
                .query(Long.class)
                .list();
        return runs.findAllById(ids).stream()
                .sorted(Comparator.comparingLong(Run::id).reversed())
                .toList();
    }

    /** For each job, how many of its runs failed since its newest success (all of them, when it never succeeded). */
    Map<Long, Long> failuresSinceSuccessOfEachJob() {
        Map<Long, Long> failures = new HashMap<>();
        jdbc.sql("SELECT j.id, (SELECT COUNT(*) FROM " + runsByJob() + " WHERE x.job_id = j.id AND " + FAILURE
                        + " AND x.id > COALESCE((SELECT x.id FROM " + runsByJob() + " WHERE x.job_id = j.id AND "
                        + SUCCESS + " ORDER BY x.job_id DESC, x.id DESC LIMIT 1), 0)) FROM sync_job j")
                .query(rs -> {
                    failures.put(rs.getLong(1), rs.getLong(2));
                });
        return failures;
    }

    /** How many runs of the job after {@code afterId} failed. */
    long failuresAfter(long jobId, long afterId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + runsByJob() + " WHERE x.job_id = :jobId AND x.id > :afterId AND "
                        + FAILURE)
                .param("jobId", jobId)
                .param("afterId", afterId)
                .query(Long.class)
                .single();
    }

    private static String and(String condition) {
        return condition == null ? "" : " AND " + condition;
    }

    private static boolean isH2(DataSource dataSource) {
        try {
            return "H2".equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
        } catch (MetaDataAccessException e) {
            return false;
        }
    }
}
