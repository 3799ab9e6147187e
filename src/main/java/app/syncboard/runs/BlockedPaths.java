package app.syncboard.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a BLOCKED run would have deleted on the standby: how many files, and the first of their paths. Public for
 * the templates, which read {@link Blocked}.
 */
@Component
public class BlockedPaths {

    /** {@code paths} holds all of them when {@code deletions} is at most its size. */
    public record Blocked(long deletions, List<String> paths) {

        public boolean complete() {
            return deletions <= paths.size();
        }
    }

    static final int MAX_PATH = 4096;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    BlockedPaths(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void save(long runId, long deletions, List<String> paths) {
        jdbc.sql("INSERT INTO run_blocked (run_id, deletions) VALUES (?, ?)")
                .params(runId, deletions)
                .update();
        List<Object[]> rows = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            // As wide as the column; a path this long is still recognisable by its start.
            rows.add(new Object[] {runId, i, Run.clip(path, MAX_PATH)});
        }
        batch.batchUpdate("INSERT INTO run_blocked_path (run_id, position, path) VALUES (?, ?, ?)", rows);
    }

    Optional<Blocked> of(long runId) {
        return jdbc.sql("SELECT deletions FROM run_blocked WHERE run_id = ?")
                .param(runId)
                .query(Long.class)
                .optional()
                .map(deletions -> new Blocked(
                        deletions,
                        jdbc.sql("SELECT path FROM run_blocked_path WHERE run_id = ? ORDER BY position")
                                .param(runId)
                                .query(String.class)
                                .list()));
    }
}
