package app.syncboard.runs;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Runs extends ListCrudRepository<Run, Long> {

    @Query("SELECT r.* FROM sync_run r"
            + " JOIN (SELECT job_id, MAX(id) AS id FROM sync_run GROUP BY job_id) latest ON r.id = latest.id")
    List<Run> latestOfEachJob();

    @Query("SELECT r.* FROM sync_run r"
            + " JOIN (SELECT job_id, MAX(id) AS id FROM sync_run WHERE status = 'SUCCEEDED' GROUP BY job_id) good"
            + " ON r.id = good.id")
    List<Run> lastSuccessOfEachJob();

    /** The newest run of each job that ran to an end (not queued, running or skipped). */
    @Query("SELECT r.* FROM sync_run r"
            + " JOIN (SELECT job_id, MAX(id) AS id FROM sync_run"
            + " WHERE status NOT IN ('QUEUED', 'RUNNING', 'SKIPPED') GROUP BY job_id) done ON r.id = done.id")
    List<Run> lastResultOfEachJob();

    @Query("SELECT * FROM sync_run WHERE status IN ('QUEUED', 'RUNNING')")
    List<Run> active();

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId AND status IN ('QUEUED', 'RUNNING') ORDER BY id DESC LIMIT 1")
    Optional<Run> activeOfJob(long jobId);

    @Query("SELECT * FROM sync_run WHERE job_id = :jobId AND id < :beforeId ORDER BY id DESC LIMIT :limit")
    List<Run> pageOfJob(long jobId, long beforeId, int limit);

    long countByJobId(long jobId);

    @Query("SELECT * FROM sync_run WHERE node = :node AND status IN ('QUEUED', 'RUNNING')")
    List<Run> activeOnNode(String node);
}
