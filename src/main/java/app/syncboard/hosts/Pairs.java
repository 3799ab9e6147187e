package app.syncboard.hosts;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

public interface Pairs extends ListCrudRepository<Pair, Long> {

    List<Pair> findAllByOrderByName();

    Optional<Pair> findByName(String name);

    /** The pairs that have the host on one side (both arguments the host's id). */
    List<Pair> findByPrimaryHostIdOrStandbyHostIdOrderByName(long primaryHostId, long standbyHostId);
}
