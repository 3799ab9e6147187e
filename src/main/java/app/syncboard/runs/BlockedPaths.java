package app.syncboard.runs;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The paths a BLOCKED run would have deleted on the standby (the first {@link SyncProcedure#KEPT_DELETIONS}). */
@Component
public class BlockedPaths {

    private final JdbcClient jdbc;

    BlockedPaths(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(long runId, List<String> paths) {
        for (int i = 0; i < paths.size(); i++) {
            jdbc.sql("INSERT INTO run_blocked_path (run_id, position, path) VALUES (?, ?, ?)")
                    .params(runId, i, paths.get(i))
                    .update();
        }
    }

    public List<String> of(long runId) {
        return jdbc.sql("SELECT path FROM run_blocked_path WHERE run_id = ? ORDER BY position")
                .param(runId)
                .query(String.class)
                .list();
    }
}
