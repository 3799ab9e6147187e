package app.syncboard.hosts;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

public interface Hosts extends ListCrudRepository<Host, Long> {

    List<Host> findAllByOrderByName();
}
