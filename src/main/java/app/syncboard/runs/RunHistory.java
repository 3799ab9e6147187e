package app.syncboard.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Read-only questions about past runs, for pages and other modules. */
@Component
public class RunHistory {

    public static final int PAGE_SIZE = 50;

    private final Runs runs;
    private final NewestRuns newest;
    private final JdbcClient jdbc;

    RunHistory(Runs runs, NewestRuns newest, JdbcClient jdbc) {
        this.runs = runs;
        this.newest = newest;
        this.jdbc = jdbc;
    }

    public Optional<Run> find(long runId) {
        return runs.findById(runId);
    }

    /**
     * For every job that ran, by job id: its newest run, its newest result (a run that ran to an end: not queued,
     * running, skipped or missed) and its newest success; each may be null.
     */
    public Map<Long, Newest> newestByJob() {
        return newest.ofEachJob();
    }

    /** A job's newest run, newest result and newest success (each may be null). */
    public record Newest(Run latest, Run lastResult, Run lastSuccess) {}

    /** The job's newest successful run. */
    public Optional<Run> lastSuccessOfJob(long jobId) {
        return newest.ofJob(jobId, NewestRuns.SUCCESS);
    }

    /** The job's newest run that ran to an end (not queued, running, skipped or missed). */
    public Optional<Run> lastResultOfJob(long jobId) {
        return newest.ofJob(jobId, NewestRuns.RESULT);
    }

    /** The runs queued or going on now, by job id (at most one per job). */
    public Map<Long, Run> activeByJob() {
        return byJob(runs.active());
    }

    /** The job's run that is queued or going now, if any. */
    public Optional<Run> activeOfJob(long jobId) {
        return runs.activeOfJob(jobId);
    }

    /** How many runs of the job failed after the run {@code afterRunId} (all of them, when it is null). */
    public long failuresAfter(long jobId, Long afterRunId) {
        return newest.failuresAfter(jobId, afterRunId == null ? 0 : afterRunId);
    }

    /**
     * For each job, how many of its runs failed since its last success (all of them, when it never succeeded): one
     * query for every job, each an index lookup.
     */
    public Map<Long, Long> failuresSinceLastSuccessByJob() {
        return newest.failuresSinceSuccessOfEachJob();
    }

    public long countOfJob(long jobId) {
        return runs.countByJobId(jobId);
    }

    /** Newest first, keyset-paged: pass the smallest id of the previous page, or null for the first page. */
    public List<Run> pageOfJob(long jobId, Long beforeId) {
        return pageOfJob(jobId, beforeId, PAGE_SIZE);
    }

    public List<Run> pageOfJob(long jobId, Long beforeId, int size) {
        return page(jobId, RunFilter.NONE, beforeId, null, size).runs();
    }

    /**
     * One page of the job's runs that pass the filter, newest first, keyset-paged on the run id so that a page deep
     * in ten years of history costs what the first does: {@code before} gives the page of runs older than that id,
     * {@code after} the page of runs newer than it, neither the newest page.
     */
    public Page page(long jobId, RunFilter filter, Long before, Long after, int size) {
        Map<String, Object> params = new HashMap<>();
        params.put("jobId", jobId);
        params.put("limit", size + 1);
        String where = "x.job_id = :jobId" + filter.conditions(params);
        boolean newer = before == null && after != null;
        if (newer) {
            where += " AND x.id > :after";
            params.put("after", after);
        } else if (before != null) {
            where += " AND x.id < :before";
            params.put("before", before);
        }
        String order = newer ? "x.job_id, x.id" : "x.job_id DESC, x.id DESC";
        List<Long> ids = new ArrayList<>(jdbc.sql("SELECT x.id FROM " + newest.runsByJob() + " WHERE " + where
                        + " ORDER BY " + order + " LIMIT :limit")
                .params(params)
                .query(Long.class)
                .list());
        boolean more = ids.size() > size;
        if (more) {
            ids.remove(ids.size() - 1);
        }
        List<Run> page = runs.findAllById(ids).stream()
                .sorted(Comparator.comparingLong(Run::id).reversed())
                .toList();
        if (page.isEmpty()) {
            return new Page(page, null, null);
        }
        Long newestShown = page.get(0).id();
        Long oldestShown = page.get(page.size() - 1).id();
        Long olderThan = newer || more ? oldestShown : null;
        Long newerThan = newer ? (more ? newestShown : null) : (before != null ? newestShown : null);
        return new Page(page, olderThan, newerThan);
    }

    /**
     * Every run of the job that passes the filter, newest first, read in slices of {@code slice} runs (for exports:
     * no single query holds them all).
     */
    public void forEach(long jobId, RunFilter filter, int slice, Consumer<Run> each) {
        Long before = null;
        while (true) {
            Page page = page(jobId, filter, before, null, slice);
            page.runs().forEach(each);
            if (page.olderThan() == null) {
                return;
            }
            before = page.olderThan();
        }
    }

    /**
     * A page of runs: {@code olderThan} and {@code newerThan} are the ids to page on from (null when there is
     * nothing older or newer).
     */
    public record Page(List<Run> runs, Long olderThan, Long newerThan) {}

    /** The job's newest {@code count} runs that ran to an end, oldest first: what its trend chart draws. */
    public List<Run> lastResults(long jobId, int count) {
        List<Run> oldestFirst = new ArrayList<>(newest.lastOfJob(jobId, NewestRuns.RESULT, count));
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** The newest runs queued at or after {@code since}, of every job, at most {@code limit}. */
    public List<Run> queuedSince(Instant since, int limit) {
        return runs.queuedSince(since, limit);
    }

    private static Map<Long, Run> byJob(List<Run> list) {
        return list.stream()
                .collect(Collectors.toMap(Run::jobId, Function.identity(), (a, b) -> a.id() > b.id() ? a : b));
    }
}
