package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import app.syncboard.SyncboardTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Password guessing through the login form: after five wrong passwords for a user name (or twenty from one
 * address) further attempts are refused without looking at the password, even the right one, and the login page
 * says for how long; other users are not affected.
 */
@SyncboardTest
class LoginThrottleIT {

    private static final String PASSWORD = "a-long-enough-password";

    @Autowired
    MockMvc mvc;

    @Autowired
    UserAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fiveWrongPasswordsLockTheUserNameAndTheLoginPageSaysForHowLong() throws Exception {
        String name = user();
        for (int i = 0; i < 5; i++) {
            mvc.perform(attempt(name, "wrong-" + i, "198.51.100.7")).andExpect(redirectedUrl("/login?error"));
        }

        // The right password from another address: the user name is locked, wherever the attempt comes from.
        mvc.perform(attempt(name, PASSWORD, "198.51.100.8")).andExpect(redirectedUrl("/login?locked=1"));
        // Spaces around the name change nothing: the sign-in trims them, and so does the lock.
        mvc.perform(attempt(" " + name + " ", PASSWORD, "198.51.100.8")).andExpect(redirectedUrl("/login?locked=1"));
        assertThat(jdbc.sql("SELECT CONCAT(actor, ' ', address, ' ', action, ' ', outcome) FROM audit_event"
                                + " WHERE actor = ? ORDER BY id DESC LIMIT 1")
                        .param(name)
                        .query(String.class)
                        .single())
                .as("the refused attempt is in the audit log")
                .isEqualTo(name + " 198.51.100.8 login.failure DENIED");
        String page =
                mvc.perform(get("/login?locked=1")).andReturn().getResponse().getContentAsString();
        assertThat(page)
                .contains("Too many failed sign-ins for this user name or from this address: try again in 1 minute.");

        String other = user();
        mvc.perform(attempt(other, PASSWORD, "198.51.100.7")).andExpect(redirectedUrl("/"));
    }

    @Test
    void manyWrongPasswordsFromOneAddressLockThatAddressForEveryUserName() throws Exception {
        String address = "192.0.2." + (1 + (int) (Math.random() * 200));
        for (int i = 0; i < 20; i++) {
            String guessed = "nobody-" + i + "-" + UUID.randomUUID();
            mvc.perform(attempt(guessed, "guess", address)).andExpect(redirectedUrl("/login?error"));
        }

        String name = user();
        mvc.perform(attempt(name, PASSWORD, address)).andExpect(redirectedUrl("/login?locked=1"));
        mvc.perform(attempt(name, PASSWORD, "198.51.100.9")).andExpect(redirectedUrl("/"));
    }

    @Test
    void aLockedNumberThatIsNotOneIsNotShown() throws Exception {
        String page = mvc.perform(get("/login?locked=<b>soon</b>"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).doesNotContain("Too many failed").doesNotContain("<b>soon");
    }

    /** What the login form posts, from the given address. */
    private static MockHttpServletRequestBuilder attempt(String name, String password, String address) {
        return post("/login")
                .param("username", name)
                .param("password", password)
                .with(csrf())
                .with(request -> {
                    request.setRemoteAddr(address);
                    return request;
                });
    }

    private String user() {
        String name = "user-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.create(name, Role.VIEWER, PASSWORD, false);
        return name;
    }
}
