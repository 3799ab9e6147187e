package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import app.syncboard.TestPairs;
import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Users as admins manage them on {@code /settings/users} and as they sign in through the login form: the first
 * password change, roles that apply at once, disabled users, the password rules, and the buttons each role sees.
 * Which role opens which page is {@link AuthorizationMatrixIT}'s; the last admin rule {@link UserStoreContract}'s.
 */
@SyncboardTest
class UsersIT {

    private static final String FIRST = "first-password-1";
    private static final String OWN = "own-password-123";
    private static final Pattern GENERATED = Pattern.compile("<code class=\"token\">([^<]+)</code>");

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    @Autowired
    TestPairs testPairs;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    String adminName;
    MockHttpSession admin;

    @BeforeEach
    void signedInAdmin() throws Exception {
        adminName = name("boss");
        accounts.create(adminName, Role.ADMIN, OWN, false);
        admin = signIn(adminName, OWN);
    }

    @Test
    void anAdminCreatesAUserOfEachRoleWhoSignsInThroughTheLoginFormAndFirstChoosesAPassword() throws Exception {
        for (Role role : Role.values()) {
            String name = name(role.name().toLowerCase());
            mvc.perform(create(name, role, FIRST, FIRST)).andExpect(redirectedUrl("/settings/users/" + name));
            assertThat(page("/settings/users/" + name, admin))
                    .contains("User " + name + " created with the role " + role.name())
                    .doesNotContain(FIRST);

            MockHttpSession session =
                    (MockHttpSession) mvc.perform(formLogin().user(name).password(FIRST))
                            .andExpect(authenticated()
                                    .withAuthentication(signedIn -> assertThat(
                                                    AuthorityUtils.authorityListToSet(signedIn.getAuthorities()))
                                            .as("no role until the password is changed")
                                            .contains(StoredUser.PASSWORD_CHANGE_REQUIRED)
                                            .noneMatch(authority -> authority.startsWith("ROLE_"))))
                            .andExpect(redirectedUrl(AccountController.PATH))
                            .andReturn()
                            .getRequest()
                            .getSession();

            // Nothing but the password form opens: pages, forms and htmx requests are sent there.
            mvc.perform(get("/").session(session)).andExpect(redirectedUrl(AccountController.PATH));
            mvc.perform(get("/hosts").session(session)).andExpect(redirectedUrl(AccountController.PATH));
            mvc.perform(post("/jobs/999999/sync").session(session).with(csrf()))
                    .andExpect(redirectedUrl(AccountController.PATH));
            mvc.perform(get("/").session(session).header("HX-Request", "true"))
                    .andExpect(status().isForbidden())
                    .andExpect(header().string("HX-Redirect", AccountController.PATH));
            mvc.perform(get("/css/syncboard.css").session(session)).andExpect(status().isOk());
            assertThat(page(AccountController.PATH, session))
                    .contains("Choose a password of your own before you go on")
                    .doesNotContain("href=\"/hosts\"")
                    .contains("Sign out");

            changeOwnPassword(session, FIRST, OWN).andExpect(redirectedUrl("/"));
            String dashboard = page("/", session);
            assertThat(dashboard).contains("Your password was changed.").contains("href=\"/hosts\"");
            assertThat(dashboard.contains("href=\"/settings/users\"")).isEqualTo(role == Role.ADMIN);
            assertThat(page(AccountController.PATH, session))
                    .doesNotContain("Choose a password of your own")
                    .contains("autocomplete=\"current-password\"")
                    .contains("autocomplete=\"new-password\"");

            UserAccount stored = accounts.find(name).orElseThrow();
            assertThat(stored.mustChangePassword()).isFalse();
            assertThat(stored.lastSignInAt()).isNotNull();
            mvc.perform(formLogin().user(name).password(OWN)).andExpect(redirectedUrl("/"));
            mvc.perform(formLogin().user(name).password(FIRST)).andExpect(unauthenticated());
        }
    }

    @Test
    void aGeneratedPasswordIsShownOnceAndSignsIn() throws Exception {
        String name = name("generated");
        mvc.perform(create(name, Role.VIEWER, "", "")).andExpect(redirectedUrl("/settings/users/" + name));

        String shown = page("/settings/users/" + name, admin);
        Matcher password = GENERATED.matcher(shown);
        assertThat(password.find()).as("the password on the page").isTrue();
        assertThat(password.group(1)).hasSize(24);
        assertThat(page("/settings/users/" + name, admin))
                .as("shown once")
                .doesNotContain(password.group(1))
                .doesNotContain("is shown only now");

        signIn(name, password.group(1), AccountController.PATH);

        // A reset works the same way, and the old password stops working at once.
        mvc.perform(post("/settings/users/{name}/password", name)
                        .session(admin)
                        .with(csrf())
                        .param("password", "")
                        .param("repeat", ""))
                .andExpect(redirectedUrl("/settings/users/" + name));
        Matcher reset = GENERATED.matcher(page("/settings/users/" + name, admin));
        assertThat(reset.find()).isTrue();
        mvc.perform(formLogin().user(name).password(password.group(1))).andExpect(unauthenticated());
        signIn(name, reset.group(1), AccountController.PATH);
    }

    @Test
    void aChangedRoleAppliesAtTheNextRequestOfAnOpenSession() throws Exception {
        Pair pair = testPairs.localPair(
                Files.createDirectories(dir.resolve("primary")), Files.createDirectories(dir.resolve("standby")));
        String name = name("promoted");
        accounts.create(name, Role.VIEWER, OWN, false);
        MockHttpSession session = signIn(name, OWN);

        mvc.perform(get("/pairs/{id}/test", pair.id()).session(session))
                .andExpect(status().isForbidden())
                .andExpect(request().attribute(PageAccessDenied.DENIED_BY_ROLE, true));
        assertThat(page("/pairs/" + pair.id(), session)).doesNotContain("Test connection");

        mvc.perform(post("/settings/users/{name}/role", name)
                        .session(admin)
                        .with(csrf())
                        .param("role", "OPERATOR"))
                .andExpect(redirectedUrl("/settings/users/" + name));
        mvc.perform(get("/pairs/{id}/test", pair.id()).session(session)).andExpect(status().isOk());
        assertThat(page("/pairs/" + pair.id(), session)).contains("Test connection");

        accounts.changeRole(name, Role.VIEWER);
        mvc.perform(get("/pairs/{id}/test", pair.id()).session(session)).andExpect(status().isForbidden());
    }

    @Test
    void aDisabledUserCannotSignInAndAnOpenSessionEndsAtTheNextRequest() throws Exception {
        String name = name("disabled");
        accounts.create(name, Role.OPERATOR, OWN, false);
        MockHttpSession session = signIn(name, OWN);
        mvc.perform(get("/").session(session)).andExpect(status().isOk());

        mvc.perform(post("/settings/users/{name}/disable", name).session(admin).with(csrf()))
                .andExpect(redirectedUrl("/settings/users/" + name));
        assertThat(page("/settings/users/" + name, admin)).contains(name + " is disabled");

        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin().user(name).password(OWN))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
        assertThat(page("/settings/users", admin)).contains("disabled");

        mvc.perform(post("/settings/users/{name}/enable", name).session(admin).with(csrf()));
        signIn(name, OWN);

        MockHttpSession deleted = signIn(name, OWN);
        assertThat(page("/settings/users/" + name + "/delete", admin)).contains("Delete user");
        mvc.perform(post("/settings/users/{name}/delete", name).session(admin).with(csrf()))
                .andExpect(redirectedUrl("/settings/users"));
        assertThat(accounts.find(name)).isEmpty();
        mvc.perform(get("/").session(deleted)).andExpect(redirectedUrl("/login"));

        assertThat(jdbc.sql("SELECT CONCAT(actor, ' ', action, ' ', target_id, ' ', outcome) FROM audit_event"
                                + " WHERE target_type = 'user' AND target_id = ? ORDER BY id")
                        .param(name)
                        .query(String.class)
                        .list())
                .as("each change of the user is in the audit log, by the admin who made it")
                .containsExactly(
                        adminName + " user.disable " + name + " SUCCESS",
                        adminName + " user.enable " + name + " SUCCESS",
                        adminName + " user.delete " + name + " SUCCESS");
    }

    @Test
    void anAdminCannotDisableDeleteOrForgetThemselves() throws Exception {
        mvc.perform(post("/settings/users/{name}/disable", adminName)
                        .session(admin)
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/users/" + adminName));
        assertThat(page("/settings/users/" + adminName, admin))
                .contains("You cannot disable yourself: another admin can.");

        assertThat(page("/settings/users/" + adminName + "/delete", admin))
                .contains("You cannot delete yourself")
                .doesNotContain("Delete user</button>");
        mvc.perform(post("/settings/users/{name}/delete", adminName)
                        .session(admin)
                        .with(csrf()))
                .andExpect(redirectedUrl("/settings/users/" + adminName));
        assertThat(page("/settings/users/" + adminName, admin)).contains("You cannot delete yourself");
        assertThat(accounts.find(adminName).orElseThrow().enabled()).isTrue();

        mvc.perform(get("/settings/users/no-such-user").session(admin)).andExpect(status().isNotFound());
    }

    @Test
    void aNewUsersFieldsAreCheckedNextToEachFieldKeepingTheNameAndRoleButNoPassword() throws Exception {
        String name = name("rules");
        assertThat(field(invalid(name, "short-pw", "short-pw"), "password")).contains("Use at least 12 characters.");
        assertThat(field(invalid(name, name.toUpperCase(), name.toUpperCase()), "password"))
                .contains("Must not be the user name.");
        assertThat(field(invalid(name, "long-enough-pw", "long-enough-px"), "repeat"))
                .contains("The two passwords differ");
        assertThat(field(invalid(name, "é".repeat(37), "é".repeat(37)), "password"))
                .contains("Use at most 72 bytes");
        assertThat(field(invalid(name, "long-enough-pw", ""), "repeat")).contains("The two passwords differ");

        String page = invalid(name, "short-pw", "short-pw");
        assertThat(field(page, "username")).contains("value=\"" + name + "\"");
        assertThat(page).containsPattern("value=\"OPERATOR\"[^>]*checked|checked[^>]*value=\"OPERATOR\"");
        assertThat(page).contains("No user was created").doesNotContain("short-pw");

        assertThat(field(invalid("has space", FIRST, FIRST), "username")).contains("without spaces");
        assertThat(field(invalid("", FIRST, FIRST), "username")).contains("Enter a user name.");
        assertThat(field(invalid("x".repeat(51), FIRST, FIRST), "username")).contains("Use at most 50 characters.");
        assertThat(field(invalid(adminName.toUpperCase(), FIRST, FIRST), "username"))
                .contains("A user with this name exists already");
        assertThat(accounts.find(name)).isEmpty();
    }

    @Test
    void ownPasswordsNeedTheCurrentOneAndANewOneAndNothingTypedIsShownAgain() throws Exception {
        String name = name("own");
        accounts.create(name, Role.VIEWER, OWN, false);
        MockHttpSession session = signIn(name, OWN);
        assertThat(page(AccountController.PATH, session))
                .doesNotContain("Choose a password of your own")
                .contains("autocomplete=\"current-password\"")
                .contains("autocomplete=\"new-password\"");

        String wrong = body(changeOwnPassword(session, "not-the-current", "a-new-password-1"));
        assertThat(field(wrong, "currentPassword")).contains("This is not your current password.");
        assertThat(wrong).doesNotContain("not-the-current").doesNotContain("a-new-password-1");
        assertThat(field(body(changeOwnPassword(session, OWN, OWN)), "password"))
                .contains("Choose a password other than the current one.");
        assertThat(field(body(changeOwnPassword(session, OWN, name)), "password"))
                .contains("Must not be the user name.");
        assertThat(accounts.passwordMatches(name, OWN)).isTrue();

        MockHttpSession elsewhere = signIn(name, OWN);
        changeOwnPassword(session, OWN, "a-new-password-1").andExpect(redirectedUrl("/"));
        assertThat(accounts.passwordMatches(name, "a-new-password-1")).isTrue();
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
        // A session signed in with the old password (say a stolen one) ends with the change.
        mvc.perform(get("/").session(elsewhere)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void eachRoleSeesTheButtonsItMayUseAndNoOthers(@TempDir Path data) throws Exception {
        Pair pair = testPairs.localPair(
                Files.createDirectories(data.resolve("primary")), Files.createDirectories(data.resolve("standby")));
        SyncJob job = testPairs.job(pair, List.of("/data/"));

        String viewer = page("/jobs/" + job.id(), "VIEWER");
        assertThat(viewer)
                .doesNotContain("Sync now</button>")
                .doesNotContain("Pause schedule</button>")
                .doesNotContain(">Edit<");
        String operator = page("/jobs/" + job.id(), "OPERATOR");
        assertThat(operator).contains("Sync now</button>").contains("Preview").contains("Pause schedule</button>");
        assertThat(operator).doesNotContain(">Edit<").doesNotContain(">Delete<");
        assertThat(page("/jobs/" + job.id(), "ADMIN"))
                .as("ADMIN includes OPERATOR")
                .contains("Sync now</button>")
                .contains(">Edit<")
                .contains(">Delete<");

        assertThat(page("/", "VIEWER")).doesNotContain("Sync now</button>").doesNotContain("href=\"/jobs/new\"");
        assertThat(page("/", "OPERATOR")).contains("Sync now</button>").doesNotContain("href=\"/settings/tokens\"");
        assertThat(page("/", "ADMIN"))
                .contains("href=\"/jobs/new\"")
                .contains("href=\"/settings/notifications\"")
                .contains("href=\"/settings/tokens\"")
                .contains("href=\"/settings/users\"");

        assertThat(page("/pairs/" + pair.id(), "VIEWER"))
                .doesNotContain("Pause pair")
                .doesNotContain("Test connection");
        assertThat(page("/pairs/" + pair.id(), "OPERATOR"))
                .contains("Pause pair")
                .doesNotContain(">Edit<");
        assertThat(page("/pairs", "VIEWER")).doesNotContain("New pair");
        assertThat(page("/hosts", "OPERATOR")).doesNotContain("New host");
        assertThat(page("/hosts", "ADMIN")).contains("New host");
    }

    @Test
    void theUserFormsNeedTheCsrfToken() throws Exception {
        String name = name("csrf");
        mvc.perform(post("/settings/users")
                        .session(admin)
                        .param("username", name)
                        .param("role", "ADMIN")
                        .param("password", FIRST)
                        .param("repeat", FIRST))
                .andExpect(status().isForbidden())
                .andExpect(request().attribute(PageAccessDenied.DENIED_BY_ROLE, (Object) null));
        assertThat(accounts.find(name)).isEmpty();
        mvc.perform(post("/settings/users/{name}/role", adminName)
                        .session(admin)
                        .param("role", "VIEWER"))
                .andExpect(status().isForbidden());
        mvc.perform(post(AccountController.PATH)
                        .session(admin)
                        .param("currentPassword", OWN)
                        .param("password", "another-password")
                        .param("repeat", "another-password"))
                .andExpect(status().isForbidden());
        assertThat(accounts.passwordMatches(adminName, OWN)).isTrue();
    }

    @Test
    void theListShowsEachUsersRoleStateAndLastSignIn() throws Exception {
        String name = name("listed");
        accounts.create(name, Role.OPERATOR, FIRST, true);
        String list = page("/settings/users", admin);
        String row = list.substring(list.indexOf("data-user=\"" + name + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row)
                .contains("OPERATOR")
                .contains("enabled")
                .contains("must change the password")
                .contains("never");
        String own = list.substring(list.indexOf("data-user=\"" + adminName + "\""));
        assertThat(own.substring(0, own.indexOf("</tr>"))).contains("ADMIN").contains("UTC");
    }

    private MockHttpServletRequestBuilder create(String name, Role role, String password, String repeat) {
        return post("/settings/users")
                .session(admin)
                .with(csrf())
                .param("username", name)
                .param("role", role.name())
                .param("password", password)
                .param("repeat", repeat);
    }

    private String invalid(String name, String password, String repeat) throws Exception {
        return mvc.perform(create(name, Role.OPERATOR, password, repeat))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private ResultActions changeOwnPassword(MockHttpSession session, String current, String next) throws Exception {
        return mvc.perform(post(AccountController.PATH)
                .session(session)
                .with(csrf())
                .param("currentPassword", current)
                .param("password", next)
                .param("repeat", next));
    }

    private MockHttpSession signIn(String name, String password) throws Exception {
        return signIn(name, password, "/");
    }

    /** Signs in through the login form and expects to be sent to {@code landing}. */
    private MockHttpSession signIn(String name, String password, String landing) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin().user(name).password(password))
                .andExpect(authenticated())
                .andExpect(redirectedUrl(landing))
                .andReturn()
                .getRequest()
                .getSession();
    }

    private String page(String path, MockHttpSession session) throws Exception {
        return body(mvc.perform(get(path).session(session)).andExpect(status().isOk()));
    }

    /** The page as a user with this role sees it. */
    private String page(String path, String role) throws Exception {
        return body(mvc.perform(get(path).with(user("someone").roles(role))).andExpect(status().isOk()));
    }

    private static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString();
    }

    /** The form field's block: its input and its error messages. */
    private static String field(String page, String name) {
        int at = page.indexOf("id=\"" + name + "\"");
        assertThat(at).as("field " + name).isNotNegative();
        return page.substring(at, page.indexOf("</div>", at));
    }

    private static String name(String what) {
        return "u-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
