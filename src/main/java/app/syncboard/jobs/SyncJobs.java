package app.syncboard.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface SyncJobs extends ListCrudRepository<SyncJob, Long> {

    List<SyncJob> findAllByOrderByName();

    List<SyncJob> findByPairIdOrderByName(long pairId);

    Optional<SyncJob> findByName(String name);

    /**
     * Marks the job's fire times up to {@code seen} as accounted for (fired, or recorded as missed). A direct update
     * that leaves the version alone, so that a job form open meanwhile still saves.
     */
    @Modifying
    @Query("UPDATE sync_job SET schedule_seen_at = :seen WHERE id = :id")
    int markScheduleSeen(long id, Instant seen);
}
