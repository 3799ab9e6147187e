package app.syncboard.runs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Read-only questions about past runs, for pages and other modules. */
@Component
public class RunHistory {

    public static final int PAGE_SIZE = 50;

    private final Runs runs;

    RunHistory(Runs runs) {
        this.runs = runs;
    }

    public Optional<Run> find(long runId) {
        return runs.findById(runId);
    }

    /** The newest run of each job that ran at least once, by job id. */
    public Map<Long, Run> latestByJob() {
        return byJob(runs.latestOfEachJob());
    }

    /** The newest successful run of each job that ever succeeded, by job id. */
    public Map<Long, Run> lastSuccessByJob() {
        return byJob(runs.lastSuccessOfEachJob());
    }

    /** The newest run of each job that ran to an end: succeeded, failed, interrupted...; not skipped. */
    public Map<Long, Run> lastResultByJob() {
        return byJob(runs.lastResultOfEachJob());
    }

    /** The job's newest successful run. */
    public Optional<Run> lastSuccessOfJob(long jobId) {
        return runs.lastSuccessOfJob(jobId);
    }

    /** The job's newest run that ran to an end (not queued, running, skipped or missed). */
    public Optional<Run> lastResultOfJob(long jobId) {
        return runs.lastResultOfJob(jobId);
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
        return runs.failuresAfter(jobId, afterRunId == null ? 0 : afterRunId);
    }

    public long countOfJob(long jobId) {
        return runs.countByJobId(jobId);
    }

    /** Newest first, keyset-paged: pass the smallest id of the previous page, or null for the first page. */
    public List<Run> pageOfJob(long jobId, Long beforeId) {
        return pageOfJob(jobId, beforeId, PAGE_SIZE);
    }

    public List<Run> pageOfJob(long jobId, Long beforeId, int size) {
        return runs.pageOfJob(jobId, beforeId == null ? Long.MAX_VALUE : beforeId, size);
    }

    private static Map<Long, Run> byJob(List<Run> list) {
        return list.stream()
                .collect(Collectors.toMap(Run::jobId, Function.identity(), (a, b) -> a.id() > b.id() ? a : b));
    }
}
