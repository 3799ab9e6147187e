package app.syncboard.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new user: name, role, and the first password typed twice, or nothing to have one generated. The passwords are
 * never written back into the page.
 */
record NewUserForm(
        @NotBlank(message = "Enter a user name.")
        @Size(max = 50, message = "Use at most 50 characters.")
        @Pattern(
                regexp = "[A-Za-z0-9._@-]*",
                message = "Use letters (A to Z), digits and . _ @ - only, without spaces.")
        String username,

        @NotNull(message = "Choose a role.") Role role,
        String password,
        String repeat) {

    static NewUserForm empty() {
        return new NewUserForm("", Role.VIEWER, null, null);
    }

    String strippedName() {
        return username == null ? null : username.strip();
    }

    PasswordForm passwords() {
        return new PasswordForm(password, repeat);
    }
}
