package app.syncboard.security;

import java.util.Objects;
import org.springframework.validation.Errors;

/**
 * A password someone sets for another user (at creation or a reset): typed twice, or both fields left empty to have
 * one generated. Either way the user must change it at the next sign-in.
 */
record PasswordForm(String password, String repeat) {

    static PasswordForm empty() {
        return new PasswordForm(null, null);
    }

    boolean generate() {
        return isEmpty(password) && isEmpty(repeat);
    }

    /** Rejects the fields {@code password} and {@code repeat} of the form bound to {@code errors} as needed. */
    void check(String username, Errors errors) {
        if (generate()) {
            return;
        }
        checkTyped(username, password, repeat, errors);
    }

    /** The rules for a typed password and its repetition, for the fields {@code password} and {@code repeat}. */
    static void checkTyped(String username, String password, String repeat, Errors errors) {
        Passwords.problem(username, password).ifPresent(problem -> errors.rejectValue("password", "invalid", problem));
        if (!errors.hasFieldErrors("password") && !Objects.equals(password, repeat)) {
            errors.rejectValue("repeat", "differs", "The two passwords differ: type the same password twice.");
        }
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
