package app.syncboard.hosts;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

public interface Pairs extends ListCrudRepository<Pair, Long> {

    List<Pair> findAllByOrderByName();

    Optional<Pair> findByName(String name);
}
