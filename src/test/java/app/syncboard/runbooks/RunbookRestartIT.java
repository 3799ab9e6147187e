package app.syncboard.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.TestApps;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * syncboard stops and starts again on the same database while two runbooks are under way: the one waiting for Done
 * still waits, the one whose command was running halts with that step interrupted, for someone to retry it.
 */
class RunbookRestartIT {

    @TempDir
    Path dir;

    @Test
    void aWaitingStepStillWaitsAndARunningStepIsInterruptedForARetry() throws Exception {
        Path fifo = dir.resolve("replica-state");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        Path ready = dir.resolve("ready");
        long waiting;
        long blocked;
        try {
            try (ConfigurableApplicationContext first = start()) {
                TestPairs testPairs = first.getBean(TestPairs.class);
                Pair pairA = testPairs.localPair(
                        Files.createDirectories(dir.resolve("a-primary")),
                        Files.createDirectories(dir.resolve("a-standby")));
                Pair pairB = testPairs.localPair(
                        Files.createDirectories(dir.resolve("b-primary")),
                        Files.createDirectories(dir.resolve("b-standby")));
                Runbooks runbooks = first.getBean(Runbooks.class);
                long fenced = create(runbooks, pairA, """
                        name: Takeover of A
                        steps:
                        - title: Fence the old primary
                          manual: Power it off and say how.
                        - title: Start the service
                          command: echo service A started
                          host: standby
                        """);
                long replicated = create(runbooks, pairB, """
                        name: Takeover of B
                        steps:
                        - title: Read the replica's state
                          command: if [ -e '%s' ]; then echo replica ready; else cat '%s'; exit 1; fi
                          host: standby
                        - title: Start the service
                          command: echo service B started
                          host: standby
                        """.formatted(ready, fifo));
                RunbookEngine engine = first.getBean(RunbookEngine.class);
                Executions executions = first.getBean(Executions.class);

                waiting = engine.start(fenced, pairA.name(), "alice").id();
                blocked = engine.start(replicated, pairB.name(), "alice").id();

                await().until(() -> executions.find(waiting).orElseThrow().status() == ExecutionStatus.WAITING);
                await().until(() -> !processesReading(fifo).isEmpty());
                assertThat(executions.find(blocked).orElseThrow().status()).isEqualTo(ExecutionStatus.RUNNING);
            }
            await().until(() -> processesReading(fifo).isEmpty());
        } finally {
            release(fifo);
        }

        try (ConfigurableApplicationContext second = start()) {
            RunbookEngine engine = second.getBean(RunbookEngine.class);
            Executions executions = second.getBean(Executions.class);

            Execution stillWaiting = executions.find(waiting).orElseThrow();
            assertThat(stillWaiting.status()).isEqualTo(ExecutionStatus.WAITING);
            assertThat(stillWaiting.currentStep()).isZero();
            assertThat(executions.steps(waiting).get(0).status()).isEqualTo(StepStatus.WAITING);

            Execution halted = executions.find(blocked).orElseThrow();
            assertThat(halted.status()).isEqualTo(ExecutionStatus.HALTED);
            assertThat(halted.currentStep()).isZero();
            assertThat(halted.message())
                    .isEqualTo("syncboard stopped while step 1 ran; its outcome is unknown. Retry it, skip it or"
                            + " abort.");
            ExecutionStep interrupted = executions.steps(blocked).get(0);
            assertThat(interrupted.status()).isEqualTo(StepStatus.INTERRUPTED);
            assertThat(interrupted.attempts()).isEqualTo(1);
            assertThat(interrupted.exitCode()).isNull();
            assertThat(interrupted.log()).contains("Stopped: syncboard is stopping.");
            assertThat(executions.steps(blocked).get(1).status()).isEqualTo(StepStatus.PENDING);

            engine.done(waiting, 0, "Switched off at the PDU.", "bob");
            await().until(() -> executions.find(waiting).orElseThrow().status() == ExecutionStatus.SUCCEEDED);
            List<ExecutionStep> stepsA = executions.steps(waiting);
            assertThat(stepsA.get(0).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(stepsA.get(0).note()).isEqualTo("Switched off at the PDU.");
            assertThat(stepsA.get(0).doneBy()).isEqualTo("bob");
            assertThat(stepsA.get(1).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(stepsA.get(1).log()).contains("service A started");

            Files.createFile(ready);
            engine.retry(blocked, "bob");
            await().until(() -> executions.find(blocked).orElseThrow().status() == ExecutionStatus.SUCCEEDED);
            List<ExecutionStep> stepsB = executions.steps(blocked);
            assertThat(stepsB.get(0).status()).isEqualTo(StepStatus.SUCCEEDED);
            assertThat(stepsB.get(0).attempts()).isEqualTo(2);
            assertThat(stepsB.get(0).exitCode()).isZero();
            assertThat(stepsB.get(0).log()).containsSubsequence("--- attempt again ---", "replica ready");
            assertThat(stepsB.get(1).log()).contains("service B started");
            assertThat(executions.active()).isEmpty();
        }
    }

    private ConfigurableApplicationContext start() {
        return TestApps.start(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--syncboard.node-name=node-a",
                "--SYNCBOARD_ADMIN_PASSWORD=restart-test-password");
    }

    private static long create(Runbooks runbooks, Pair pair, String yaml) {
        Runbooks.Saved saved = runbooks.create(pair.id(), yaml);
        assertThat(saved.problems()).isEmpty();
        return saved.runbook().id();
    }

    /** Gives whatever still reads the FIFO an end of file; opened read-write, so it never waits for a reader. */
    private static void release(Path fifo) throws IOException {
        try (RandomAccessFile open = new RandomAccessFile(fifo.toFile(), "rw")) {
            open.write('\n');
        }
    }

    /** The processes of this machine reading the FIFO (the pairs' hosts are this machine). */
    private static List<String> processesReading(Path fifo) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().command().orElse("").endsWith("/cat"))
                    .map(p -> p.info().commandLine().orElse(""))
                    .filter(line -> line.contains(fifo.toString()))
                    .toList();
        }
    }
}
