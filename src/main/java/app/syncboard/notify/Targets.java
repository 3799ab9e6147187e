package app.syncboard.notify;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Targets extends ListCrudRepository<Target, Long> {

    List<Target> findAllByOrderById();

    /** The enabled targets of every job and those of this one. */
    @Query("SELECT * FROM notify_target WHERE enabled = TRUE AND (job_id IS NULL OR job_id = :jobId) ORDER BY id")
    List<Target> enabledForJob(long jobId);

    /** The enabled targets of every job and those of the pair's jobs. */
    @Query("SELECT * FROM notify_target WHERE enabled = TRUE AND (job_id IS NULL"
            + " OR job_id IN (SELECT id FROM sync_job WHERE pair_id = :pairId)) ORDER BY id")
    List<Target> enabledForPair(long pairId);
}
