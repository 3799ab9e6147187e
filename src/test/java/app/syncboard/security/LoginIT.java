package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

@SyncboardTest
class LoginIT {

    private static final String PASSWORD = "test-admin-password";

    @Autowired
    MockMvc mvc;

    @Test
    void signingInStraightAwayLandsOnTheDashboard() throws Exception {
        mvc.perform(formLogin().user("admin").password(PASSWORD))
                .andExpect(authenticated())
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void signingInAfterBeingSentToTheLoginPageLandsOnThePageAskedForWithoutContinue() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/").session(session).accept(MediaType.TEXT_HTML))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(signIn(session, "admin", PASSWORD))
                .andExpect(authenticated())
                .andExpect(redirectedUrl("http://localhost/"));

        MockHttpSession other = new MockHttpSession();
        mvc.perform(get("/jobs/42").session(other)).andExpect(redirectedUrl("/login"));
        mvc.perform(signIn(other, "admin", PASSWORD))
                .andExpect(authenticated())
                .andExpect(redirectedUrl("http://localhost/jobs/42"));
    }

    @Test
    void aFailedSignInKeepsTheUserNameButNotThePassword() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(signIn(session, "admin", "not-the-password"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));

        String page = loginPage(session);
        assertThat(page)
                .contains("Wrong user name or password.")
                .contains("value=\"admin\"")
                .doesNotContain("not-the-password");
        assertThat(page.substring(page.indexOf("id=\"password\"")))
                .doesNotContain("value=")
                .contains("autofocus");

        // Shown once: a later visit of the login page starts empty again.
        assertThat(loginPage(session)).doesNotContain("value=\"admin\"");
    }

    @Test
    void theKeptUserNameIsEscaped() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(signIn(session, "\"><b>x</b>", "not-the-password")).andExpect(redirectedUrl("/login?error"));

        assertThat(loginPage(session))
                .contains("value=\"&quot;&gt;&lt;b&gt;x&lt;/b&gt;\"")
                .doesNotContain("<b>x");
    }

    @Test
    void withoutAFailedSignInTheUserNameIsEmpty() throws Exception {
        String page = loginPage(new MockHttpSession());
        String field =
                page.substring(page.indexOf("id=\"username\""), page.indexOf(">", page.indexOf("id=\"username\"")));
        assertThat(field).doesNotContainPattern("value=\"[^\"]").contains("autofocus");
    }

    private String loginPage(MockHttpSession session) throws Exception {
        return mvc.perform(get("/login?error").session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder signIn(
            MockHttpSession session, String username, String password) {
        return post("/login")
                .session(session)
                .param("username", username)
                .param("password", password)
                .with(csrf());
    }
}
