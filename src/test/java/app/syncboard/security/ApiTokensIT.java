package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.RunHistory;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bearer authentication of the API with tokens of each scope, against the real endpoints (a 404 for a job or run
 * that does not exist shows that the request was let in) and a probe controller on paths the API does not have,
 * which answers with the principal's name.
 */
@SyncboardTest
class ApiTokensIT {

    static final String READ_PROBE = "/api/v1/monitoring/test-probe";
    static final String ADMIN_PROBE = "/api/v1/test-probe";

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunHistory history;

    @Test
    void aMonitoringTokenReadsButCanNeverTriggerCancelOrAdminister() throws Exception {
        String token = create("monitoring", Scope.MONITORING_READ);

        probe(get(READ_PROBE), token)
                .andExpect(status().isOk())
                .andExpect(content().string("monitoring"));
        probe(head(READ_PROBE), token).andExpect(status().isOk());
        letIn(probe(get("/api/v1/jobs/999999"), token));
        letIn(probe(get("/api/v1/runs/999999/log"), token));
        probe(get("/actuator/prometheus"), token).andExpect(status().isOk());
        probe(get("/api/v1/openapi"), token).andExpect(status().isOk());

        forbidden(probe(post("/api/v1/jobs/999999/runs"), token))
                .andExpect(jsonPath("$.detail").value(containsString("(monitoring:read)")));
        forbidden(probe(post("/api/v1/runs/999999/cancel"), token));
        forbidden(probe(post(READ_PROBE), token));
        forbidden(probe(post(ADMIN_PROBE), token));
        forbidden(probe(delete(ADMIN_PROBE), token));
    }

    @Test
    void aRunsTokenAlsoTriggersAndCancelsButDoesNotAdminister() throws Exception {
        String token = create("runner", Scope.RUNS_TRIGGER);

        probe(get(READ_PROBE), token)
                .andExpect(status().isOk())
                .andExpect(content().string("runner"));
        letIn(probe(post("/api/v1/jobs/999999/runs"), token))
                .andExpect(jsonPath("$.detail").value("There is no job 999999."));
        letIn(probe(post("/api/v1/runs/999999/cancel"), token));

        forbidden(probe(post(ADMIN_PROBE), token));
        forbidden(probe(post("/api/v1/jobs"), token));
        forbidden(probe(post("/api/v1/jobs/999999/runs/extra"), token));
    }

    @Test
    void anAdminTokenDoesEverything() throws Exception {
        String token = create("admin", Scope.ADMIN);

        probe(get(READ_PROBE), token).andExpect(status().isOk());
        probe(get("/actuator/prometheus"), token).andExpect(status().isOk());
        letIn(probe(post("/api/v1/jobs/999999/runs"), token));
        letIn(probe(post("/api/v1/runs/999999/cancel"), token));
        probe(post(ADMIN_PROBE), token)
                .andExpect(status().isOk())
                .andExpect(content().string("admin"));
        probe(delete(ADMIN_PROBE), token).andExpect(status().isOk());
    }

    @Test
    void onTheRealEndpointsARunsTokenTriggersAndAMonitoringTokenIsRefused(@TempDir Path dir) throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        String monitoring = create("real-monitoring", Scope.MONITORING_READ);
        String runner = create("real-runner", Scope.RUNS_TRIGGER);

        forbidden(mvc.perform(
                post("/api/v1/jobs/{id}/runs", job.id()).header(HttpHeaders.AUTHORIZATION, "Bearer " + monitoring)));
        assertThat(history.countOfJob(job.id())).isZero();

        String run = mvc.perform(
                        post("/api/v1/jobs/{id}/runs", job.id()).header(HttpHeaders.AUTHORIZATION, "Bearer " + runner))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.triggeredBy").value("real-runner"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        long runId = JsonPath.<Number>read(run, "$.id").longValue();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(runId).orElseThrow().isActive());

        int nagios = mvc.perform(get("/api/v1/monitoring/jobs/{job}/nagios", job.name())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + monitoring))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(nagios)
                .as("the check's own answer, whatever the job's state")
                .isNotIn(401, 403);
    }

    @Test
    void withoutATokenTheApiAnswers401ProblemWithABearerChallenge() throws Exception {
        mvc.perform(get(READ_PROBE))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("about:blank"))
                .andExpect(jsonPath("$.title").value("Unauthorized"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value(containsString("Authorization: Bearer")))
                .andExpect(header().doesNotExist(HttpHeaders.LOCATION));
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/jobs/7/runs")).andExpect(status().isUnauthorized());
    }

    @Test
    void anUnknownOrMalformedTokenIs401InvalidToken() throws Exception {
        String unknown = ApiTokens.PREFIX + "A".repeat(43);
        for (String value : new String[] {unknown, "sb_short", "", "not a token at all"}) {
            mvc.perform(get(READ_PROBE).header(HttpHeaders.AUTHORIZATION, "Bearer " + value))
                    .andExpect(status().isUnauthorized())
                    .andExpect(
                            header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(401))
                    .andExpect(jsonPath("$.detail").value(containsString("unknown or revoked")));
        }
    }

    @Test
    void aRevokedTokenIs401() throws Exception {
        String token = create("revoked", Scope.ADMIN);
        probe(get(READ_PROBE), token).andExpect(status().isOk());

        long id = tokens.findByName("revoked").orElseThrow().id();
        assertThat(tokens.revoke(id, "alice")).isTrue();
        assertThat(tokens.revoke(id, "bob")).as("revoked once").isFalse();

        probe(get(READ_PROBE), token)
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")));
        assertThat(tokens.find(id).orElseThrow().revokedBy()).isEqualTo("alice");
    }

    @Test
    void aTokenInTheQueryStringIsRefusedWith400EvenWithTheHeaderToo() throws Exception {
        String token = create("query", Scope.ADMIN);
        for (String parameter : new String[] {"access_token", "token", "Access_Token"}) {
            mvc.perform(get(READ_PROBE + "?" + parameter + "=" + token))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.detail").value(containsString("Authorization header")));
        }
        probe(get(READ_PROBE + "?warning=60&access_token=" + token), token).andExpect(status().isBadRequest());
        probe(get(READ_PROBE + "?warning=60&critical=120"), token).andExpect(status().isOk());
    }

    @Test
    void onlyTheBearerHeaderAuthenticatesNotASessionNorBasicAuth() throws Exception {
        MockHttpSession session =
                (MockHttpSession) mvc.perform(formLogin().user("admin").password("test-admin-password"))
                        .andReturn()
                        .getRequest()
                        .getSession();
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
        // A signed-in browser gets nothing from the API, so that no other site can use it through the browser
        // (the API has no CSRF tokens).
        mvc.perform(get(READ_PROBE).session(session)).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/jobs/7/runs").session(session)).andExpect(status().isUnauthorized());
        mvc.perform(get(READ_PROBE).header(HttpHeaders.AUTHORIZATION, "Basic YWRtaW46dGVzdC1hZG1pbi1wYXNzd29yZA=="))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));

        String token = create("stateless", Scope.ADMIN);
        // The scheme is case-insensitive; no session is created.
        MockHttpServletRequestBuilder lowerCase = get(READ_PROBE).header(HttpHeaders.AUTHORIZATION, "bearer " + token);

        assertThat(mvc.perform(lowerCase)
                        .andExpect(status().isOk())
                        .andReturn()
                        .getRequest()
                        .getSession(false))
                .isNull();
    }

    @Test
    void aTokenOpensNoPagesAndThePagesKeepTheirFormLogin() throws Exception {
        String token = create("pages", Scope.ADMIN);
        mvc.perform(get("/settings/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .andExpect(redirectedUrl("/login"));
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }

    @Test
    void onlyTheHashIsStored() throws Exception {
        ApiTokens.IssuedToken issued = tokens.create("hashed", Set.of(Scope.MONITORING_READ), "alice");
        String value = issued.value();

        assertThat(value).matches("sb_[A-Za-z0-9_-]{43}");
        assertThat(issued.toString()).doesNotContain(value);
        Map<String, Object> row = jdbc.sql("SELECT * FROM api_token WHERE name = 'hashed'")
                .query()
                .singleRow();
        assertThat(row.get("token_hash"))
                .isEqualTo(HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8))));
        assertThat(row.values()).noneMatch(column -> String.valueOf(column).contains(value.substring(3)));
        assertThat(row).containsEntry("scopes", "monitoring:read").containsEntry("created_by", "alice");
        assertThat(tokens.authenticate(value)).isPresent();
    }

    @Test
    void aNameIsTakenOnce() {
        tokens.create("twice", Set.of(Scope.MONITORING_READ), "alice");
        assertThatThrownBy(() -> tokens.create("twice", Set.of(Scope.ADMIN), "alice"))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aUseIsRecordedAtMostOnceAMinute() throws Exception {
        String token = create("used", Scope.MONITORING_READ);
        assertThat(lastUsed("used")).isNull();

        Instant before = Instant.now();
        probe(get(READ_PROBE), token).andExpect(status().isOk());
        Instant first = lastUsed("used");
        assertThat(first).isAfterOrEqualTo(before.minusSeconds(1));

        Instant recent = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
        setLastUsed("used", recent);
        probe(get(READ_PROBE), token).andExpect(status().isOk());
        assertThat(lastUsed("used")).as("not written again within a minute").isEqualTo(recent);

        Instant old = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(2));
        setLastUsed("used", old);
        probe(get(READ_PROBE), token).andExpect(status().isOk());
        assertThat(lastUsed("used")).isAfter(recent);
    }

    private String create(String name, Scope scope) {
        return tokens.create(name, Set.of(scope), "test").value();
    }

    private Instant lastUsed(String name) {
        return jdbc.sql("SELECT last_used_at FROM api_token WHERE name = :name")
                .param("name", name)
                .query(Instant.class)
                .optional()
                .orElse(null);
    }

    private void setLastUsed(String name, Instant at) {
        jdbc.sql("UPDATE api_token SET last_used_at = :at WHERE name = :name")
                .param("at", at)
                .param("name", name)
                .update();
    }

    private ResultActions probe(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    /** The API's own answer to an id it does not have: the token was let through. */
    private static ResultActions letIn(ResultActions result) throws Exception {
        return result.andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static ResultActions forbidden(ResultActions result) throws Exception {
        return result.andExpect(status().isForbidden())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\""))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Forbidden"))
                .andExpect(jsonPath("$.status").value(403));
    }

    @TestConfiguration(proxyBeanMethods = false)
    @Import(Probe.class)
    static class Probes {}

    /** Answers with the principal's name. */
    @RestController
    static class Probe {

        @GetMapping(READ_PROBE)
        String read(Principal principal) {
            return principal.getName();
        }

        @RequestMapping(
                path = {READ_PROBE, ADMIN_PROBE},
                method = {RequestMethod.POST, RequestMethod.DELETE})
        String write(Principal principal) {
            return principal.getName();
        }
    }
}
