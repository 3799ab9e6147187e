package app.syncboard.notify;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.CronSchedule;
import app.syncboard.jobs.JobCatalog;
import app.syncboard.jobs.JobDefinition;
import app.syncboard.jobs.JobStep;
import app.syncboard.jobs.Preconditions;
import app.syncboard.jobs.RetryPolicy;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Run;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunStatus;
import app.syncboard.runs.RunTrigger;
import app.syncboard.sshtest.SshTestServer;
import app.syncboard.sshtest.TestKeys;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notifications with real parts: real rsync runs on local pairs, an SMTP server in the test JVM (GreenMail) and an
 * HTTP receiver ({@code com.sun.net.httpserver}), both on 127.0.0.1 and free ports. Every target belongs to one job
 * of one test, with an address of its own, so that the tests sharing this app see only their own mail.
 */
@SyncboardTest
@TestPropertySource(
        properties = {
            "syncboard.secret-key=correct horse battery staple",
            "syncboard.public-url=http://syncboard.example:8080/",
            "syncboard.notify.mail-from=syncboard@example.org",
            // The tests call the stale check themselves.
            "syncboard.notify.stale-check-interval=PT24H"
        })
class NotificationsIT {

    private static final Pattern ERROR_ITEM = Pattern.compile("<li>([^<]*)</li>");

    static GreenMail smtp;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @AfterAll
    static void stopMailServer() {
        smtp.stop();
    }

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Pairs pairs;

    @Autowired
    JobCatalog catalog;

    @Autowired
    Targets targets;

    @Autowired
    NotificationLog journal;

    @Autowired
    AlertLedger ledger;

    @Autowired
    StaleWatch staleWatch;

    @Autowired
    StaleJobs staleJobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    MockMvc mvc;

    @TempDir
    Path dir;

    Path primary;
    Pair pair;

    @BeforeEach
    void localPair() throws IOException {
        primary = Files.createDirectories(dir.resolve("primary"));
        pair = testPairs.localPair(primary, Files.createDirectories(dir.resolve("standby")));
    }

    @Test
    void aFailureIsMailedOnceARepeatIsHeldBackAndTheNextSuccessIsMailedAsRecovered() throws Exception {
        SyncJob job = testPairs.job(pair, List.of("/home/"));
        String ops = mailTarget(job, EnumSet.allOf(Alert.class));

        Run failed = runToEnd(job);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.exitCode()).isEqualTo(23);
        MimeMessage mail = awaitMails(ops, 1).get(0);
        assertThat(mail.getSubject())
                .isEqualTo("[syncboard] FAILED: " + job.name() + " on pair " + pair.name() + " — rsync exit 23");
        assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("syncboard@example.org");
        assertThat(text(mail))
                .contains("Job:          " + job.name())
                .contains("Pair:         " + pair.name() + " (" + primary + " → ")
                .contains("Status:       FAILED, exit code 23")
                .contains(
                        "Message:      " + failed.message().lines().findFirst().orElseThrow())
                .contains("Trigger:      manual by alice")
                .contains("Last success: none yet")
                .contains("Run:          http://syncboard.example:8080/runs/" + failed.id())
                .contains("not sent again for 6 h");

        Run again = runToEnd(job);
        assertThat(again.status()).isEqualTo(RunStatus.FAILED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !journal.ofRun(again.id()).isEmpty());
        assertThat(journal.ofRun(again.id())).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(NotificationLog.Outcome.SUPPRESSED);
            assertThat(entry.detail()).contains("FAILED was sent for this job at");
        });
        assertThat(mailsTo(ops)).hasSize(1);

        Files.createDirectories(primary.resolve("home"));
        Run good = runToEnd(job);
        assertThat(good.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(awaitMails(ops, 2).get(1).getSubject())
                .isEqualTo("[syncboard] RECOVERED: " + job.name() + " on pair " + pair.name() + " — run #" + good.id()
                        + " succeeded");

        // The success ended the hold: the next failure is sent at once.
        Files.delete(primary.resolve("home"));
        Run failedAfterRecovery = runToEnd(job);
        assertThat(awaitMails(ops, 3).get(2).getSubject()).contains("FAILED: " + job.name());
        assertThat(journal.ofRun(failedAfterRecovery.id()))
                .extracting(NotificationLog.Entry::outcome)
                .containsExactly(NotificationLog.Outcome.SENT);
    }

    @Test
    void aFailureThatIsRetriedIsSentOnceAfterTheLastAttempt() throws Exception {
        TestKeys.ClientKey key = TestKeys.ecdsa();
        SshTestServer gone = SshTestServer.start("127.0.0.2", key);
        Host unreachable = testPairs.sshHost(
                gone.address(), gone.port(), System.getProperty("user.name"), key.privateKeyPath(), gone.hostKeyLine());
        gone.close();
        Pair remote = pairs.save(Pair.create(
                "pair-" + UUID.randomUUID(),
                testPairs.localHost().id(),
                primary.toString(),
                unreachable.id(),
                "/srv/standby",
                Instant.now()));
        SyncJob job = catalog.create(new JobDefinition(
                        "retrying-" + UUID.randomUUID(),
                        remote.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withRetry(new RetryPolicy(1, 1, true, false)));
        String ops = mailTarget(job, EnumSet.of(Alert.FAILED));

        Run first = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.pageOfJob(job.id(), null).stream()
                        .anyMatch(run -> run.attempt() == 2 && !run.isActive()));
        Run last = history.pageOfJob(job.id(), null).get(0);
        assertThat(last.attempt()).isEqualTo(2);
        assertThat(history.find(first.id()).orElseThrow().status()).isEqualTo(RunStatus.FAILED);

        MimeMessage mail = awaitMails(ops, 1).get(0);
        assertThat(mail.getSubject()).startsWith("[syncboard] FAILED: " + job.name() + " on pair " + remote.name());
        assertThat(text(mail))
                .contains("Attempt:      2 (first attempt: run #" + first.id() + ")")
                .contains("/runs/" + last.id());
        assertThat(journal.ofRun(first.id()))
                .as("the first attempt was retried")
                .isEmpty();
        assertThat(mailsTo(ops)).hasSize(1);
    }

    @Test
    void aWebhookGetsTheRunAsJsonSignedWithItsSecretAndAFailingReceiverIsLogged() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Syncboard-Signature"),
                    body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/broken", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "boom".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            SyncJob job = testPairs.job(pair, List.of("/missing/"));
            String secret = "webhook-secret-" + UUID.randomUUID();
            mvc.perform(post("/settings/notifications")
                            .with(user("alice"))
                            .with(csrf())
                            .param("kind", "webhook")
                            .param("address", base + "/hook")
                            .param("jobId", job.id().toString())
                            .param("events", "failed", "recovered")
                            .param("secret", secret))
                    .andExpect(redirectedUrl("/settings/notifications"));
            Target hook = targetsOf(job).get(0);
            assertThat(hook.secret()).startsWith("v1:").doesNotContain(secret);
            Target broken = targets.save(Target.create(
                    Target.Kind.WEBHOOK, base + "/broken", job.id(), EnumSet.of(Alert.FAILED), null, Instant.now()));
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            Target nobody = targets.save(Target.create(
                    Target.Kind.WEBHOOK,
                    "http://127.0.0.1:" + closedPort + "/hook",
                    job.id(),
                    EnumSet.of(Alert.FAILED),
                    null,
                    Instant.now()));

            Run failed = runToEnd(job);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            Received post = received.get(0);
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.contentType()).isEqualTo("application/json");
            assertThat(post.signature()).isEqualTo("sha256=" + hmacSha256Hex(secret, post.body()));
            JsonNode json = JsonMapper.builder().build().readTree(post.body());
            assertThat(json.get("event").asString()).isEqualTo("failed");
            assertThat(json.get("job").asString()).isEqualTo(job.name());
            assertThat(json.get("pair").asString()).isEqualTo(pair.name());
            assertThat(json.get("runId").asLong()).isEqualTo(failed.id());
            assertThat(json.get("status").asString()).isEqualTo("FAILED");
            assertThat(json.get("exitCode").asInt()).isEqualTo(23);
            assertThat(json.get("message").asString()).isEqualTo(failed.message());
            assertThat(json.get("url").asString()).isEqualTo("http://syncboard.example:8080/runs/" + failed.id());
            assertThat(Instant.parse(json.get("occurredAt").asString()))
                    .isEqualTo(failed.finishedAt().truncatedTo(ChronoUnit.MILLIS));
            assertThat(json.get("text").asString()).startsWith("[syncboard] FAILED: " + job.name());

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> journal.ofRun(failed.id()).size() == 3);
            assertThat(journal.ofRun(failed.id()))
                    .filteredOn(entry -> nobody.id().equals(entry.targetId()))
                    .extracting(NotificationLog.Entry::detail)
                    .containsExactly("Could not connect to 127.0.0.1:" + closedPort + ".");
            assertThat(journal.ofRun(failed.id()))
                    .filteredOn(entry -> broken.id().equals(entry.targetId()))
                    .singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.outcome()).isEqualTo(NotificationLog.Outcome.FAILED);
                        assertThat(entry.detail()).isEqualTo("HTTP 500: boom");
                    });
            assertThat(journal.ofRun(failed.id()))
                    .filteredOn(entry -> hook.id().equals(entry.targetId()))
                    .extracting(NotificationLog.Entry::detail)
                    .containsExactly("HTTP 204");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aJobWithoutASuccessForTooLongIsSentAsStaleOnceByThePeriodicCheck() throws Exception {
        Files.createDirectories(primary.resolve("data"));
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        String ops = mailTarget(job, EnumSet.of(Alert.STALE, Alert.RECOVERED));
        Instant longAgo = Instant.now().minus(Duration.ofDays(3 * 365));
        jdbc.sql("INSERT INTO sync_run (job_id, status, trigger_type, triggered_by, node, queued_at, started_at,"
                        + " finished_at, exit_code) VALUES (?, 'SUCCEEDED', 'SCHEDULE', 'schedule', 'test-node', ?, ?,"
                        + " ?, 0)")
                .params(
                        job.id(),
                        Timestamp.from(longAgo),
                        Timestamp.from(longAgo),
                        Timestamp.from(longAgo.plusSeconds(5)))
                .update();

        SyncJob neverGood = testPairs.job(pair, List.of("/data/"));
        jdbc.sql("UPDATE sync_job SET created_at = ? WHERE id = ?")
                .params(Timestamp.from(longAgo), neverGood.id())
                .update();
        SyncJob paused = catalog.pause(testPairs.job(pair, List.of("/data/")), "maintenance");
        jdbc.sql("UPDATE sync_job SET created_at = ? WHERE id = ?")
                .params(Timestamp.from(longAgo), paused.id())
                .update();
        assertThat(staleJobs.at(Instant.now()))
                .extracting(stale -> stale.job().id())
                .contains(job.id(), neverGood.id())
                .doesNotContain(paused.id());

        staleWatch.check();

        MimeMessage mail = awaitMails(ops, 1).get(0);
        assertThat(mail.getSubject())
                .startsWith("[syncboard] STALE: " + job.name() + " on pair " + pair.name()
                        + " — no successful run for 109");
        assertThat(text(mail))
                .contains("Job page:     http://syncboard.example:8080/jobs/" + job.id())
                .contains("longer ago than its critical age of ");
        Instant sent = ledger.lastSent(job.id(), Alert.STALE).orElseThrow();

        staleWatch.check();
        assertThat(ledger.lastSent(job.id(), Alert.STALE))
                .as("the second check within the repeat period claimed nothing")
                .contains(sent);

        Run good = runToEnd(job);
        assertThat(good.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(awaitMails(ops, 2).get(1).getSubject()).startsWith("[syncboard] RECOVERED: " + job.name());
        assertThat(ledger.lastSent(job.id(), Alert.STALE)).isEmpty();
    }

    @Test
    void aRefusedOverlapAndAFailoverGoToTheTargetsThatTakeThem() throws Exception {
        Files.createDirectories(primary.resolve("data"));
        Path gate = dir.resolve("gate-open");
        // The first run waits in its pre-step until the test opens the gate, so that the second finds it going.
        SyncJob job = catalog.create(new JobDefinition(
                        "overlap-" + UUID.randomUUID(),
                        pair.id(),
                        List.of("/data/"),
                        List.of(),
                        false,
                        CronSchedule.parse("0 3 1 1 *", "UTC"),
                        true)
                .withGuard(TestPairs.NO_GUARD)
                .withChecks(
                        Preconditions.NONE,
                        List.of(new JobStep(
                                JobStep.Phase.PRE,
                                JobStep.Side.STANDBY,
                                "sh -c 'while [ ! -e " + gate + " ]; do sleep 0.1; done'",
                                0,
                                false))));
        String ops = mailTarget(job, EnumSet.of(Alert.OVERLAP, Alert.FAILOVER_STARTED));

        Run first = launcher.launch(job.id(), RunTrigger.MANUAL, "alice");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.RUNNING);
        Run refused = launcher.launch(job.id(), RunTrigger.MANUAL, "bob");
        assertThat(refused.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(refused.message()).startsWith("Already running since ");

        assertThat(awaitMails(ops, 1).get(0).getSubject())
                .isEqualTo(
                        "[syncboard] OVERLAP: " + job.name() + " on pair " + pair.name() + " — " + refused.message());
        Files.createFile(gate);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.find(first.id()).orElseThrow().status() == RunStatus.SUCCEEDED);

        events.publishEvent(FailoverNotice.started(
                pair.id(),
                "promote-standby",
                "alice",
                "Stopping services on the primary.",
                "/failover/7",
                Instant.now()));
        MimeMessage failover = awaitMails(ops, 2).get(1);
        assertThat(failover.getSubject())
                .isEqualTo("[syncboard] FAILOVER STARTED: pair " + pair.name() + " — runbook promote-standby by alice");
        assertThat(text(failover)).contains("Page:         http://syncboard.example:8080/failover/7");
    }

    @Test
    void theSettingsPageAddsTestsSwitchesAndRemovesTargetsAndSaysWhatIsWrongNextToTheField() throws Exception {
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        mvc.perform(get("/settings/notifications").with(user("alice")))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("Add a target")
                        .doesNotContain("mail-not-configured"));

        mvc.perform(post("/settings/notifications")
                        .with(user("alice"))
                        .param("kind", "mail")
                        .param("address", "ops@example.org")
                        .param("events", "failed"))
                .andExpect(status().isForbidden());

        String secret = "a-secret-of-the-right-length";
        String invalid = mvc.perform(post("/settings/notifications")
                        .with(user("alice"))
                        .with(csrf())
                        .param("kind", "webhook")
                        .param("address", "ftp://hooks.example.org/x")
                        .param("jobId", job.id().toString())
                        .param("events", "failed")
                        .param("secret", secret))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(invalid)
                .contains("Use an http:// or https:// URL.")
                .contains("A secret is not shown again")
                .doesNotContain(secret);
        assertThat(fieldErrors(invalid, "address")).containsExactly("Use an http:// or https:// URL.");

        String wrong = mvc.perform(post("/settings/notifications")
                        .with(user("alice"))
                        .with(csrf())
                        .param("kind", "mail")
                        .param("address", "ops at example.org")
                        .param("jobId", job.id().toString()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fieldErrors(wrong, "address")).singleElement().asString().contains("not one valid e-mail address");
        assertThat(wrong).contains("Choose at least one event.");

        String shortSecret = mvc.perform(post("/settings/notifications")
                        .with(user("alice"))
                        .with(csrf())
                        .param("kind", "webhook")
                        .param("address", "https://hooks.example.org/x")
                        .param("events", "failed")
                        .param("secret", "short"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fieldErrors(shortSecret, "secret"))
                .containsExactly("Use at least 16 characters, or leave it empty.");
        assertThat(targetsOf(job)).isEmpty();

        String ops = "ops-" + UUID.randomUUID() + "@example.org";
        mvc.perform(post("/settings/notifications")
                        .with(user("alice"))
                        .with(csrf())
                        .param("kind", "mail")
                        .param("address", ops)
                        .param("jobId", job.id().toString())
                        .param("events", "failed", "stale"))
                .andExpect(redirectedUrl("/settings/notifications"))
                .andExpect(flash().attribute(
                                "notice", "Added " + ops + ". Press Send test to see that notices arrive there."));
        Target target = targetsOf(job).get(0);
        assertThat(target.alerts()).containsExactlyInAnyOrder(Alert.FAILED, Alert.STALE);
        assertThat(target.enabled()).isTrue();

        mvc.perform(post("/settings/notifications/{id}/test", target.id())
                        .with(user("alice"))
                        .with(csrf()))
                .andExpect(flash().attribute("notice", "Test notice sent to " + ops + " (mailed to " + ops + ")."));
        MimeMessage test = awaitMails(ops, 1).get(0);
        assertThat(test.getSubject()).isEqualTo("[syncboard] TEST: notifications to " + ops + " work");
        assertThat(text(test)).contains("sent by alice");

        String page = mvc.perform(get("/settings/notifications").with(user("alice")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(ops).contains("only " + job.name()).contains("mailed to " + ops);

        mvc.perform(post("/settings/notifications/{id}/disable", target.id())
                        .with(user("alice"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/notifications"));
        assertThat(targets.findById(target.id()).orElseThrow().enabled()).isFalse();
        mvc.perform(post("/settings/notifications/{id}/enable", target.id())
                .with(user("alice"))
                .with(csrf()));
        assertThat(targets.findById(target.id()).orElseThrow().enabled()).isTrue();
        mvc.perform(post("/settings/notifications/{id}/delete", target.id())
                        .with(user("alice"))
                        .with(csrf()))
                .andExpect(flash().attribute("notice", "Removed " + ops + "."));
        assertThat(targets.findById(target.id())).isEmpty();
    }

    private record Received(String method, String contentType, String signature, byte[] body) {}

    private String mailTarget(SyncJob job, Set<Alert> alerts) {
        String address = "ops-" + UUID.randomUUID() + "@example.org";
        targets.save(Target.create(Target.Kind.MAIL, address, job.id(), alerts, null, Instant.now()));
        return address;
    }

    private List<Target> targetsOf(SyncJob job) {
        return targets.findAll().stream()
                .filter(t -> job.id().equals(t.jobId()))
                .toList();
    }

    private Run runToEnd(SyncJob job) {
        long id = launcher.launch(job.id(), RunTrigger.MANUAL, "alice").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(id).orElseThrow().isActive());
        return history.find(id).orElseThrow();
    }

    private List<MimeMessage> awaitMails(String to, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(to).size() >= count);
        return mailsTo(to);
    }

    /** The plain-text body, decoded. */
    private static String text(MimeMessage mail) throws IOException, MessagingException {
        assertThat(mail.getContentType()).startsWith("text/plain").contains("UTF-8");
        return ((String) mail.getContent()).replace("\r\n", "\n");
    }

    private static List<MimeMessage> mailsTo(String to) {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                if (Arrays.stream(message.getAllRecipients())
                        .anyMatch(a -> a.toString().equals(to))) {
                    mails.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return mails;
    }

    /** The error messages shown right under the field with this id, in its own block. */
    private static List<String> fieldErrors(String html, String field) {
        int at = html.indexOf("id=\"" + field + "\"");
        assertThat(at).as("a field " + field).isNotNegative();
        String block = html.substring(at, html.indexOf("</div>", at));
        List<String> errors = new ArrayList<>();
        Matcher item = ERROR_ITEM.matcher(block);
        while (item.find()) {
            errors.add(HtmlUtils.htmlUnescape(item.group(1).strip()));
        }
        return errors;
    }

    private static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
