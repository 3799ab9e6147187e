package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Signing in through an LDAP directory: UnboundID's in-memory server on 127.0.0.1, loaded from
 * {@code security/directory.ldif}, which answers searches only to syncboard's manager account. The groups are mapped
 * as an operator would write them: the admins' by DN (in other case and spacing), the others' by CN.
 */
@SyncboardTest
@TestPropertySource(
        properties = {
            "syncboard.security.ldap.enabled=true",
            "syncboard.security.ldap.user-search-base=ou=people,dc=example,dc=org",
            "syncboard.security.ldap.group-search-base=ou=groups,dc=example,dc=org",
            "syncboard.security.ldap.manager-dn=" + LdapSignInIT.MANAGER,
            "syncboard.security.ldap.manager-password=" + LdapSignInIT.MANAGER_PASSWORD,
            "syncboard.security.ldap.role-groups.ADMIN=CN=Syncboard-Admins, OU=groups, DC=example, DC=org",
            "syncboard.security.ldap.role-groups.OPERATOR=syncboard-operators",
            "syncboard.security.ldap.role-groups.VIEWER=SYNCBOARD-VIEWERS"
        })
class LdapSignInIT {

    static final String MANAGER = "cn=syncboard,dc=example,dc=org";
    static final String MANAGER_PASSWORD = "manager-directory-password";

    /** What the directory was asked, one line per request (UnboundID's access log). */
    private static final Queue<String> asked = new ConcurrentLinkedQueue<>();

    private static final InMemoryDirectoryServer directory = startDirectory();

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void directoryAddress(DynamicPropertyRegistry registry) {
        registry.add("syncboard.security.ldap.url", () -> "ldap://127.0.0.1:" + directory.getListenPort());
    }

    @AfterAll
    static void stopDirectory() {
        directory.shutDown(true);
    }

    @Test
    void eachDirectoryUserGetsTheRoleOfTheWidestGroupAndTheSignInIsAudited() throws Exception {
        MockHttpSession ada = signIn("ada", "ada-directory-password");
        assertThat(roles(ada)).as("in the admins' group and the viewers'").containsExactly("ROLE_ADMIN");
        mvc.perform(get("/settings/users").session(ada)).andExpect(status().isOk());

        MockHttpSession otto = signIn("otto", "otto-directory-password");
        assertThat(roles(otto)).containsExactly("ROLE_OPERATOR");
        mvc.perform(get("/settings/users").session(otto)).andExpect(status().isForbidden());

        MockHttpSession vera = signIn("vera", "vera-directory-password");
        assertThat(roles(vera)).containsExactly("ROLE_VIEWER");
        mvc.perform(get("/").session(vera)).andExpect(status().isOk());
        mvc.perform(get("/settings/users").session(vera)).andExpect(status().isForbidden());
        assertThat(newestEntry("vera")).isEqualTo("vera 127.0.0.1 login.success SUCCESS null");
        mvc.perform(post("/jobs/1/sync").session(vera).with(csrf())).andExpect(status().isForbidden());
        assertThat(accounts.find("vera")).as("directory users are not stored").isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedAuditedAndCountedByTheThrottle() throws Exception {
        for (int i = 0; i < 5; i++) {
            attempt("tilda", "wrong-" + i, "198.51.100.21").andExpect(redirectedUrl("/login?error"));
        }
        assertThat(newestEntry("tilda"))
                .isEqualTo("tilda 198.51.100.21 login.failure FAILED Wrong user name or password.");

        // The right password now: the user name is locked, and the directory is not asked.
        asked.clear();
        attempt("tilda", "tilda-directory-password", "198.51.100.22").andExpect(redirectedUrl("/login?locked=1"));
        assertThat(askedAbout("tilda")).isEmpty();
    }

    @Test
    void aNameCountsAsOneWhateverItsCaseAndTheSessionEndsAfterItsFixedTime() throws Exception {
        MockHttpSession ada = signIn("ADA", "ada-directory-password");
        assertThat(roles(ada)).containsExactly("ROLE_ADMIN");
        assertThat(newestEntry("ada")).as("one person, one name").isEqualTo("ada 127.0.0.1 login.success SUCCESS null");

        // Five wrong tries in any mix of case lock the one name.
        for (String typed : List.of("tilda2", "Tilda2", "TILDA2", "tILDA2", "TilDa2")) {
            attempt(typed, "wrong", "198.51.100.31").andExpect(redirectedUrl("/login?error"));
        }
        attempt("tilda2", "whatever", "198.51.100.32").andExpect(redirectedUrl("/login?locked=1"));

        // The groups were read at sign-in: after syncboard.security.directory-session-max the session ends.
        mvc.perform(get("/settings/users").session(ada)).andExpect(status().isOk());
        ada.setAttribute(CurrentUserFilter.DIRECTORY_SIGNED_IN, System.currentTimeMillis() - 9 * 3_600_000L);
        mvc.perform(get("/settings/users").session(ada)).andExpect(status().is3xxRedirection());
        assertThat(ada.isInvalid()).as("signed out").isTrue();
    }

    @Test
    void aDirectoryUserInNoMappedGroupIsRefusedAndTheLoginPageSaysWhy() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login")
                        .session(session)
                        .with(csrf())
                        .param("username", "nora")
                        .param("password", "nora-directory-password"))
                .andExpect(redirectedUrl("/login?problem"));

        assertThat(roles(session)).as("not signed in").isEmpty();
        String page = mvc.perform(get("/login?problem").session(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page.toLowerCase(Locale.ROOT))
                .contains("signed in to the directory, but in no group syncboard maps to a role");
        assertThat(newestEntry("nora"))
                .isEqualTo("nora 127.0.0.1 login.failure DENIED signed in to the directory, but in no group syncboard"
                        + " maps to a role");
    }

    @Test
    void localUsersStillSignInAndTheDirectoryIsNeverAskedAboutTheirNames() throws Exception {
        if (accounts.find("lena").isEmpty()) {
            accounts.create("lena", Role.VIEWER, "lena-local-password", false);
        }
        asked.clear();
        for (String name : List.of("lena", "LENA")) {
            attempt(name, "lena-directory-password", "198.51.100.31").andExpect(redirectedUrl("/login?error"));
        }
        assertThat(askedAbout("lena"))
                .as("the directory's lena is an admin, but never asked about")
                .isEmpty();

        MockHttpSession lena = signIn("lena", "lena-local-password");
        assertThat(roles(lena)).as("the local user's role").containsExactly("ROLE_VIEWER");
        mvc.perform(get("/settings/users").session(lena)).andExpect(status().isForbidden());
        assertThat(askedAbout("lena")).isEmpty();
    }

    @Test
    void thePasswordPageSaysThePasswordIsTheDirectorysAndChangesNothing() throws Exception {
        MockHttpSession otto = signIn("otto", "otto-directory-password");
        String page = mvc.perform(get("/account/password").session(otto))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("your password is the directory&#39;s, not syncboard&#39;s");
        assertThat(page).doesNotContain("name=\"currentPassword\"");

        mvc.perform(post("/account/password")
                        .session(otto)
                        .with(csrf())
                        .param("currentPassword", "otto-directory-password")
                        .param("password", "a-new-password-1")
                        .param("repeat", "a-new-password-1"))
                .andExpect(status().isOk());
        assertThat(accounts.find("otto")).as("no local user made").isEmpty();
        assertThat(newestEntry("otto"))
                .isEqualTo("otto 127.0.0.1 account.password DENIED The password is the directory's, not syncboard's.");
    }

    private MockHttpSession signIn(String username, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login")
                        .session(session)
                        .with(csrf())
                        .param("username", username)
                        .param("password", password))
                .andExpect(redirectedUrl("/"));
        return session;
    }

    private ResultActions attempt(String username, String password, String address) throws Exception {
        return mvc.perform(post("/login")
                .with(csrf())
                .with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                })
                .param("username", username)
                .param("password", password));
    }

    private static List<String> roles(MockHttpSession session) {
        if (!(session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)
                instanceof SecurityContext context)) {
            return List.of();
        }
        return context.getAuthentication().getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .toList();
    }

    private String newestEntry(String actor) {
        return jdbc.sql("SELECT CONCAT(actor, ' ', address, ' ', action, ' ', outcome, ' ', COALESCE(reason, 'null'))"
                        + " FROM audit_event WHERE actor = ? ORDER BY id DESC LIMIT 1")
                .param(actor)
                .query(String.class)
                .single();
    }

    private static List<String> askedAbout(String name) {
        return asked.stream()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static InMemoryDirectoryServer startDirectory() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
            config.setListenerConfigs(
                    InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName("127.0.0.1"), 0, null));
            config.addAdditionalBindCredentials(MANAGER, MANAGER_PASSWORD);
            config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE);
            config.setAccessLogHandler(new Handler() {
                @Override
                public void publish(LogRecord line) {
                    asked.add(line.getMessage());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.importFromLDIF(
                    true,
                    Path.of(LdapSignInIT.class
                                    .getResource("/security/directory.ldif")
                                    .toURI())
                            .toFile());
            server.startListening();
            return server;
        } catch (LDAPException | UnknownHostException | URISyntaxException e) {
            throw new IllegalStateException("The test directory did not start", e);
        }
    }
}
