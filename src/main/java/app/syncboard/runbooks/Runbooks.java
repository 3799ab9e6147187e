package app.syncboard.runbooks;

import app.syncboard.hosts.Hosts;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.jobs.SyncJobs;
import app.syncboard.runbooks.RunbookYaml.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The runbooks of the pairs: read, saved from their YAML (checked against the pair's jobs and the known hosts), and
 * deleted while nothing was carried out with them yet.
 */
@Service
public class Runbooks {

    private static final String COLUMNS = "id, pair_id, name, description, steps, version, created_at, updated_at,"
            + " last_rehearsed_at, last_executed_at";

    private static final Problem SAME_NAME = new Problem("name", "The pair has a runbook of this name already.");

    private final JdbcClient jdbc;
    private final Pairs pairs;
    private final Hosts hosts;
    private final SyncJobs jobs;
    private final Clock clock;

    Runbooks(JdbcClient jdbc, Pairs pairs, Hosts hosts, SyncJobs jobs, Clock clock) {
        this.jdbc = jdbc;
        this.pairs = pairs;
        this.hosts = hosts;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The outcome of a save: the runbook as saved, or every problem found (with its place in the YAML). */
    public record Saved(Runbook runbook, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** A save that lost against another edit: it was changed meanwhile. */
    public static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile() {
            super("This runbook was changed by someone else meanwhile; reload it and edit again.");
        }
    }

    public List<Runbook> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runbook ORDER BY pair_id, name")
                .query(Runbooks::row)
                .list();
    }

    public List<Runbook> ofPair(long pairId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runbook WHERE pair_id = ? ORDER BY name")
                .param(pairId)
                .query(Runbooks::row)
                .list();
    }

    public Optional<Runbook> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM runbook WHERE id = ?")
                .param(id)
                .query(Runbooks::row)
                .optional();
    }

    /** Checks the YAML against the pair (its jobs, the hosts named) without saving. */
    public List<Problem> check(long pairId, Long id, String yaml) {
        RunbookYaml.Parsed parsed = RunbookYaml.parse(yaml);
        if (!parsed.ok()) {
            return parsed.problems();
        }
        return problemsWithPair(pairId, id, parsed.definition());
    }

    /**
     * Creates a runbook of the pair from its YAML.
     *
     * @return the runbook, or the problems that kept it from being saved
     */
    @Transactional
    public Saved create(long pairId, String yaml) {
        List<Problem> problems = check(pairId, null, yaml);
        if (!problems.isEmpty()) {
            return new Saved(null, problems);
        }
        RunbookDefinition definition = RunbookYaml.parse(yaml).definition();
        Instant now = clock.instant();
        try {
            jdbc.sql("INSERT INTO runbook (pair_id, name, description, steps, version, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, 0, ?, ?)")
                    .params(
                            pairId,
                            definition.name(),
                            definition.description(),
                            RunbookYaml.write(definition),
                            Sql.at(now),
                            Sql.at(now))
                    .update();
        } catch (DuplicateKeyException sameNameMeanwhile) {
            return new Saved(null, List.of(SAME_NAME));
        }
        long id = lastId(pairId, definition.name());
        return new Saved(find(id).orElseThrow(), List.of());
    }

    /**
     * Replaces the runbook's steps (and name) with those of the YAML, if nobody saved it since {@code version}.
     *
     * @throws ChangedMeanwhile when someone else saved it since
     */
    @Transactional
    public Saved update(long id, long version, String yaml) {
        Runbook runbook = find(id).orElseThrow(() -> new IllegalArgumentException("No runbook " + id));
        List<Problem> problems = check(runbook.pairId(), id, yaml);
        if (!problems.isEmpty()) {
            return new Saved(null, problems);
        }
        RunbookDefinition definition = RunbookYaml.parse(yaml).definition();
        int updated = jdbc.sql("UPDATE runbook SET name = ?, description = ?, steps = ?, version = version + 1,"
                        + " updated_at = ? WHERE id = ? AND version = ?")
                .params(
                        definition.name(),
                        definition.description(),
                        RunbookYaml.write(definition),
                        Sql.at(clock.instant()),
                        id,
                        version)
                .update();
        if (updated == 0) {
            throw new ChangedMeanwhile();
        }
        return new Saved(find(id).orElseThrow(), List.of());
    }

    /**
     * Deletes a runbook that was never carried out or rehearsed; one with executions stays, with its history.
     *
     * @return why it was not deleted, or empty when it was
     */
    @Transactional
    public Optional<String> delete(long id) {
        Integer executions = jdbc.sql("SELECT COUNT(*) FROM runbook_execution WHERE runbook_id = ?")
                .param(id)
                .query(Integer.class)
                .single();
        if (executions > 0) {
            return Optional.of("This runbook has " + executions + " execution(s) on record; it stays, with them."
                    + " Rename it or change its steps instead.");
        }
        jdbc.sql("DELETE FROM runbook WHERE id = ?").param(id).update();
        return Optional.empty();
    }

    void markRehearsed(long id, Instant at) {
        jdbc.sql("UPDATE runbook SET last_rehearsed_at = ? WHERE id = ?")
                .params(Sql.at(at), id)
                .update();
    }

    void markExecuted(long id, Instant at) {
        jdbc.sql("UPDATE runbook SET last_executed_at = ? WHERE id = ?")
                .params(Sql.at(at), id)
                .update();
    }

    private static Runbook row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Runbook(
                rs.getLong("id"),
                rs.getLong("pair_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("steps"),
                rs.getLong("version"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "last_rehearsed_at"),
                Sql.instant(rs, "last_executed_at"));
    }

    private long lastId(long pairId, String name) {
        return jdbc.sql("SELECT id FROM runbook WHERE pair_id = ? AND name = ?")
                .params(pairId, name)
                .query(Long.class)
                .single();
    }

    private List<Problem> problemsWithPair(long pairId, Long id, RunbookDefinition definition) {
        List<Problem> problems = new ArrayList<>();
        if (pairs.findById(pairId).isEmpty()) {
            problems.add(new Problem("", "The pair " + pairId + " does not exist."));
            return problems;
        }
        Integer sameName = jdbc.sql("SELECT COUNT(*) FROM runbook WHERE pair_id = ? AND name = ? AND id <> ?")
                .params(pairId, definition.name(), id == null ? -1L : id)
                .query(Integer.class)
                .single();
        if (sameName > 0) {
            problems.add(SAME_NAME);
        }
        Set<String> jobNames =
                jobs.findByPairIdOrderByName(pairId).stream().map(SyncJob::name).collect(Collectors.toSet());
        for (int i = 0; i < definition.steps().size(); i++) {
            RunbookStep step = definition.steps().get(i);
            String path = "steps[" + i + "]";
            if (step.job() != null && !jobNames.contains(step.job())) {
                problems.add(new Problem(
                        path + ".sync_job",
                        "The pair has no job named '" + step.job() + "'"
                                + (jobNames.isEmpty()
                                        ? "."
                                        : "; its jobs: "
                                                + String.join(
                                                        ", ",
                                                        jobNames.stream()
                                                                .sorted()
                                                                .toList()) + ".")));
            }
            String where = step.kind() == RunbookStep.Kind.WAIT_UNTIL ? path + ".wait_until" : path;
            hostProblem(step.host(), where + ".host", problems);
            hostProblem(step.compareHost(), where + ".equals_output_of.host", problems);
        }
        return problems;
    }

    private void hostProblem(String host, String path, List<Problem> problems) {
        if (host != null
                && !host.equals("primary")
                && !host.equals("standby")
                && hosts.findByName(host).isEmpty()) {
            problems.add(
                    new Problem(path, "No host is named '" + host + "'; write primary, standby or a host's name."));
        }
    }
}
