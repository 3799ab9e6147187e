package app.syncboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.hosts.Pairs;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The REST API as a script uses it: list, trigger, follow the run, read its log, page through the history. */
@SyncboardTest
class ApiIT {

    private static final RequestPostProcessor SCRIPT = user("deploy-script")
            .authorities(
                    new SimpleGrantedAuthority("SCOPE_runs:trigger"),
                    new SimpleGrantedAuthority("SCOPE_monitoring:read"));

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    Pairs pairs;

    @Autowired
    RunHistory history;

    @TempDir
    Path dir;

    @Test
    void aScriptTriggersARunFollowsItAndReadsItsLog() throws Exception {
        SyncJob job = job();

        MockHttpServletResponse triggered = call(post("/api/v1/jobs/{id}/runs", job.id()));

        assertThat(triggered.getStatus()).isEqualTo(202);
        long runId = number(triggered.getContentAsString(), "\"id\":(\\d+)");
        assertThat(triggered.getHeader("Location")).isEqualTo("/api/v1/runs/" + runId);
        assertThat(triggered.getContentAsString()).contains("\"trigger\":\"API\"", "\"triggeredBy\":\"deploy-script\"");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());

        String run = call(get("/api/v1/runs/{id}", runId)).getContentAsString();
        assertThat(run)
                .contains("\"status\":\"SUCCEEDED\"", "\"exitCode\":0", "\"filesTransferred\":1")
                .contains("\"log\":\"/api/v1/runs/" + runId + "/log\"");
        MockHttpServletResponse log = call(get("/api/v1/runs/{id}/log", runId));
        assertThat(log.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        assertThat(log.getContentAsString()).contains("data/file", "Number of files");

        MockHttpServletResponse cancel = call(post("/api/v1/runs/{id}/cancel", runId));
        assertThat(cancel.getStatus()).isEqualTo(409);
        assertThat(cancel.getContentType()).isEqualTo("application/problem+json");
        assertThat(cancel.getContentAsString()).contains("has ended already");
    }

    @Test
    void runsArePagedByKeyNewestFirst() throws Exception {
        SyncJob job = job();
        for (int i = 0; i < 5; i++) {
            long id = number(call(post("/api/v1/jobs/{id}/runs", job.id())).getContentAsString(), "\"id\":(\\d+)");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !history.find(id).orElseThrow().isActive());
        }

        String first = call(get("/api/v1/jobs/{id}/runs?limit=2", job.id())).getContentAsString();
        Matcher next = Pattern.compile("\"next\":\"([^\"]+)\"").matcher(first);
        assertThat(next.find()).as(first).isTrue();
        String second = call(get(next.group(1))).getContentAsString();
        String third = call(get(Pattern.compile("\"next\":\"([^\"]+)\"")
                        .matcher(second)
                        .results()
                        .findFirst()
                        .orElseThrow()
                        .group(1)))
                .getContentAsString();

        List<Long> ids = Pattern.compile("\\{\"id\":(\\d+)")
                .matcher(first + second + third)
                .results()
                .map(m -> Long.parseLong(m.group(1)))
                .toList();
        assertThat(ids).hasSize(5).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(third).contains("\"next\":null");
        assertThat(call(get("/api/v1/jobs/{id}/runs?limit=0", job.id())).getStatus())
                .isEqualTo(400);
    }

    @Test
    void aRefusedTriggerAndUnknownIdsAreProblems() throws Exception {
        SyncJob job = job();
        Pair pair = pairs.findById(job.pairId()).orElseThrow();
        pairs.save(pair.paused("failover in progress", Instant.now()));

        MockHttpServletResponse refused = call(post("/api/v1/jobs/{id}/runs", job.id()));
        MockHttpServletResponse unknownJob = call(get("/api/v1/jobs/{id}", 999_999));
        MockHttpServletResponse unknownRun = call(get("/api/v1/runs/{id}", 999_999));

        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("is paused: failover in progress");
        assertThat(unknownJob.getStatus()).isEqualTo(404);
        assertThat(unknownJob.getContentAsString()).contains("\"detail\":\"There is no job 999999.\"");
        assertThat(unknownRun.getStatus()).isEqualTo(404);
    }

    @Test
    void theJobsAndTheOpenApiDescriptionAreServed() throws Exception {
        SyncJob job = job();

        String all = call(get("/api/v1/jobs")).getContentAsString();
        String openapi = call(get("/api/v1/openapi")).getContentAsString();

        assertThat(all).contains("\"name\":\"" + job.name() + "\"", "\"paths\":[\"/data/\"]");
        assertThat(openapi)
                .contains("\"openapi\":\"3.")
                .contains("/api/v1/jobs/{id}/runs", "/api/v1/runs/{id}/cancel", "/api/v1/monitoring/jobs/{job}/nagios");
    }

    private SyncJob job() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        return testPairs.job(pair, List.of("/data/"));
    }

    private MockHttpServletResponse call(
            org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request) throws Exception {
        // csrf(): harmless for the token chain, which has no CSRF; needed while the page chain answers.
        return mvc.perform(request.with(SCRIPT).with(csrf())).andReturn().getResponse();
    }

    private static long number(String json, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
