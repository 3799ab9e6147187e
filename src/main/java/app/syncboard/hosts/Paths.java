package app.syncboard.hosts;

import java.util.Optional;

/** The rules every path a user types must meet before it is stored or handed to rsync. */
public final class Paths {

    public static final int MAX_LENGTH = 4096;

    private Paths() {}

    /** The path as rsync reads it: runs of slashes as one, no trailing slash ("/" stays "/"). */
    public static String normalized(String path) {
        String collapsed = path.replaceAll("/+", "/").replaceAll("/$", "");
        return collapsed.isEmpty() ? "/" : collapsed;
    }

    /** The path without trailing slashes, "" for "/": a base that a job path (starting with /) is appended to. */
    public static String asBase(String path) {
        return path.replaceAll("/+$", "");
    }

    /** Returns what is wrong with {@code path}, or empty when it is acceptable. */
    public static Optional<String> problemWith(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("must not be empty");
        }
        if (path.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters such as newline, tab or NUL");
        }
        if (!path.startsWith("/")) {
            return Optional.of("must be absolute (start with /)");
        }
        for (String segment : path.split("/")) {
            // "." too: rsync --relative reads the first "/./" in a path as the start of the part to recreate.
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("must not contain '.' or '..' segments");
            }
        }
        return Optional.empty();
    }
}
