package app.syncboard.security;

import static app.syncboard.security.AuthorizationMatrixIT.Least.ADMIN;
import static app.syncboard.security.AuthorizationMatrixIT.Least.OPERATOR;
import static app.syncboard.security.AuthorizationMatrixIT.Least.PUBLIC;
import static app.syncboard.security.AuthorizationMatrixIT.Least.SIGNED_IN;
import static app.syncboard.security.AuthorizationMatrixIT.Least.TOKEN_ADMIN;
import static app.syncboard.security.AuthorizationMatrixIT.Least.TOKEN_READ;
import static app.syncboard.security.AuthorizationMatrixIT.Least.TOKEN_TRIGGER;
import static app.syncboard.security.AuthorizationMatrixIT.Least.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runbooks.Executions;
import app.syncboard.runbooks.Runbook;
import app.syncboard.runbooks.RunbookEngine;
import app.syncboard.runbooks.Runbooks;
import app.syncboard.runs.RunHistory;
import app.syncboard.runs.RunLauncher;
import app.syncboard.runs.RunTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Who may do what, for every endpoint the app has: pages, forms, the REST API, monitoring and actuator. The endpoints
 * are read from the running app's handler mappings; one missing from {@link #MATRIX} fails the build, so that a new
 * endpoint always comes with a decision about who may use it.
 *
 * <p>Besides the controllers' endpoints, those that Spring Security's filters answer themselves are read from the
 * filter chains: the steps of signing in through an OpenID Connect provider, switched on here with a
 * {@link TestIssuer}. (Form login's {@code POST /login} and {@code POST /logout} are left out: trying them would count
 * failed sign-ins and end the sessions the matrix signs in.)
 *
 * <p>Each endpoint is requested anonymously and by a signed-in VIEWER, OPERATOR and ADMIN (real users, signed in
 * through the login form), and the API's by a token of each scope. "Allowed" is any answer but 401, 403 or a
 * redirect to the login page; "denied" is 403 for a signed-in user, a redirect to the login page (pages) or 401 (the
 * API) for anyone else. A GET names real objects in its path, so that the pages render with the role's buttons; any
 * other method names objects that do not exist (a 404 shows it was let in, and nothing is changed), and sends no
 * form fields (the form answers with its errors).
 */
@SyncboardTest
class AuthorizationMatrixIT {

    /** The least that opens an endpoint. */
    enum Least {
        /** Anyone, signed in or not. */
        PUBLIC,
        /** Any signed-in user, also one without a role or with a password to change. */
        SIGNED_IN,
        VIEWER,
        OPERATOR,
        ADMIN,
        /** An API token with monitoring:read (every token); never a session. */
        TOKEN_READ,
        /** An API token with runs:trigger. */
        TOKEN_TRIGGER,
        /** An API token with admin. */
        TOKEN_ADMIN
    }

    /**
     * Method (or {@code *} for any), path pattern as the handler mapping has it, and the least that may use it. Keep
     * it in step with {@link SecurityConfig} and the README's table of roles.
     */
    private static final Map<String, Least> MATRIX = parse("""
            GET   /login                                       PUBLIC
            *     /oauth2/authorization/{registrationId}       PUBLIC
            *     /login/oauth2/code/{registrationId}          PUBLIC
            *     /error                                       PUBLIC
            GET   /actuator/health                             PUBLIC
            GET   /account/password                            SIGNED_IN
            POST  /account/password                            SIGNED_IN

            GET   /                                            VIEWER
            GET   /runs/recent                                 VIEWER
            GET   /jobs/{id}                                   VIEWER
            GET   /jobs/{id}/runs.csv                          VIEWER
            GET   /runs/{id}                                   VIEWER
            GET   /runs/{id}/live                              VIEWER
            GET   /runs/{id}/log                               VIEWER
            GET   /hosts                                       VIEWER
            GET   /hosts/{id}                                  VIEWER
            GET   /pairs                                       VIEWER
            GET   /pairs/{id}                                  VIEWER
            GET   /actuator                                    VIEWER
            GET   /actuator/info                               VIEWER
            GET   /actuator/health/**                          VIEWER

            POST  /jobs/{id}/sync                              OPERATOR
            POST  /jobs/{id}/preview                           OPERATOR
            POST  /jobs/{id}/pause                             OPERATOR
            POST  /jobs/{id}/resume                            OPERATOR
            POST  /runs/{id}/cancel                            OPERATOR
            POST  /runs/{id}/stop-cleanup                      OPERATOR
            POST  /runs/{id}/approve                           OPERATOR
            POST  /pairs/{id}/pause                            OPERATOR
            POST  /pairs/{id}/resume                           OPERATOR
            POST  /pairs/{id}/confirm-direction                OPERATOR
            GET   /pairs/{id}/test                             OPERATOR
            POST  /pairs/{id}/test                             OPERATOR
            POST  /hosts/{id}/test                             OPERATOR

            GET   /jobs/new                                    ADMIN
            POST  /jobs/new                                    ADMIN
            GET   /jobs/{id}/edit                              ADMIN
            POST  /jobs/{id}/edit                              ADMIN
            GET   /jobs/schedule-preview                       ADMIN
            GET   /jobs/{id}/delete                            ADMIN
            POST  /jobs/{id}/delete                            ADMIN
            GET   /hosts/new                                   ADMIN
            POST  /hosts/new                                   ADMIN
            GET   /hosts/{id}/edit                             ADMIN
            POST  /hosts/{id}/edit                             ADMIN
            GET   /hosts/{id}/delete                           ADMIN
            POST  /hosts/{id}/delete                           ADMIN
            POST  /hosts/{id}/fetch-key                        ADMIN
            POST  /hosts/{id}/accept-key                       ADMIN
            POST  /hosts/{id}/import-key                       ADMIN
            GET   /pairs/new                                   ADMIN
            POST  /pairs/new                                   ADMIN
            GET   /pairs/{id}/edit                             ADMIN
            POST  /pairs/{id}/edit                             ADMIN
            GET   /pairs/{id}/delete                           ADMIN
            POST  /pairs/{id}/delete                           ADMIN
            GET   /settings/notifications                      ADMIN
            POST  /settings/notifications                      ADMIN
            POST  /settings/notifications/{id}/enable          ADMIN
            POST  /settings/notifications/{id}/disable         ADMIN
            POST  /settings/notifications/{id}/delete          ADMIN
            POST  /settings/notifications/{id}/test            ADMIN
            GET   /settings/tokens                             ADMIN
            POST  /settings/tokens                             ADMIN
            GET   /settings/tokens/{id}/revoke                 ADMIN
            POST  /settings/tokens/{id}/revoke                 ADMIN
            GET   /settings/users                              ADMIN
            POST  /settings/users                              ADMIN
            GET   /settings/users/{username}                   ADMIN
            POST  /settings/users/{username}/role              ADMIN
            POST  /settings/users/{username}/enable            ADMIN
            POST  /settings/users/{username}/disable           ADMIN
            POST  /settings/users/{username}/password          ADMIN
            GET   /settings/users/{username}/delete            ADMIN
            POST  /settings/users/{username}/delete            ADMIN
            GET   /settings/audit                              ADMIN
            GET   /settings/audit/export.csv                   ADMIN

            GET   /runbooks                                    VIEWER
            GET   /runbooks/{id}                               VIEWER
            GET   /runbooks/{id}/export.yaml                   VIEWER
            GET   /runbooks/executions/{id}                    VIEWER
            POST  /runbooks/executions/{id}/steps/{position}/done OPERATOR
            GET   /runbooks/new                                ADMIN
            POST  /runbooks                                    ADMIN
            GET   /runbooks/import                             ADMIN
            POST  /runbooks/import                             ADMIN
            GET   /runbooks/{id}/edit                          ADMIN
            POST  /runbooks/{id}                               ADMIN
            POST  /runbooks/{id}/delete                        ADMIN
            POST  /runbooks/{id}/rehearse                      ADMIN
            POST  /runbooks/{id}/start                         ADMIN
            POST  /runbooks/executions/{id}/retry              ADMIN
            POST  /runbooks/executions/{id}/skip               ADMIN
            POST  /runbooks/executions/{id}/abort              ADMIN
            GET   /api/v1/runbooks/{id}/export                 TOKEN_READ
            GET   /api/v1/runbook-executions/{id}              TOKEN_READ
            POST  /api/v1/runbook-executions/{id}/steps/{position}/done TOKEN_TRIGGER
            POST  /api/v1/runbooks                             TOKEN_ADMIN

            GET   /api/v1/jobs                                 TOKEN_READ
            GET   /api/v1/jobs/{id}                            TOKEN_READ
            GET   /api/v1/jobs/{id}/runs                       TOKEN_READ
            GET   /api/v1/runs/{id}                            TOKEN_READ
            GET   /api/v1/runs/{id}/log                        TOKEN_READ
            GET   /api/v1/monitoring/nagios                    TOKEN_READ
            GET   /api/v1/monitoring/jobs                      TOKEN_READ
            GET   /api/v1/monitoring/jobs/{job}                TOKEN_READ
            GET   /api/v1/monitoring/jobs/{job}/nagios         TOKEN_READ
            GET   /api/v1/openapi                              TOKEN_READ
            GET   /api/v1/openapi.yaml                         TOKEN_READ
            GET   /actuator/prometheus                         TOKEN_READ
            POST  /api/v1/jobs/{id}/runs                       TOKEN_TRIGGER
            POST  /api/v1/runs/{id}/cancel                     TOKEN_TRIGGER
            """);

    private static final String PASSWORD = "matrix-password-1";
    private static final Pattern VARIABLE = Pattern.compile("([^/]+)/\\{(\\w+)(?::[^}]*)?}");
    private static final String MISSING_ID = "999999";

    /** The signed-in principals, each of them a real user with this role. */
    private static final List<Role> ROLES = List.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN);

    private static final TestIssuer issuer = TestIssuer.start();

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext app;

    @Autowired
    UserAccounts accounts;

    @Autowired
    ApiTokens tokens;

    @Autowired
    TestPairs testPairs;

    @Autowired
    RunLauncher launcher;

    @Autowired
    RunHistory history;

    @Autowired
    Runbooks runbooks;

    @Autowired
    RunbookEngine engine;

    @Autowired
    Executions executions;

    @TempDir
    Path dir;

    /** The value of each path variable in a GET, by the path segment before it. */
    private final Map<String, String> real = new LinkedHashMap<>();

    @DynamicPropertySource
    static void openIdConnect(DynamicPropertyRegistry registry) {
        issuer.register(registry);
    }

    @AfterAll
    static void stopIssuer() {
        issuer.stop();
    }

    @BeforeEach
    void objectsAndUsers() throws Exception {
        Path primary = Files.createDirectories(dir.resolve("primary/data"));
        Files.writeString(primary.resolve("file"), "x\n");
        Pair pair = testPairs.localPair(primary.getParent(), Files.createDirectories(dir.resolve("standby")));
        SyncJob job = testPairs.job(pair, List.of("/data/"));
        long run = launcher.launch(job.id(), RunTrigger.MANUAL, "matrix").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !history.find(run).orElseThrow().isActive());
        real.put("jobs", String.valueOf(job.id()));
        real.put("monitoring/jobs", job.name());
        real.put("runs", String.valueOf(run));
        real.put("pairs", String.valueOf(pair.id()));
        real.put("hosts", String.valueOf(testPairs.localHost().id()));
        real.put(
                "tokens",
                String.valueOf(tokens.create("matrix-" + job.id(), Set.of(Scope.MONITORING_READ), "matrix")
                        .token()
                        .id()));
        real.put("users", user(Role.VIEWER));
        real.put("authorization", OidcRegistration.ID);
        real.put("code", OidcRegistration.ID);
        realRunbook(pair);
        for (Role role : ROLES) {
            if (accounts.find(user(role)).isEmpty()) {
                accounts.create(user(role), role, PASSWORD, false);
            }
        }
    }

    /** A runbook of the pair and a rehearsal of it, for the runbook pages and API. */
    private void realRunbook(Pair pair) {
        Runbook runbook = runbooks.create(pair.id(), """
                        name: Matrix
                        steps:
                        - title: Look
                          command: "true"
                          host: primary
                          changes: false
                        """).runbook();
        long execution = engine.rehearse(runbook.id(), "matrix").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !executions.find(execution).orElseThrow().status().isActive());
        real.put("runbooks", String.valueOf(runbook.id()));
        real.put("executions", String.valueOf(execution));
        real.put("runbook-executions", String.valueOf(execution));
    }

    @Test
    void everyEndpointOfTheAppIsInTheMatrixAndNothingElse() {
        Set<String> endpoints = endpoints();
        assertThat(endpoints)
                .as("endpoints without an entry in the matrix: add each, with the least role that may use it")
                .isSubsetOf(MATRIX.keySet());
        assertThat(MATRIX.keySet())
                .as("entries of the matrix for endpoints the app no longer has")
                .isSubsetOf(endpoints);
    }

    @Test
    void eachPageAndFormLetsInTheRolesTheMatrixNamesAndNoOthers() throws Exception {
        Map<Role, MockHttpSession> sessions = new LinkedHashMap<>();
        for (Role role : ROLES) {
            sessions.put(role, signIn(user(role)));
        }
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Least> entry : MATRIX.entrySet()) {
            String endpoint = entry.getKey();
            Least least = entry.getValue();
            MockHttpServletResponse anonymous = perform(endpoint, null, null);
            if (least == PUBLIC) {
                softly.assertThat(allowed(anonymous))
                        .as(endpoint + " anonymous")
                        .isTrue();
            } else {
                softly.assertThat(anonymousDenied(anonymous))
                        .as(endpoint + " anonymous: " + describe(anonymous))
                        .isTrue();
            }
            for (Role role : ROLES) {
                MockHttpServletResponse answer = perform(endpoint, sessions.get(role), null);
                if (isToken(least)) {
                    softly.assertThat(answer.getStatus())
                            .as(endpoint + " as " + role + " (a session does not open the API)")
                            .isEqualTo(401);
                } else if (allows(least, role)) {
                    softly.assertThat(allowed(answer))
                            .as(endpoint + " as " + role + ": " + describe(answer))
                            .isTrue();
                } else {
                    softly.assertThat(answer.getStatus())
                            .as(endpoint + " as " + role + ": " + describe(answer))
                            .isEqualTo(403);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void eachApiEndpointLetsInTheTokenScopesTheMatrixNamesAndNoOthers() throws Exception {
        Map<Scope, String> byScope = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            byScope.put(
                    scope,
                    tokens.create("matrix-" + scope.value() + "-" + real.get("jobs"), Set.of(scope), "matrix")
                            .value());
        }
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Least> entry : MATRIX.entrySet()) {
            if (!isToken(entry.getValue())) {
                continue;
            }
            for (Map.Entry<Scope, String> token : byScope.entrySet()) {
                MockHttpServletResponse answer = perform(entry.getKey(), null, token.getValue());
                String as = entry.getKey() + " with a " + token.getKey().value() + " token: " + describe(answer);
                if (scopes(entry.getValue()).contains(token.getKey())) {
                    softly.assertThat(allowed(answer)).as(as).isTrue();
                } else {
                    softly.assertThat(answer.getStatus()).as(as).isEqualTo(403);
                }
            }
        }
        softly.assertAll();
    }

    /** Every method and path pattern the app answers, as {@code GET /jobs/{id}}; {@code *} for any method. */
    private Set<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping :
                app.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        endpoints.add("* " + pattern);
                    }
                    methods.forEach(method -> endpoints.add(method.name() + " " + pattern));
                }
            }
        }
        for (SecurityFilterChain chain :
                app.getBeansOfType(SecurityFilterChain.class).values()) {
            for (Object filter : chain.getFilters()) {
                if (filter instanceof OAuth2AuthorizationRequestRedirectFilter) {
                    endpoints.add("* " + OidcSignIn.AUTHORIZATION);
                }
                if (filter instanceof OAuth2LoginAuthenticationFilter) {
                    endpoints.add("* " + OidcSignIn.CALLBACK);
                }
            }
        }
        return endpoints;
    }

    private MockHttpServletResponse perform(String endpoint, MockHttpSession session, String token) throws Exception {
        String[] parts = endpoint.split(" ", 2);
        HttpMethod method = parts[0].equals("*") ? HttpMethod.GET : HttpMethod.valueOf(parts[0]);
        MockHttpServletRequestBuilder request = request(method, fill(parts[1], method == HttpMethod.GET));
        if (method == HttpMethod.GET && parts[1].equals("/jobs/schedule-preview")) {
            request.param("schedule", "@daily").param("timeZone", "UTC");
        }
        if (session != null) {
            request.session(session);
        }
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (method != HttpMethod.GET) {
            request.with(csrf());
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    /** The pattern with its variables filled in: real objects, or ones that do not exist. */
    private String fill(String pattern, boolean realObjects) {
        Matcher variable = VARIABLE.matcher(pattern.replace("**", "liveness"));
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String segment = variable.group(1);
            String key = pattern.contains("/monitoring/jobs/") ? "monitoring/jobs" : segment;
            String value = realObjects ? real.get(key) : missing(variable.group(2));
            assertThat(value)
                    .as("a value for {" + variable.group(2) + "} after " + segment)
                    .isNotNull();
            variable.appendReplacement(path, Matcher.quoteReplacement(segment + "/" + value));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private static String missing(String name) {
        return switch (name) {
            case "username" -> "no-such-user";
            case "job" -> "no-such-job";
            default -> MISSING_ID;
        };
    }

    private MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin().user(username).password(PASSWORD))
                .andReturn()
                .getRequest()
                .getSession();
    }

    private static String user(Role role) {
        return "matrix-" + role.name().toLowerCase();
    }

    private static boolean allows(Least least, Role role) {
        return switch (least) {
            case PUBLIC, SIGNED_IN -> true;
            case VIEWER -> true;
            case OPERATOR -> role != Role.VIEWER;
            case ADMIN -> role == Role.ADMIN;
            case TOKEN_READ, TOKEN_TRIGGER, TOKEN_ADMIN -> false;
        };
    }

    private static boolean isToken(Least least) {
        return least == TOKEN_READ || least == TOKEN_TRIGGER || least == TOKEN_ADMIN;
    }

    private static Set<Scope> scopes(Least least) {
        return switch (least) {
            case TOKEN_READ -> EnumSet.allOf(Scope.class);
            case TOKEN_TRIGGER -> EnumSet.of(Scope.RUNS_TRIGGER, Scope.ADMIN);
            case TOKEN_ADMIN -> EnumSet.of(Scope.ADMIN);
            default -> EnumSet.noneOf(Scope.class);
        };
    }

    private static boolean allowed(MockHttpServletResponse answer) {
        return answer.getStatus() != 401 && answer.getStatus() != 403 && !toLogin(answer);
    }

    private static boolean anonymousDenied(MockHttpServletResponse answer) {
        return answer.getStatus() == 401 || toLogin(answer);
    }

    private static boolean toLogin(MockHttpServletResponse answer) {
        String location = answer.getHeader(HttpHeaders.LOCATION);
        return answer.getStatus() / 100 == 3 && location != null && location.endsWith("/login");
    }

    private static String describe(MockHttpServletResponse answer) {
        String location = answer.getHeader(HttpHeaders.LOCATION);
        return answer.getStatus() + (location == null ? "" : " to " + location);
    }

    private static Map<String, Least> parse(String table) {
        Map<String, Least> matrix = new LinkedHashMap<>();
        table.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(line -> {
            String[] cells = line.split("\\s+");
            assertThat(cells).as(line).hasSize(3);
            Least previous = matrix.put(cells[0] + " " + cells[1], Least.valueOf(cells[2]));
            assertThat(previous)
                    .as("one entry for " + cells[0] + " " + cells[1])
                    .isNull();
        });
        return matrix;
    }
}
