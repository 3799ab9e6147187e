package app.syncboard;

import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.UserRequestPostProcessor;

/**
 * Signed-in users for MockMvc requests of tests about other things than roles, which {@code AuthorizationMatrixIT}
 * and {@code UsersIT} cover.
 */
public final class TestUsers {

    private TestUsers() {}

    /** A signed-in user with the role ADMIN, who may open every page and use every form. */
    public static UserRequestPostProcessor user(String name) {
        return SecurityMockMvcRequestPostProcessors.user(name).roles("ADMIN");
    }
}
