package app.syncboard.hosts;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Quotes words for a POSIX shell, so that each reaches the program as exactly one literal argument. */
public final class PosixQuoting {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private PosixQuoting() {}

    public static String quote(String word) {
        if (SAFE.matcher(word).matches()) {
            return word;
        }
        // Inside single quotes nothing is special but the single quote itself: close, add \', reopen.
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> words) {
        return words.stream().map(PosixQuoting::quote).collect(Collectors.joining(" "));
    }
}
