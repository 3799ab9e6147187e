package app.syncboard.security;

import static app.syncboard.TestUsers.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.SyncboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** The dashboard refreshes itself with htmx: after the session expired, htmx must load the login page whole. */
@SyncboardTest
class HtmxSecurityIT {

    @Autowired
    MockMvc mvc;

    @Test
    void anHtmxRequestWithoutASignedInUserGets401AndAnHxRedirectToTheLoginPage() throws Exception {
        mvc.perform(get("/").header("HX-Request", "true"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login"))
                .andExpect(header().doesNotExist("Location"));
        mvc.perform(get("/jobs/1").header("HX-Request", "true").accept(MediaType.TEXT_HTML))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("HX-Redirect", "/login"));
    }

    @Test
    void aFormsPreviewRequestGetsABare401SoThatThePageAndWhatWasTypedStay() throws Exception {
        mvc.perform(get("/jobs/schedule-preview")
                        .param("schedule", "@daily")
                        .param("timeZone", "UTC")
                        .header("HX-Request", "true")
                        .header("X-Keep-Page", "true"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().doesNotExist("HX-Redirect"))
                .andExpect(header().doesNotExist("Location"));
    }

    @Test
    void ordinaryRequestsWithoutASignedInUserAreStillRedirected() throws Exception {
        mvc.perform(get("/"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"))
                .andExpect(header().doesNotExist("HX-Redirect"));
        mvc.perform(get("/").accept(MediaType.TEXT_HTML)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/").accept(MediaType.ALL)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/jobs/1").accept(MediaType.APPLICATION_JSON)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void anHtmxRequestIsNotWhereTheBrowserLandsAfterSigningIn() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(get("/jobs/1").session(session).header("HX-Request", "true"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/login")
                        .session(session)
                        .param("username", "admin")
                        .param("password", "test-admin-password")
                        .with(csrf()))
                .andExpect(authenticated())
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void aSignedInHtmxRequestIsAnsweredNormally() throws Exception {
        mvc.perform(get("/").with(user("alice")).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("HX-Redirect"));
    }
}
