package app.syncboard.security;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@SyncboardTest
class TokenPagesIT {

    private static final Pattern TOKEN = Pattern.compile("sb_[A-Za-z0-9_-]{43}");
    private static final String SHOWN_ONCE = "Copy it now; it is not shown again.";

    @Autowired
    MockMvc mvc;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewTokenIsShownOnceThenNeverAgain() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(create(session, "page-nagios", "MONITORING_READ")).andExpect(redirectedUrl("/settings/tokens"));

        String first = page(session);
        assertThat(first).contains(SHOWN_ONCE);
        Matcher shown = TOKEN.matcher(first);
        assertThat(shown.find()).isTrue();
        String value = shown.group();
        assertThat(first)
                .contains("curl -H &quot;Authorization: Bearer " + value
                        + "&quot; http://localhost/api/v1/monitoring/nagios");
        assertThat(row(first, "page-nagios"))
                .contains("monitoring:read")
                .contains("by alice")
                .contains("never")
                .contains("Revoke");
        assertThat(tokens.authenticate(value).orElseThrow().name()).isEqualTo("page-nagios");

        String again = page(session);
        assertThat(again).doesNotContain(value).doesNotContain(SHOWN_ONCE).contains("page-nagios");
        assertThat(TOKEN.matcher(again).find()).isFalse();
        assertThat(page(new MockHttpSession())).doesNotContain(value);
        assertThat(row(again, "page-nagios")).as("used once since").doesNotContain("never");
    }

    @Test
    void theChosenScopesAreStored() throws Exception {
        mvc.perform(create(new MockHttpSession(), "page-runner", "RUNS_TRIGGER", "MONITORING_READ"))
                .andExpect(redirectedUrl("/settings/tokens"));
        assertThat(tokens.findByName("page-runner").orElseThrow().scopes()).isEqualTo("monitoring:read runs:trigger");
    }

    @Test
    void aTakenNameIsAFieldErrorAndNothingIsCreated() throws Exception {
        tokens.create("page-taken", java.util.Set.of(Scope.MONITORING_READ), "bob");
        String page = mvc.perform(create(new MockHttpSession(), "  page-taken ", "ADMIN"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(fieldOf(page, "name")).contains("A token with this name exists already");
        assertThat(page).contains("No token was created").doesNotContain(SHOWN_ONCE);
        assertThat(tokens.findByName("page-taken").orElseThrow().createdBy()).isEqualTo("bob");
    }

    @Test
    void theNameAndScopesAreChecked() throws Exception {
        long before = count();
        assertThat(fieldOf(invalid(" ", "ADMIN"), "name")).contains("Enter a name.");
        assertThat(fieldOf(invalid("x".repeat(101), "ADMIN"), "name")).contains("Use at most 100 characters.");
        assertThat(fieldOf(invalid("bell\u0007", "ADMIN"), "name")).contains("Must not contain control characters.");
        String noScope = invalid("page-no-scope");
        assertThat(noScope.substring(noScope.indexOf("<legend>Scopes</legend>")))
                .contains("Choose at least one scope.");
        assertThat(fieldOf(noScope, "name")).contains("value=\"page-no-scope\"");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void creatingAndRevokingNeedTheCsrfToken() throws Exception {
        mvc.perform(post("/settings/tokens")
                        .with(user("alice"))
                        .param("name", "page-csrf")
                        .param("scopes", "ADMIN"))
                .andExpect(status().isForbidden());
        assertThat(tokens.findByName("page-csrf")).isEmpty();

        long id = tokens.create("page-csrf", java.util.Set.of(Scope.ADMIN), "bob")
                .token()
                .id();
        mvc.perform(post("/settings/tokens/{id}/revoke", id).with(user("alice")))
                .andExpect(status().isForbidden());
        assertThat(tokens.find(id).orElseThrow().revoked()).isFalse();
    }

    @Test
    void aRevokedTokenIsMarkedInTheListAndRefusedByTheApi() throws Exception {
        ApiTokens.IssuedToken issued = tokens.create("page-revoke", java.util.Set.of(Scope.ADMIN), "bob");
        long id = issued.token().id();

        String confirm = mvc.perform(get("/settings/tokens/{id}/revoke", id).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(confirm).contains("Revoke token").contains("page-revoke");

        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/settings/tokens/{id}/revoke", id)
                        .session(session)
                        .with(user("alice"))
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/tokens"));
        String page = page(session);
        assertThat(page).contains("Token &quot;page-revoke&quot; revoked");
        assertThat(row(page, "page-revoke"))
                .contains("REVOKED")
                .contains("by alice")
                .doesNotContain("Revoke…");

        mvc.perform(get("/api/v1/monitoring/nagios").header(HttpHeaders.AUTHORIZATION, "Bearer " + issued.value()))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/settings/tokens/{id}/revoke", id).with(user("alice")).with(csrf()))
                .andExpect(redirectedUrl("/settings/tokens"));
        assertThat(tokens.find(id).orElseThrow().revokedBy()).isEqualTo("alice");
        mvc.perform(get("/settings/tokens/424242/revoke").with(user("alice"))).andExpect(status().isNotFound());
    }

    @Test
    void thePageNeedsASignedInUserAndIsInTheNavigation() throws Exception {
        mvc.perform(get("/settings/tokens")).andExpect(redirectedUrl("/login"));
        assertThat(mvc.perform(get("/").with(user("alice")))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("href=\"/settings/tokens\"");
    }

    private MockHttpServletRequestBuilder create(MockHttpSession session, String name, String... scopes) {
        return post("/settings/tokens")
                .session(session)
                .with(user("alice"))
                .with(csrf())
                .param("name", name)
                .param("scopes", scopes)
                .param("_scopes", "on");
    }

    private String invalid(String name, String... scopes) throws Exception {
        return mvc.perform(create(new MockHttpSession(), name, scopes))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private String page(MockHttpSession session) throws Exception {
        return mvc.perform(get("/settings/tokens").session(session).with(user("alice")))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM api_token").query(Long.class).single();
    }

    /** The table row of the named token. */
    private static String row(String page, String name) {
        int at = page.indexOf("<td>" + name + "</td>");
        assertThat(at).as("row of " + name).isNotNegative();
        return page.substring(at, page.indexOf("</tr>", at));
    }

    /** The form field's block: its input and its error messages. */
    private static String fieldOf(String page, String name) {
        int at = page.indexOf("id=\"" + name + "\"");
        assertThat(at).as("field " + name).isNotNegative();
        return page.substring(at, page.indexOf("</div>", at));
    }
}
