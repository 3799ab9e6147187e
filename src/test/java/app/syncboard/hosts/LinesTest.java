package app.syncboard.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinesTest {

    private static final String CUT_10_MB = " [line cut: 10,485,760 bytes in all, the first 16,384 kept]";

    @Test
    void newlinesAndCrLfEndLinesAndNoCarriageReturnIsKept() {
        assertThat(lines("one\ntwo\r\nthree\r\n\n\r\nlast")).containsExactly("one", "two", "three", "", "", "last");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n")).containsExactly("");
    }

    @Test
    void aLoneCarriageReturnLetWhatFollowsReplaceTheLineAsOnATerminal() {
        assertThat(lines("  1,024  10%\r  10,240 100%\n")).containsExactly("  10,240 100%");
        assertThat(lines("big\n\r         32,768   0%    0.00kB/s    0:00:00  \r     50,000,000 100%    2.59GB/s"
                        + "    0:00:00 (xfr#1, to-chk=0/2)\nsent 50,012,345 bytes\n"))
                .containsExactly(
                        "big",
                        "     50,000,000 100%    2.59GB/s    0:00:00 (xfr#1, to-chk=0/2)",
                        "sent 50,012,345 bytes");
        assertThat(lines("shown\r\r\n")).as("the line ends as it stands").containsExactly("shown");
        assertThat(lines("shown at the end\r")).containsExactly("shown at the end");
        assertThat(lines("\r")).isEmpty();
        assertThat(lines("a\r\r\rb\n")).containsExactly("b");
    }

    @Test
    void aLongLineIsCutAndSaysHowLongItWas() throws IOException {
        List<String> lines = read(new Repeating("x".getBytes(StandardCharsets.US_ASCII), 10L * 1024 * 1024));

        assertThat(lines).containsExactly("x".repeat(Lines.MAX_LINE_BYTES) + CUT_10_MB);
    }

    @Test
    void aCutLineEndsAtItsNewlineAndTheNextLineIsWhole() {
        byte[] output = concat(
                bytes("y".repeat(Lines.MAX_LINE_BYTES)), // exactly the cap: not cut
                bytes("\n"),
                bytes("z".repeat(Lines.MAX_LINE_BYTES + 1)),
                bytes("\r\nnext\n"));

        assertThat(lines(output))
                .containsExactly(
                        "y".repeat(Lines.MAX_LINE_BYTES),
                        "z".repeat(Lines.MAX_LINE_BYTES) + " [line cut: 16,385 bytes in all, the first 16,384 kept]",
                        "next");
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String before = "a".repeat(Lines.MAX_LINE_BYTES - 1);

        assertThat(lines(before + "éé\n"))
                .containsExactly(before + " [line cut: 16,387 bytes in all, the first 16,383 kept]");
        assertThat(lines(before + "😀\n"))
                .containsExactly(before + " [line cut: 16,387 bytes in all, the first 16,383 kept]");
        assertThat(lines("a".repeat(Lines.MAX_LINE_BYTES - 2) + "é\n"))
                .containsExactly("a".repeat(Lines.MAX_LINE_BYTES - 2) + "é");
    }

    @Test
    void aCarriageReturnStartsALongLineAfresh() {
        byte[] output = concat(bytes("w".repeat(3 * Lines.MAX_LINE_BYTES)), bytes("\r  done\n"));

        assertThat(lines(output)).containsExactly("  done");
    }

    @Test
    void endlessProgressUpdatesWithoutANewlineKeepOnlyTheLastState() throws IOException {
        byte[] update = bytes("  1,234,567  42%  12.34MB/s    0:00:07\r");
        Repeating progress = new Repeating(update, update.length * 2_000_000L);

        List<String> lines = read(progress);

        assertThat(progress.served).isEqualTo(update.length * 2_000_000L);
        assertThat(lines).containsExactly("  1,234,567  42%  12.34MB/s    0:00:07");
    }

    @Test
    void invalidUtf8BecomesOneReplacementCharacterPerInvalidSequence() {
        assertThat(lines(new byte[] {'a', (byte) 0xFF, 'b', '\n'})).containsExactly("a\uFFFDb");
        assertThat(lines(new byte[] {(byte) 0xE2, (byte) 0x82, 'x', '\n'}))
                .as("a character cut short")
                .containsExactly("\uFFFDx");
        assertThat(lines(new byte[] {(byte) 0xC0, (byte) 0xAF, '\n'}))
                .as("an overlong '/'")
                .containsExactly("\uFFFD\uFFFD");
        assertThat(lines(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}))
                .as("a surrogate")
                .containsExactly("\uFFFD\uFFFD\uFFFD");
        assertThat(lines(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .as("above U+10FFFF")
                .containsExactly("\uFFFD\uFFFD\uFFFD\uFFFD");
        assertThat(lines(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}))
                .as("cut short by the end of the output")
                .containsExactly("\uFFFD");
        assertThat(lines("grüße, 😀, 日本\n")).containsExactly("grüße, 😀, 日本");
    }

    @Test
    void validAndInvalidUtf8IsDecodedAsTheJdkDecodesIt() {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            byte[] output = new byte[4000];
            random.nextBytes(output);
            for (int i = 0; i < output.length; i++) {
                // Control characters have their own test; 0xED is left out because the JDK makes one U+FFFD of an
                // encoded surrogate, where the Unicode and WHATWG rules (followed here) make one per byte.
                if ((output[i] >= 0 && output[i] < 0x20) || output[i] == 0x7F || output[i] == (byte) 0xED) {
                    output[i] = 'x';
                }
            }
            String expected = new String(output, StandardCharsets.UTF_8).replaceAll("[\\x80-\\x9F]", "\uFFFD");

            assertThat(lines(output)).containsExactly(expected);
        }
    }

    @Test
    void ansiEscapeSequencesAreRemoved() {
        assertThat(lines("\u001b[1;31mFAILED\u001b[0m in \u001b[38;5;208morange\u001b[m\u001b[2K\u001b[10;20H!\n"))
                .containsExactly("FAILED in orange!");
        assertThat(lines("\u001b[?25lhidden cursor\u001b[?25h\n")).containsExactly("hidden cursor");
        assertThat(lines("a\u001bb\n"))
                .as("an escape that starts no sequence is shown as invalid")
                .containsExactly("a\uFFFDb");
        assertThat(lines("a\u001b[12\nb\u001b")).containsExactly("a", "b\uFFFD");
    }

    @Test
    void controlCharactersButTabBecomeReplacementCharacters() {
        assertThat(lines("a\u0000b\tc\u0007d\u0008e\u007ff\u000bg\u000ch\n"))
                .containsExactly("a\uFFFDb\tc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh");
        assertThat(lines(new byte[] {'a', (byte) 0xC2, (byte) 0x9B, '3', '1', 'm', '\n'}))
                .as("C1 controls too, such as the one-character CSI")
                .containsExactly("a\uFFFD31m");
    }

    @Test
    void anyBinaryOutputGivesLinesWithoutControlCharacters() {
        byte[] all = new byte[256 * 256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }

        List<String> lines = lines(all);

        assertThat(lines).as("256 newlines, and the rest after the last").hasSize(257);
        assertThat(String.join("", lines)).doesNotContainPattern("[\\x00-\\x08\\x0A-\\x1F\\x7F-\\x9F]");
        assertThat(lines)
                .allSatisfy(line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThanOrEqualTo(Lines.MAX_LINE_BYTES));
    }

    @Test
    void theSameBytesGiveTheSameLinesWhereverTheReadsSplitThem() {
        byte[] output = concat(
                bytes("plain\r\nprogress  10%\r  progress 100%\r\n"),
                bytes("\u001b[1;32mgreen\u001b[0m é 😀 日\n"),
                new byte[] {'b', 'a', 'd', (byte) 0xE2, (byte) 0x82, ' ', (byte) 0xF0, (byte) 0x9F, '\n', 0, 0x1B, 'x'},
                bytes("\r\r\nend\u001b"));
        List<String> whole = lines(output);
        assertThat(whole)
                .containsExactly(
                        "plain", "  progress 100%", "green é 😀 日", "bad\uFFFD \uFFFD", "\uFFFD\uFFFDx", "end\uFFFD");

        for (int split = 0; split <= output.length; split++) {
            assertThat(lines(Arrays.copyOfRange(output, 0, split), Arrays.copyOfRange(output, split, output.length)))
                    .as("split at %d", split)
                    .isEqualTo(whole);
        }
        byte[][] single = new byte[output.length][];
        for (int i = 0; i < output.length; i++) {
            single[i] = new byte[] {output[i]};
        }
        assertThat(lines(single)).as("byte by byte").isEqualTo(whole);
    }

    @Test
    void aCutLineGivesTheSameLineWhereverTheReadsSplitIt() {
        byte[] output = concat(
                bytes("é".repeat(Lines.MAX_LINE_BYTES / 2 - 1) + "a😀b\r\n"),
                bytes("\u001b[0m" + "x".repeat(Lines.MAX_LINE_BYTES) + "\u001b[0m"),
                new byte[] {(byte) 0xE2, (byte) 0x82},
                bytes("\r\nlast"));
        List<String> whole = lines(output);
        assertThat(whole)
                .containsExactly(
                        "é".repeat(Lines.MAX_LINE_BYTES / 2 - 1) + "a [line cut: 16,388 bytes in all, the first 16,383"
                                + " kept]",
                        "x".repeat(Lines.MAX_LINE_BYTES) + " [line cut: 16,394 bytes in all, the first 16,388 kept]",
                        "last");

        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            List<byte[]> chunks = new ArrayList<>();
            int at = 0;
            while (at < output.length) {
                int size = Math.min(output.length - at, 1 + random.nextInt(round % 2 == 0 ? 16 : 20_000));
                chunks.add(Arrays.copyOfRange(output, at, at + size));
                at += size;
            }
            assertThat(lines(chunks.toArray(byte[][]::new))).isEqualTo(whole);
        }
    }

    private static List<String> lines(String output) {
        return lines(bytes(output));
    }

    /** The lines of the output, each chunk handed over by one read. */
    private static List<String> lines(byte[]... chunks) {
        try {
            return read(new Chunks(chunks));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        Lines.read(in, lines::add);
        return lines;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Returns each chunk in one read, never more. */
    private static final class Chunks extends InputStream {

        private final byte[][] chunks;
        private int chunk;
        private int at;

        Chunks(byte[][] chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            while (chunk < chunks.length && at == chunks[chunk].length) {
                chunk++;
                at = 0;
            }
            if (chunk == chunks.length) {
                return -1;
            }
            int n = Math.min(length, chunks[chunk].length - at);
            System.arraycopy(chunks[chunk], at, buffer, offset, n);
            at += n;
            return n;
        }
    }

    /** {@code total} bytes of a pattern repeated, generated as they are read. */
    private static final class Repeating extends InputStream {

        private final byte[] pattern;
        private final long total;
        long served;

        Repeating(byte[] pattern, long total) {
            this.pattern = pattern;
            this.total = total;
        }

        @Override
        public int read() {
            return served == total ? -1 : pattern[(int) (served++ % pattern.length)] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (served == total) {
                return -1;
            }
            int n = (int) Math.min(length, total - served);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = pattern[(int) ((served + i) % pattern.length)];
            }
            served += n;
            return n;
        }
    }
}
