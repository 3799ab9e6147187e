package app.syncboard.security;

import app.syncboard.audit.AuditEvent.Outcome;
import org.springframework.security.authentication.AccountStatusException;

/**
 * A sign-in through the directory that cannot go on, with the message for the login page. An
 * {@link AccountStatusException}, so that Spring Security's provider manager gives up at once instead of asking the
 * local users next, whose "no such user" would hide the reason; and no class that Spring Security turns into a
 * failure event, so {@link LoginFailureHandler} writes its audit entry.
 */
final class DirectorySignInFailed extends AccountStatusException {

    private final String username;
    private final Outcome outcome;
    private final String reason;

    private DirectorySignInFailed(String username, Outcome outcome, String reason, String message) {
        this(username, outcome, reason, message, null);
    }

    private DirectorySignInFailed(String username, Outcome outcome, String reason, String message, Throwable cause) {
        super(message, cause);
        this.username = username;
        this.outcome = outcome;
        this.reason = reason;
    }

    static DirectorySignInFailed noRole(String username, String directory) {
        return new DirectorySignInFailed(
                username,
                Outcome.DENIED,
                "signed in to " + directory + ", but in no group syncboard maps to a role",
                "Signed in to " + directory + ", but in no group syncboard maps to a role: ask an administrator for a"
                        + " group that gives a role in syncboard.");
    }

    static DirectorySignInFailed localName(String username, String directory) {
        return new DirectorySignInFailed(
                username,
                Outcome.DENIED,
                "signed in to " + directory + " with the name of a local syncboard user",
                "Signed in to " + directory + ", but \"" + username + "\" is the name of a syncboard user: sign in"
                        + " with that user's syncboard password instead.");
    }

    static DirectorySignInFailed noName(String claim, String directory) {
        return new DirectorySignInFailed(
                null,
                Outcome.FAILED,
                directory + " sent no usable " + claim + " claim",
                "Signed in to " + directory + ", but it did not say a user name syncboard accepts (the claim \"" + claim
                        + "\": letters, digits and . _ @ -, at most 100): ask an administrator.");
    }

    static DirectorySignInFailed unreachable(String username, String directory, Throwable cause) {
        return new DirectorySignInFailed(
                username,
                Outcome.FAILED,
                directory + " could not be reached",
                "Signing in through " + directory + " does not work at the moment: try again later. Local syncboard"
                        + " users can sign in meanwhile.",
                cause);
    }

    static DirectorySignInFailed refusedBy(String directory, String errorCode) {
        return new DirectorySignInFailed(
                null,
                Outcome.FAILED,
                directory + " answered " + errorCode,
                "Signing in through " + directory + " did not work (" + errorCode + "): try again.");
    }

    /** The name the directory knows the user by, or as typed; null when not known. */
    String username() {
        return username;
    }

    Outcome outcome() {
        return outcome;
    }

    /** For the audit log: short, without the user's name. */
    String reason() {
        return reason;
    }
}
