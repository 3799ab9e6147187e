package app.syncboard.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.TestUsers;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runbooks.RunbookEngine.Refused;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Runbook steps as the people carrying them out see them, on a pair of local directories: commands that fail, time
 * out or are aborted, retry and skip, a sync job and a wait that compares two outputs, and a rehearsal that changes
 * nothing.
 */
@SyncboardTest
class RunbookStepsIT {

    @Autowired
    JobCatalog catalog;

    @Autowired
    RunLauncher launcher;

    @Autowired
    MockMvc mvc;

    @Autowired
    Runbooks runbooks;

    @Autowired
    RunbookEngine engine;

    @Autowired
    Executions executions;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Pairs pairs;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    Path primary;
    Path standby;
    Pair pair;
    Path fifo;

    @BeforeEach
    void pair() throws Exception {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
        pair = testPairs.localPair(primary, standby);
        fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
    }

    /** Whatever still reads the FIFO gets an end of file: nothing a test started can hang on it. */
    @AfterEach
    void releaseFifo() throws IOException {
        // Read-write, so that opening does not wait for a reader.
        try (RandomAccessFile open = new RandomAccessFile(fifo.toFile(), "rw")) {
            open.write('\n');
        }
    }

    @Test
    void aFailedCommandHaltsTheExecutionAndARetryAfterTheFixRunsItAgain() throws Exception {
        Path ready = dir.resolve("ready");
        long runbook = runbook("""
                name: Checked takeover
                steps:
                - title: The data volume is there
                  command: test -e '%s'
                  host: standby
                - title: Start the service
                  command: echo started
                  host: standby
                """.formatted(ready));

        long id = engine.start(runbook, pair.name(), "alice").id();
        Execution halted = awaitStatus(id, ExecutionStatus.HALTED);

        assertThat(halted.currentStep()).isZero();
        assertThat(halted.message())
                .isEqualTo("Step 1 (The data volume is there) failed. Retry it, skip it with a reason, or abort.");
        ExecutionStep failed = step(id, 0);
        assertThat(failed.status()).isEqualTo(StepStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.log()).contains("$ test -e '" + ready + "'").contains("Expected exit code 0.");
        assertThat(step(id, 1).status()).isEqualTo(StepStatus.PENDING);
        await().untilAsserted(() -> assertThat(audit(id, "runbook.step")).containsExactly("alice FAILED"));

        Files.createFile(ready);
        mvc.perform(post("/runbooks/executions/{id}/retry", id)
                        .with(TestUsers.user("bob"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        Execution done = awaitStatus(id, ExecutionStatus.SUCCEEDED);

        assertThat(done.message()).isEqualTo("Every step done.");
        assertThat(done.currentStep()).isNull();
        ExecutionStep retried = step(id, 0);
        assertThat(retried.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(retried.exitCode()).isZero();
        assertThat(retried.log())
                .as("the first attempt's output stays above the second's")
                .containsSubsequence("Expected exit code 0.", "--- attempt again ---", "exit code 0");
        assertThat(step(id, 1).log()).contains("started");
        assertThat(audit(id, "runbook.retry")).containsExactly("bob SUCCESS");
        assertThatThrownBy(() -> engine.retry(id, "bob"))
                .isInstanceOf(Refused.class)
                .hasMessage("Execution #" + id + " is not halted at a failed step; nothing to retry.");
    }

    @Test
    void skippingNeedsAReasonWhichIsKeptWithTheStepAndWhoSkippedIt() throws Exception {
        long runbook = runbook("""
                name: Takeover with a broken check
                steps:
                - title: Check the replica
                  command: exit 4
                  host: standby
                - title: Start the service
                  command: echo went on
                  host: standby
                """);
        long id = engine.start(runbook, pair.name(), "alice").id();
        awaitStatus(id, ExecutionStatus.HALTED);

        for (String none : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> engine.skip(id, none, "bob"))
                    .isInstanceOf(Refused.class)
                    .hasMessage("Say why the step is skipped; the reason is kept with the step.");
        }
        assertThat(executions.find(id).orElseThrow().status()).isEqualTo(ExecutionStatus.HALTED);
        assertThat(step(id, 0).status()).isEqualTo(StepStatus.FAILED);

        mvc.perform(post("/runbooks/executions/{id}/skip", id)
                        .param("reason", "  The check reads the old replica; checked by hand.  ")
                        .with(TestUsers.user("bob"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        awaitStatus(id, ExecutionStatus.SUCCEEDED);

        ExecutionStep skipped = step(id, 0);
        assertThat(skipped.status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(skipped.note()).isEqualTo("The check reads the old replica; checked by hand.");
        assertThat(skipped.doneBy()).isEqualTo("bob");
        assertThat(step(id, 1).status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step(id, 1).log()).contains("went on");
        assertThat(audit(id, "runbook.skip")).containsExactly("bob SUCCESS");
    }

    @Test
    void aStepThatMayFailLetsTheExecutionGoOn() {
        long runbook = runbook("""
                name: Takeover, come what may
                steps:
                - title: Stop the old primary's service (it may be down)
                  command: echo unreachable; exit 3
                  host: primary
                  on_failure: continue
                - title: Start the service
                  command: echo started
                  host: standby
                """);

        long id = engine.start(runbook, pair.name(), "alice").id();
        Execution done = awaitStatus(id, ExecutionStatus.SUCCEEDED);

        assertThat(done.message()).isEqualTo("Done; 1 step(s) failed and the runbook went on as they say.");
        assertThat(step(id, 0).status()).isEqualTo(StepStatus.FAILED);
        assertThat(step(id, 0).exitCode()).isEqualTo(3);
        assertThat(step(id, 0).log()).contains("unreachable");
        assertThat(step(id, 1).status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void aCommandOverItsTimeLimitIsStoppedAsTimedOut() {
        long runbook = runbook("""
                name: Takeover with a slow check
                steps:
                - title: Read the replica's state
                  command: cat '%s'
                  host: standby
                  timeout: 2s
                """.formatted(fifo));

        long id = engine.start(runbook, pair.name(), "alice").id();
        Execution halted = awaitStatus(id, ExecutionStatus.HALTED);

        assertThat(halted.message())
                .isEqualTo("Step 1 (Read the replica's state) went over its time limit. Retry it, skip it with a"
                        + " reason, or abort.");
        ExecutionStep step = step(id, 0);
        assertThat(step.status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(step.exitCode()).isNull();
        assertThat(step.log()).contains("Stopped: the step's time limit of 2s was reached.");
        await().until(() -> processesReading(fifo).isEmpty());
        engine.abort(id, null, "alice");
    }

    @Test
    void abortStopsTheRunningCommandAndFreesThePair() throws Exception {
        long runbook = runbook("""
                name: Takeover that hangs
                steps:
                - title: Read the replica's state
                  command: cat '%s'
                  host: standby
                - title: Never reached
                  command: echo never
                  host: standby
                """.formatted(fifo));
        long id = engine.start(runbook, pair.name(), "alice").id();
        await().until(() -> !processesReading(fifo).isEmpty());

        mvc.perform(post("/runbooks/executions/{id}/abort", id)
                        .param("reason", "wrong runbook")
                        .with(TestUsers.user("bob"))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        Execution aborted = executions.find(id).orElseThrow();

        assertThat(aborted.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(aborted.message()).isEqualTo("Aborted by bob: wrong runbook");
        assertThat(aborted.endedAt()).isNotNull();
        await().until(() -> processesReading(fifo).isEmpty());
        await().until(() -> step(id, 0).log().contains("Stopped: the execution was aborted."));
        ExecutionStep stopped = step(id, 0);
        assertThat(stopped.status()).isEqualTo(StepStatus.FAILED);
        assertThat(stopped.note()).isEqualTo("Aborted by bob: wrong runbook");
        assertThat(stopped.doneBy()).isEqualTo("bob");
        assertThat(step(id, 1).status()).isEqualTo(StepStatus.PENDING);
        assertThat(executions.find(id).orElseThrow().status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(executions.activeOfPair(pair.id())).isEmpty();
        assertThat(audit(id, "runbook.abort")).containsExactly("bob SUCCESS");
        assertThatThrownBy(() -> engine.abort(id, null, "bob"))
                .isInstanceOf(Refused.class)
                .hasMessage("Execution #" + id + " has ended already.");

        long next = engine.start(runbook, pair.name(), "alice").id();
        await().until(() -> !processesReading(fifo).isEmpty());
        assertThat(executions.activeOfPair(pair.id())).map(Execution::id).contains(next);
        engine.abort(next, null, "alice");
        await().until(() -> processesReading(fifo).isEmpty());
    }

    @Test
    void oneExecutionPerPairAtATime() {
        long takeover = runbook("""
                name: Takeover
                steps:
                - title: Fence the old primary
                  manual: Power it off.
                """);
        long other = runbook("""
                name: Switch back
                steps:
                - title: Say so
                  notify: Switching back.
                """);
        long id = engine.start(takeover, pair.name(), "alice").id();
        awaitStatus(id, ExecutionStatus.WAITING);

        assertThatThrownBy(() -> engine.start(other, pair.name(), "bob"))
                .isInstanceOf(Refused.class)
                .hasMessage("An execution of a runbook of pair " + pair.name() + " is under way (#" + id
                        + ", Takeover, started by alice); only one at a time. Finish or abort it first.");
        assertThatThrownBy(() -> engine.rehearse(takeover, "bob")).isInstanceOf(Refused.class);
        assertThat(executions.ofRunbook(other, 10)).isEmpty();
        assertThat(executions.ofRunbook(takeover, 10)).extracting(Execution::id).containsExactly(id);

        engine.abort(id, null, "alice");
    }

    @Test
    void aRoleSwitchWaitsUntilThePairsRunsEndedAndARetryNeverSwitchesBack() throws Exception {
        // A run whose pre-step waits at the FIFO: it copies the old way for as long as the test wants.
        SyncJob job = catalog.create(new JobDefinition(
                        "held-" + java.util.UUID.randomUUID(),
                        pair.id(),
                        List.of("/"),
                        List.of(),
                        true,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withChecks(
                        Preconditions.NONE,
                        List.of(new JobStep(JobStep.Phase.PRE, JobStep.Side.PRIMARY, "cat " + fifo, 0, false))));
        Run going = launcher.launch(job.id(), RunTrigger.MANUAL, "carol");
        await().until(() -> !processesReading(fifo).isEmpty());
        // Both sides are on this host: only the base paths tell the roles apart.
        pairs.save(pairs.findById(pair.id()).orElseThrow().withRoleMarkerPath("/proc/no-such-dir/role", Instant.now()));
        long runbook = runbook("""
                name: Switch
                steps:
                - title: Promote the standby
                  role_switch: true
                """);

        long id = engine.start(runbook, pair.name(), "alice").id();
        awaitStatus(id, ExecutionStatus.HALTED);

        assertThat(step(id, 0).log()).contains("Run #" + going.id() + " of this pair is still RUNNING");
        Pair waiting = pairs.findById(pair.id()).orElseThrow();
        assertThat(waiting.primaryPath())
                .as("not switched while a run copies the old way")
                .isEqualTo(primary.toString());
        assertThat(waiting.isPaused()).as("paused, so that no other run starts").isTrue();

        releaseFifo();
        await().until(() -> !history.find(going.id()).orElseThrow().isActive());
        engine.retry(id, "alice");
        awaitStatus(id, ExecutionStatus.HALTED);

        Pair switched = pairs.findById(pair.id()).orElseThrow();
        assertThat(switched.primaryPath())
                .as("the same host, the other base path")
                .isEqualTo(standby.toString());
        assertThat(switched.standbyPath()).isEqualTo(primary.toString());
        assertThat(switched.awaitsDirectionConfirmation()).isTrue();
        assertThat(step(id, 0).log()).contains("Could not mark").contains("it does not switch back");

        // The marker could not be written (no such directory); once it can, the retry only writes the markers.
        Path marker = dir.resolve("role");
        pairs.save(switched.withRoleMarkerPath(marker.toString(), Instant.now()));
        engine.retry(id, "alice");
        awaitStatus(id, ExecutionStatus.SUCCEEDED);

        Pair after = pairs.findById(pair.id()).orElseThrow();
        assertThat(after.primaryPath()).as("switched once, not back").isEqualTo(standby.toString());
        assertThat(step(id, 0).attempts()).isEqualTo(3);
        assertThat(step(id, 0).log()).contains("the roles were switched by an earlier attempt of this step");
        assertThat(marker)
                .as("one host, one marker: the new primary's is written last")
                .hasContent("primary\n");
    }

    @Test
    void aWrongPairNameStartsNothingAndRecordsNothing() {
        long runbook = runbook("""
                name: Takeover
                steps:
                - title: Promote the standby
                  role_switch: true
                """);
        long startsBefore = auditCount("runbook.start");

        for (String typed :
                new String[] {null, "", pair.name() + "-other", pair.name().toUpperCase()}) {
            assertThatThrownBy(() -> engine.start(runbook, typed, "alice"))
                    .isInstanceOf(Refused.class)
                    .hasMessage("Type the pair's name, " + pair.name() + ", to start this runbook; nothing was"
                            + " started.");
        }

        assertThat(executions.ofRunbook(runbook, 10)).isEmpty();
        assertThat(executions.activeOfPair(pair.id())).isEmpty();
        assertThat(auditCount("runbook.start")).isEqualTo(startsBefore);
        assertThat(runbooks.find(runbook).orElseThrow().lastExecutedAt()).isNull();
        Pair unchanged = pairs.findById(pair.id()).orElseThrow();
        assertThat(unchanged.primaryPath()).isEqualTo(primary.toString());
        assertThat(unchanged.awaitsDirectionConfirmation()).isFalse();
    }

    @Test
    void aSyncStepRunsTheJobAndWaitsForItsResult() throws IOException {
        Files.writeString(primary.resolve("orders.db"), "the last orders\n");
        SyncJob job = testPairs.job(pair, List.of("/"));
        long runbook = runbook("""
                name: Planned switch-over
                steps:
                - title: Final sync
                  sync_job: %s
                """.formatted(job.name()));

        long id = engine.start(runbook, pair.name(), "alice").id();
        awaitStatus(id, ExecutionStatus.SUCCEEDED);

        ExecutionStep step = step(id, 0);
        assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step.runId()).isNotNull();
        Run run = history.find(step.runId()).orElseThrow();
        assertThat(run.jobId()).isEqualTo(job.id());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(RunTrigger.RUNBOOK);
        assertThat(run.triggeredBy()).isEqualTo("alice");
        assertThat(step.exitCode()).isZero();
        assertThat(step.log())
                .contains("Started run #" + run.id() + " of job " + job.name())
                .contains("Run #" + run.id() + " ended SUCCEEDED");
        assertThat(standby.resolve("orders.db")).hasContent("the last orders");
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE action = 'run.runbook' AND target_id = ?"
                                + " AND details = ?")
                        .params(String.valueOf(job.id()), "run #" + run.id())
                        .query(String.class)
                        .list())
                .containsExactly("alice");
    }

    @Test
    void aWaitWithEqualsOutputOfPollsUntilBothCommandsSayTheSame() {
        Path counter = dir.resolve("transaction-id");
        long runbook = runbook("""
                name: Takeover after replication
                steps:
                - title: Replication has caught up
                  wait_until:
                    command: n=$(( $(cat '%s' 2>/dev/null || echo 40) + 1 )); echo "$n" > '%s'; echo "$n"
                    host: standby
                    equals_output_of:
                      host: primary
                      command: echo 42
                    every: 1s
                  timeout: 1m
                """.formatted(counter, counter));

        long id = engine.start(runbook, pair.name(), "alice").id();
        awaitStatus(id, ExecutionStatus.SUCCEEDED);

        ExecutionStep step = step(id, 0);
        assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(step.log())
                .contains("Polling every 1s, for at most 1m.")
                .contains("Poll 1: exit 0, output '41'; primary says '42' - not yet.")
                .contains("Poll 2: exit 0, output '42'; primary says '42' - the condition holds.")
                .doesNotContain("Poll 3");
    }

    @Test
    void aRehearsalRunsOnlyWhatChangesNothingAndFindsAMissingProgram() {
        Path touched = dir.resolve("touched");
        long runbook = runbook("""
                name: Takeover
                steps:
                - title: Stop services on the standby
                  command: touch '%s'
                  host: standby
                - title: What the standby says
                  command: echo "standby is $((20 + 22)) percent full"
                  host: standby
                  changes: false
                - title: Fence the old primary
                  manual: Power it off.
                - title: Start the service
                  command: no-such-program-xyz --flag
                  host: standby
                """.formatted(touched));

        long id = engine.rehearse(runbook, "alice").id();
        Execution rehearsed = awaitStatus(id, ExecutionStatus.FAILED);

        assertThat(rehearsed.rehearsal()).isTrue();
        assertThat(rehearsed.message()).isEqualTo("Rehearsal done: 1 of 4 steps would fail.");
        assertThat(touched).doesNotExist();
        ExecutionStep changing = step(id, 0);
        assertThat(changing.status()).isEqualTo(StepStatus.REHEARSED);
        assertThat(changing.log()).contains("Would run on standby").contains("touch '" + touched + "'");
        ExecutionStep readOnly = step(id, 1);
        assertThat(readOnly.status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(readOnly.log()).contains("standby is 42 percent full");
        assertThat(step(id, 2).status()).isEqualTo(StepStatus.REHEARSED);
        assertThat(step(id, 2).log()).contains("Would wait for someone to do this and click Done:");
        ExecutionStep missing = step(id, 3);
        assertThat(missing.status()).isEqualTo(StepStatus.FAILED);
        assertThat(missing.log()).contains("has no no-such-program-xyz on its PATH");
        Runbook after = runbooks.find(runbook).orElseThrow();
        assertThat(after.lastRehearsedAt()).isNotNull();
        assertThat(after.lastExecutedAt()).isNull();
        assertThat(executions.activeOfPair(pair.id())).isEmpty();
    }

    private long runbook(String yaml) {
        Runbooks.Saved saved = runbooks.create(pair.id(), yaml);
        assertThat(saved.problems()).isEmpty();
        return saved.runbook().id();
    }

    private Execution awaitStatus(long id, ExecutionStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ExecutionStatus now = executions.find(id).orElseThrow().status();
            if (now != status && !now.isActive()) {
                throw new AssertionError(
                        "execution #" + id + " ended " + now + ", expected " + status + ": " + executions.steps(id));
            }
            return now == status;
        });
        return executions.find(id).orElseThrow();
    }

    private ExecutionStep step(long id, int position) {
        return executions.steps(id).get(position);
    }

    /** "actor OUTCOME" of the entries of the action on the execution, oldest first. */
    private List<String> audit(long executionId, String action) {
        return jdbc.sql("SELECT actor, outcome FROM audit_event WHERE target_type = 'runbook-execution' AND target_id"
                        + " = ? AND action = ? ORDER BY id")
                .params(String.valueOf(executionId), action)
                .query((rs, row) -> rs.getString("actor") + " " + rs.getString("outcome"))
                .list();
    }

    private long auditCount(String action) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = ?")
                .param(action)
                .query(Long.class)
                .single();
    }

    /** The processes of this machine reading the FIFO (the commands run here: the pair's hosts are local). */
    private static List<String> processesReading(Path fifo) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().command().orElse("").endsWith("/cat"))
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(line -> line.contains(fifo.toString()))
                    .toList();
        }
    }
}
