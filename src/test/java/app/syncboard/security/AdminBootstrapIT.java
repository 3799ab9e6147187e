package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;

import app.syncboard.SyncboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@SyncboardTest
class AdminBootstrapIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void firstStartCreatesAdminWithThePasswordFromTheEnvironment() throws Exception {
        mvc.perform(formLogin().user("admin").password("test-admin-password")).andExpect(authenticated());
        mvc.perform(formLogin().user("admin").password("admin")).andExpect(unauthenticated());

        String hash = jdbc.sql("SELECT password FROM users WHERE username = 'admin'")
                .query(String.class)
                .single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain("test-admin-password");
    }
}
