package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandWordsTest {

    /** Commands a shell splits without running or expanding anything, each with the words it must give. */
    static Stream<Arguments> quoting() {
        return Stream.of(
                words("mountpoint -q /var/spool/cyrus", "mountpoint", "-q", "/var/spool/cyrus"),
                words("systemctl stop 'my service'", "systemctl", "stop", "my service"),
                words("test -e \"/srv/a b\"", "test", "-e", "/srv/a b"),
                words("  spaced   out\t\twords  ", "spaced", "out", "words"),
                words("a\\ b", "a b"),
                words("\\'", "'"),
                words("\\\"", "\""),
                words("\\\\", "\\"),
                words("\\a\\b", "ab"),
                words("'a\\b'", "a\\b"),
                words("'a\\'", "a\\"),
                words("\"a\\b\"", "a\\b"),
                words("\"a\\\"b\"", "a\"b"),
                words("\"a\\\\b\"", "a\\b"),
                words("\"\\\\\\\"\"", "\\\""),
                words("\"a\\'b\"", "a\\'b"),
                words("\"it's\"", "it's"),
                words("'it'\\''s'", "it's"),
                words("'say \"hi\"'", "say \"hi\""),
                words("a''b", "ab"),
                words("a\"b c\"'d e'f", "ab cd ef"),
                words("''", ""),
                words("\"\"", ""),
                words("x '' y \"\"", "x", "", "y", ""),
                words("'a\tb'", "a\tb"),
                words("'$(touch /tmp/x)'", "$(touch /tmp/x)"),
                words("\"\\$(touch /tmp/x)\"", "$(touch /tmp/x)"),
                words("\"\\`touch /tmp/x\\`\"", "`touch /tmp/x`"),
                words("'`id`' '${HOME}' '*'", "`id`", "${HOME}", "*"),
                words("\\;rm -rf /", ";rm", "-rf", "/"),
                words("a\\|b \\>file \\&", "a|b", ">file", "&"),
                words("ls /srv/ünïcødé ✓ 📁", "ls", "/srv/ünïcødé", "✓", "📁"));
    }

    /** Text a shell would run or expand, read here as plain characters of words. */
    static Stream<Arguments> hostile() {
        return Stream.of(
                words("$(touch /tmp/x)", "$(touch", "/tmp/x)"),
                words("`touch /tmp/x`", "`touch", "/tmp/x`"),
                words("echo `id`", "echo", "`id`"),
                words(";rm -rf /", ";rm", "-rf", "/"),
                words("true; rm -rf /", "true;", "rm", "-rf", "/"),
                words("a|b", "a|b"),
                words("a | b", "a", "|", "b"),
                words(">file", ">file"),
                words("cat </etc/shadow 2>&1", "cat", "</etc/shadow", "2>&1"),
                words("a && b || c &", "a", "&&", "b", "||", "c", "&"),
                words("echo $HOME ${PATH} $1 $@ $$", "echo", "$HOME", "${PATH}", "$1", "$@", "$$"),
                words("\"$(id)\"", "$(id)"),
                words("\"`id`\"", "`id`"),
                words("\"$HOME\"", "$HOME"),
                words("rm -rf /srv/*", "rm", "-rf", "/srv/*"),
                words("ls ~root ~/x", "ls", "~root", "~/x"),
                words("a=b c", "a=b", "c"),
                words("echo a #comment", "echo", "a", "#comment"),
                words("{a,b} [ab] ?", "{a,b}", "[ab]", "?"),
                words("(subshell) !", "(subshell)", "!"),
                words("<(cat) >(cat)", "<(cat)", ">(cat)"),
                words("$'\\x41'", "$\\x41"),
                words("a\u00A0b", "a\u00A0b"),
                words("\u202Eevil", "\u202Eevil"),
                words("\\$(id)", "$(id)"));
    }

    @ParameterizedTest
    @MethodSource({"quoting", "hostile"})
    void splitsIntoExactlyTheseWords(String command, List<String> expected) {
        assertThat(CommandWords.split(command)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("quoting")
    void aRealShellSplitsTheSameWay(String command, List<String> expected) throws Exception {
        // Only the quoting cases: in them a shell, too, expands and runs nothing.
        assertThat(shellWords(command)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("wordLists")
    void quotedWordsSplitBackIntoTheSameWords(List<String> words) {
        assertThat(CommandWords.split(PosixQuoting.join(words))).containsExactlyElementsOf(words);
    }

    static Stream<List<String>> wordLists() {
        return Stream.of(
                List.of("mountpoint", "-q", "/var/spool/cyrus"),
                List.of("systemctl", "stop", "my service"),
                List.of("test", "-e", "/srv/a b"),
                List.of("printf", "it's", "'", "''", "\"", "\\", "\\\\"),
                List.of("", "empty", ""),
                List.of("$(touch /tmp/x)", "`id`", ";rm -rf /", "a|b", ">file", "${HOME}", "*", "~"),
                List.of("tab\there", "  leading and trailing  ", "ünïcødé ✓", "📁"),
                List.of("-rf", "--", "#", "a=b", "!"));
    }

    @Test
    void aWordWithALineBreakCannotBeTypedEvenQuoted() {
        assertThatThrownBy(() -> CommandWords.split(PosixQuoting.join(List.of("printf", "a\nb"))))
                .isInstanceOf(CommandWords.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "  \t  "})
    void anEmptyCommandIsRefused(String command) {
        assertThatThrownBy(() -> CommandWords.split(command))
                .isInstanceOf(CommandWords.Invalid.class)
                .hasMessage("Enter a command, such as mountpoint -q /srv/data.");
        assertThatThrownBy(() -> CommandWords.split(null)).isInstanceOf(CommandWords.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'abc", "abc'", "a 'b c", "'", "echo 'it's'", "'a'\\''b"})
    void anUnterminatedSingleQuoteIsRefused(String command) {
        assertThatThrownBy(() -> CommandWords.split(command))
                .isInstanceOf(CommandWords.Invalid.class)
                .hasMessage("The command has an unterminated ' quote.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc", "abc\"", "\"", "\"abc\\\"", "\"a\\\\\\\"", "say \"it's"})
    void anUnterminatedDoubleQuoteIsRefused(String command) {
        assertThatThrownBy(() -> CommandWords.split(command))
                .isInstanceOf(CommandWords.Invalid.class)
                .hasMessage("The command has an unterminated \" quote.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\", "abc \\", "abc\\", "a\\\\\\"})
    void aTrailingLoneBackslashIsRefused(String command) {
        assertThatThrownBy(() -> CommandWords.split(command))
                .isInstanceOf(CommandWords.Invalid.class)
                .hasMessage("The command ends with a lone backslash; remove it, or write \\\\ for a backslash.");
    }

    @Test
    void controlCharactersOtherThanTabAreRefusedWithWhereTheyAre() {
        assertThat(CommandWords.split("a\tb")).containsExactly("a", "b");
        assertThatThrownBy(() -> CommandWords.split("true\nrm -rf /"))
                .isInstanceOf(CommandWords.Invalid.class)
                .hasMessage("The command must be one line without control characters (found U+000A at position 5).");
        assertThatThrownBy(() -> CommandWords.split("'a\u001B[31mb'"))
                .hasMessage("The command must be one line without control characters (found U+001B at position 3).");
        for (String command : List.of(
                "a\rb",
                "a\u0000b",
                "'a\nb'",
                "\"a\nb\"",
                "a\\\nb",
                "a\u0007",
                "\u007F",
                "a\u0085b",
                "a\u009Bb",
                "\n")) {
            assertThatThrownBy(() -> CommandWords.split(command))
                    .as("%s", command.chars().boxed().toList())
                    .isInstanceOf(CommandWords.Invalid.class)
                    .satisfiesAnyOf(
                            e -> assertThat(e).hasMessageStartingWith("The command must be one line"),
                            e -> assertThat(e).hasMessage("Enter a command, such as mountpoint -q /srv/data."));
        }
    }

    @Test
    void aCommandOfAtMost4000CharactersIsAccepted() {
        char[] longWord = new char[CommandWords.MAX_LENGTH];
        Arrays.fill(longWord, 'x');
        String longest = new String(longWord);

        assertThat(CommandWords.split(longest)).containsExactly(longest);
        assertThatThrownBy(() -> CommandWords.split(longest + "x"))
                .isInstanceOf(CommandWords.Invalid.class)
                .hasMessage("The command is longer than 4000 characters.");
    }

    private static Arguments words(String command, String... words) {
        return Arguments.of(command, List.of(words));
    }

    /** The words {@code sh} hands to a program for {@code command}, through printf with a NUL after each. */
    private static List<String> shellWords(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        List<String> words = List.of(output.split("\0", -1));
        assertThat(words.get(words.size() - 1)).as("text after the last word").isEmpty();
        return words.subList(0, words.size() - 1);
    }
}
