package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.SyncJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

@SyncboardTest
class RunLauncherIT {

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    RunLogs logs;

    @Autowired
    Runs runs;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JobCatalog catalog;

    @TempDir
    Path dir;

    Path primary;
    Path standby;

    @BeforeEach
    void directories() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        standby = Files.createDirectories(dir.resolve("standby"));
    }

    @Test
    void manualRunCopiesTheFilesAndRecordsSuccess() throws IOException {
        Files.createDirectories(primary.resolve("home/alice"));
        Files.writeString(primary.resolve("home/alice/notes.txt"), "hello\n");
        Files.writeString(primary.resolve("etc-passwd"), "root:x:0:0\n");
        Files.writeString(standby.resolve("stale.txt"), "removed by --delete\n");
        SyncJob job = testPairs.job(testPairs.localPair(primary, standby), List.of("/"));

        Run queued = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        Run run = awaitFinished(queued.id());

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(run.triggeredBy()).isEqualTo("alice");
        assertThat(run.node()).isEqualTo("test-node");
        assertThat(run.startedAt()).isAfterOrEqualTo(run.queuedAt());
        assertThat(run.finishedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(Files.readString(standby.resolve("home/alice/notes.txt"))).isEqualTo("hello\n");
        assertThat(standby.resolve("etc-passwd")).exists();
        assertThat(standby.resolve("stale.txt")).doesNotExist();
        assertThat(logs.text(run.id()).orElseThrow())
                .contains("home/alice/notes.txt")
                .contains("deleting stale.txt")
                .contains("Number of files");
        assertThat(history.newestByJob().get(job.id()).lastSuccess().id()).isEqualTo(run.id());
    }

    @Test
    void onlyTheListedPathsAreCopied() throws IOException {
        Files.createDirectories(primary.resolve("home/bob"));
        Files.createDirectories(primary.resolve("srv/big"));
        Files.writeString(primary.resolve("home/bob/a.txt"), "a");
        Files.writeString(primary.resolve("srv/big/b.bin"), "b");
        Files.createDirectories(primary.resolve("etc"));
        Files.writeString(primary.resolve("etc/group"), "root:x:0:\n");
        SyncJob job = testPairs.job(testPairs.localPair(primary, standby), List.of("/home/", "/etc/group"));

        Run run =
                awaitFinished(launcher.launch(job.id(), RunTrigger.API, "token").id());

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve("home/bob/a.txt")).hasContent("a");
        assertThat(standby.resolve("etc/group")).exists();
        assertThat(standby.resolve("srv")).doesNotExist();
    }

    @Test
    void failingRsyncIsRecordedWithItsExitCode() {
        SyncJob job = testPairs.job(testPairs.localPair(primary, standby), List.of("/does-not-exist/"));

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.exitCode()).isEqualTo(23);
        assertThat(run.message())
                .startsWith("rsync exited with code 23: partial transfer due to error. First error: rsync: ")
                .contains("does-not-exist")
                .contains("No such file or directory");
        assertThat(logs.text(run.id()).orElseThrow()).contains("does-not-exist");
        assertThat(history.lastSuccessOfJob(job.id())).isEmpty();
    }

    @Test
    void shellMetacharactersInNamesArePassedLiterallyAndRunNothing() throws IOException {
        Path canary = dir.resolve("canary");
        // Each of these would run `touch` if any part of the command went through a shell.
        String evilDir = "x; touch " + canary + "1 $(touch " + canary + "2) `touch " + canary + "3` | & ' \" \\ end";
        Path source = Files.createDirectories(primary.resolve(evilDir.substring(0)));
        Files.writeString(source.resolve("it's \"quoted\" & $HOME.txt"), "literal\n");
        String jobName = "nightly; rm -rf / $(reboot) | & ' \" \\";
        SyncJob job = testPairs.job(testPairs.localPair(primary, standby), jobName, List.of("/" + evilDir + "/"));

        Run run = awaitFinished(
                launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id());

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(standby.resolve(evilDir).resolve("it's \"quoted\" & $HOME.txt"))
                .hasContent("literal\n");
        assertThat(dir.resolve("canary1")).doesNotExist();
        assertThat(dir.resolve("canary2")).doesNotExist();
        assertThat(dir.resolve("canary3")).doesNotExist();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("primary", "standby");
    }

    @Test
    void scheduleFiresRunsByItself() {
        Pair pair = testPairs.localPair(primary, standby);
        // Quartz's 6-field form with seconds: every second, so the test waits about a second, not a minute.
        SyncJob job = catalog.create(new JobDefinition(
                "every-second-" + pair.id(),
                pair.id(),
                List.of("/"),
                List.of(),
                false,
                CronSchedule.parse("* * * * * ?", "Europe/Berlin"),
                true));
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> runs.findAll().stream()
                            .anyMatch(r -> r.jobId().equals(job.id())
                                    && r.trigger() == RunTrigger.SCHEDULE
                                    && r.status() == RunStatus.SUCCEEDED));
        } finally {
            catalog.update(
                    job,
                    new JobDefinition(
                            job.name(), pair.id(), List.of("/"), List.of(), false, job.cronSchedule(), false));
        }
        Run scheduled = runs.findAll().stream()
                .filter(r -> r.jobId().equals(job.id()) && r.trigger() == RunTrigger.SCHEDULE)
                .findFirst()
                .orElseThrow();
        assertThat(scheduled.triggeredBy()).isEqualTo("schedule");
    }

    @Test
    void unknownJobIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> launcher.launch(987654L, RunTrigger.API, "x"))
                .isInstanceOf(UnknownJob.class)
                .hasMessageContaining("987654");
    }

    private Run awaitFinished(long runId) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());
        return history.find(runId).orElseThrow();
    }
}
