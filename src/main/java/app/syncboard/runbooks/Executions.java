package app.syncboard.runbooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Executions of runbooks and their steps as stored; the engine is the only one that changes them. */
@Repository
public class Executions {

    /** The newest part of a step's output that is kept. */
    static final int MAX_LOG = 256 * 1024;

    private static final String COLUMNS = "id, runbook_id, pair_id, runbook_name, steps, rehearsal, status, started_by,"
            + " started_at, ended_at, current_step, message";
    private static final String STEP_COLUMNS = "execution_id, position, title, kind, status, attempts, exit_code,"
            + " started_at, ended_at, log, note, done_by, run_id, new_primary_host_id";

    private final JdbcClient jdbc;

    Executions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Execution> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runbook_execution WHERE id = ?")
                .param(id)
                .query(Executions::execution)
                .optional();
    }

    public List<ExecutionStep> steps(long executionId) {
        return jdbc.sql("SELECT " + STEP_COLUMNS + " FROM runbook_execution_step WHERE execution_id = ?"
                        + " ORDER BY position")
                .param(executionId)
                .query(Executions::step)
                .list();
    }

    public Optional<ExecutionStep> step(long executionId, int position) {
        return jdbc.sql("SELECT " + STEP_COLUMNS + " FROM runbook_execution_step WHERE execution_id = ?"
                        + " AND position = ?")
                .params(executionId, position)
                .query(Executions::step)
                .optional();
    }

    /** The runbook's executions, newest first. */
    public List<Execution> ofRunbook(long runbookId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runbook_execution WHERE runbook_id = ? ORDER BY id DESC"
                        + " FETCH FIRST " + limit + " ROWS ONLY")
                .param(runbookId)
                .query(Executions::execution)
                .list();
    }

    /** Executions under way, waiting or halted, oldest first. */
    public List<Execution> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runbook_execution WHERE status IN ('RUNNING', 'WAITING',"
                        + " 'HALTED') ORDER BY id")
                .query(Executions::execution)
                .list();
    }

    /** The pair's execution under way, if any (it holds the pair's lock). */
    public Optional<Execution> activeOfPair(long pairId) {
        return jdbc.sql("SELECT execution_id FROM runbook_pair_lock WHERE pair_id = ?")
                .param(pairId)
                .query(Long.class)
                .optional()
                .flatMap(this::find);
    }

    /** @return whether the pair's lock was free and is now this execution's */
    boolean lockPair(long pairId, long executionId) {
        try {
            jdbc.sql("INSERT INTO runbook_pair_lock (pair_id, execution_id) VALUES (?, ?)")
                    .params(pairId, executionId)
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    void unlockPair(long pairId, long executionId) {
        jdbc.sql("DELETE FROM runbook_pair_lock WHERE pair_id = ? AND execution_id = ?")
                .params(pairId, executionId)
                .update();
    }

    long insert(Runbook runbook, String steps, boolean rehearsal, String by, Instant at) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO runbook_execution (runbook_id, pair_id, runbook_name, steps, rehearsal, status,"
                        + " started_by, started_at, current_step) VALUES (?, ?, ?, ?, ?, 'RUNNING', ?, ?, 0)")
                .params(runbook.id(), runbook.pairId(), runbook.name(), steps, rehearsal, by, Sql.at(at))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    void insertStep(long executionId, int position, RunbookStep step) {
        jdbc.sql("INSERT INTO runbook_execution_step (execution_id, position, title, kind, status, attempts)"
                        + " VALUES (?, ?, ?, ?, 'PENDING', 0)")
                .params(executionId, position, step.title(), step.kind().name())
                .update();
    }

    /**
     * Moves the execution from {@code from} at step {@code fromStep} to {@code to} at {@code toStep}, if it is still
     * where the caller saw it.
     *
     * @return whether it was (and moved)
     */
    boolean transition(
            long id, ExecutionStatus from, Integer fromStep, ExecutionStatus to, Integer toStep, String message) {
        return transition(id, from, fromStep, to, toStep, message, null);
    }

    boolean transition(
            long id,
            ExecutionStatus from,
            Integer fromStep,
            ExecutionStatus to,
            Integer toStep,
            String message,
            Instant endedAt) {
        return jdbc.sql("UPDATE runbook_execution SET status = ?, current_step = ?, message = ?, ended_at = ?"
                                + " WHERE id = ? AND status = ? AND "
                                + (fromStep == null ? "current_step IS NULL" : "current_step = " + fromStep))
                        .params(to.name(), toStep, message, Sql.at(endedAt), id, from.name())
                        .update()
                == 1;
    }

    void setStatus(long id, ExecutionStatus status, Integer currentStep, String message, Instant endedAt) {
        jdbc.sql("UPDATE runbook_execution SET status = ?, current_step = ?, message = ?, ended_at = ? WHERE id = ?")
                .params(status.name(), currentStep, message, Sql.at(endedAt), id)
                .update();
    }

    /** The step begins (again): RUNNING, one attempt more, its times and exit code cleared, its log kept. */
    void stepStarted(long executionId, int position, Instant at) {
        jdbc.sql("UPDATE runbook_execution_step SET status = 'RUNNING', attempts = attempts + 1, started_at = ?,"
                        + " ended_at = NULL, exit_code = NULL WHERE execution_id = ? AND position = ?")
                .params(Sql.at(at), executionId, position)
                .update();
    }

    void stepStatus(long executionId, int position, StepStatus status, Integer exitCode, Instant endedAt) {
        jdbc.sql("UPDATE runbook_execution_step SET status = ?, exit_code = ?, ended_at = ? WHERE execution_id = ?"
                        + " AND position = ?")
                .params(status.name(), exitCode, Sql.at(endedAt), executionId, position)
                .update();
    }

    void stepNote(long executionId, int position, String note, String by) {
        jdbc.sql("UPDATE runbook_execution_step SET note = ?, done_by = ? WHERE execution_id = ? AND position = ?")
                .params(note, by, executionId, position)
                .update();
    }

    void stepLog(long executionId, int position, String log) {
        String kept = log.length() > MAX_LOG ? log.substring(log.length() - MAX_LOG) : log;
        jdbc.sql("UPDATE runbook_execution_step SET log = ? WHERE execution_id = ? AND position = ?")
                .params(kept, executionId, position)
                .update();
    }

    void stepRun(long executionId, int position, long runId) {
        jdbc.sql("UPDATE runbook_execution_step SET run_id = ? WHERE execution_id = ? AND position = ?")
                .params(runId, executionId, position)
                .update();
    }

    void stepNewPrimary(long executionId, int position, long hostId) {
        jdbc.sql("UPDATE runbook_execution_step SET new_primary_host_id = ? WHERE execution_id = ? AND position = ?")
                .params(hostId, executionId, position)
                .update();
    }

    private static Execution execution(ResultSet rs, int row) throws SQLException {
        return new Execution(
                rs.getLong("id"),
                rs.getLong("runbook_id"),
                rs.getLong("pair_id"),
                rs.getString("runbook_name"),
                rs.getString("steps"),
                rs.getBoolean("rehearsal"),
                ExecutionStatus.valueOf(rs.getString("status")),
                rs.getString("started_by"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "ended_at"),
                Sql.integer(rs, "current_step"),
                rs.getString("message"));
    }

    private static ExecutionStep step(ResultSet rs, int row) throws SQLException {
        return new ExecutionStep(
                rs.getLong("execution_id"),
                rs.getInt("position"),
                rs.getString("title"),
                RunbookStep.Kind.valueOf(rs.getString("kind")),
                StepStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                Sql.integer(rs, "exit_code"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "ended_at"),
                rs.getString("log"),
                rs.getString("note"),
                rs.getString("done_by"),
                Sql.number(rs, "run_id"),
                Sql.number(rs, "new_primary_host_id"));
    }
}
