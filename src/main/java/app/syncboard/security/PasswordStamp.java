package app.syncboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which password a session was signed in with: a digest of the stored hash, kept in the session (never the hash
 * itself). When the user changes the password, the sessions stamped with the old one end at their next request,
 * all but the one the change was made in. Only for syncboard's users: a user of the directory
 * ({@link DirectoryPrincipal}) changes the password there, and its sessions carry no stamp.
 */
final class PasswordStamp {

    static final String ATTRIBUTE = PasswordStamp.class.getName();

    private PasswordStamp() {}

    static String of(String storedHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(storedHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Stamps the request's session with the user's current password. */
    static void stamp(HttpServletRequest request, UserAccounts accounts, String username) {
        accounts.passwordHash(username).ifPresent(hash -> request.getSession().setAttribute(ATTRIBUTE, of(hash)));
    }

    /**
     * Whether the session was signed in with an earlier password than the user's current one. A session without a
     * stamp (signed in before stamps existed) is stamped now.
     */
    static boolean outdated(HttpServletRequest request, UserAccounts accounts, String username) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        Object stamp = session.getAttribute(ATTRIBUTE);
        String current = accounts.passwordHash(username).map(PasswordStamp::of).orElse(null);
        if (stamp == null) {
            if (current != null) {
                session.setAttribute(ATTRIBUTE, current);
            }
            return false;
        }
        return current != null && !current.equals(stamp);
    }
}
