package app.syncboard.hosts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface Hosts extends ListCrudRepository<Host, Long> {

    List<Host> findAllByOrderByName();

    Optional<Host> findByName(String name);

    /** Keeps a key the host presented that is not the accepted one; no version check, it is not an edit. */
    @Modifying
    @Transactional
    @Query("UPDATE host SET offered_host_key = :key, offered_at = :at WHERE id = :id")
    void recordOfferedKey(@Param("id") long id, @Param("key") String key, @Param("at") Instant at);
}
