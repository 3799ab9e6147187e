package app.syncboard.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name a directory user has in syncboard: the characters a local user name may have (ASCII letters, digits and
 * {@code . _ @ -}), at most 100, in lower case. So a provider's look-alike of a local name (Cyrillic letters, a
 * trailing space, a zero-width character) is no name at all rather than a second "admin", the throttle counts
 * {@code Alice} and {@code alice} as one, and the audit log names one person one way.
 */
final class DirectoryNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private DirectoryNames() {}

    static Optional<String> canonical(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = raw.strip();
        return NAME.matcher(name).matches() ? Optional.of(name.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Group names compared the way a person reads them: ASCII case aside, nothing folded. */
    static boolean sameGroup(String configured, String found) {
        return configured.strip().toLowerCase(Locale.ROOT).equals(found.strip().toLowerCase(Locale.ROOT));
    }
}
