package app.syncboard.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a command an admin typed into words as a POSIX shell would, with its quotes and backslashes, but expands and
 * interprets nothing: {@code $}, {@code *}, {@code ~}, {@code #}, backticks, {@code |}, {@code ;}, {@code &} and
 * {@code >} are ordinary characters of the word they stand in. The words run as an argument list, each quoted with
 * {@link PosixQuoting}, so no shell ever reads the typed text.
 */
public final class CommandWords {

    public static final int MAX_LENGTH = 4000;

    private CommandWords() {}

    /**
     * Returns the words of {@code text}: at least one, possibly empty ones ({@code ''}).
     *
     * @throws Invalid with a message fit to show next to the field
     */
    public static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("Enter a command, such as mountpoint -q /srv/data.");
        }
        // Counted as a browser's maxlength counts, in UTF-16 units, so the form and this check agree.
        if (text.length() > MAX_LENGTH) {
            throw new Invalid("The command is longer than " + MAX_LENGTH + " characters.");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                throw new Invalid("The command must be one line without control characters (found "
                        + String.format(Locale.ROOT, "U+%04X", (int) c) + " at position " + (i + 1) + ").");
            }
        }
        return new Splitter(text).words();
    }

    private static final class Splitter {

        private final String text;
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        /** Whether a word has begun: {@code ''} starts one that stays empty. */
        private boolean inWord;

        private int at;

        Splitter(String text) {
            this.text = text;
        }

        List<String> words() {
            while (at < text.length()) {
                char c = text.charAt(at++);
                switch (c) {
                    case ' ', '\t' -> endWord();
                    case '\'' -> singleQuoted();
                    case '"' -> doubleQuoted();
                    case '\\' -> {
                        if (at == text.length()) {
                            throw new Invalid("The command ends with a lone backslash; remove it, or write \\\\ for"
                                    + " a backslash.");
                        }
                        append(text.charAt(at++));
                    }
                    default -> append(c);
                }
            }
            endWord();
            return List.copyOf(words);
        }

        private void singleQuoted() {
            int end = text.indexOf('\'', at);
            if (end < 0) {
                throw unterminated('\'');
            }
            inWord = true;
            word.append(text, at, end);
            at = end + 1;
        }

        private void doubleQuoted() {
            inWord = true;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return;
                }
                // Only these four lose their backslash between double quotes; before anything else it is kept.
                if (c == '\\' && at < text.length() && "\"\\$`".indexOf(text.charAt(at)) >= 0) {
                    c = text.charAt(at++);
                }
                word.append(c);
            }
            throw unterminated('"');
        }

        private void append(char c) {
            inWord = true;
            word.append(c);
        }

        private void endWord() {
            if (inWord) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
        }

        private static Invalid unterminated(char quote) {
            return new Invalid("The command has an unterminated " + quote + " quote.");
        }
    }

    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }
}
