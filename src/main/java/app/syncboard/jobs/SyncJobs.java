package app.syncboard.jobs;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

public interface SyncJobs extends ListCrudRepository<SyncJob, Long> {

    List<SyncJob> findAllByOrderByName();

    List<SyncJob> findByPairIdOrderByName(long pairId);

    Optional<SyncJob> findByName(String name);
}
