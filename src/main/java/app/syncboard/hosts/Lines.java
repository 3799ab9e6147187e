package app.syncboard.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The one place where a program's raw output bytes become text lines that are safe to store and show, whatever the
 * program printed:
 *
 * <ul>
 *   <li>{@code \n} and {@code \r\n} end a line. A lone {@code \r} returns to the line's start as on a terminal: what
 *       follows replaces the line, so of rsync's {@code --progress} updates only the last state is kept.
 *   <li>A line longer than {@link #MAX_LINE_BYTES} (in UTF-8) is cut, and says how many bytes it had in all.
 *   <li>Invalid UTF-8 becomes U+FFFD, one per maximal invalid subsequence (the Unicode and WHATWG practice).
 *   <li>ANSI escape sequences ({@code ESC [ ... final byte}: colours, cursor moves) are removed; every other control
 *       character but TAB (C0, DEL, C1, and NUL, which PostgreSQL cannot store in text) becomes U+FFFD.
 * </ul>
 *
 * Memory stays bounded whatever the output: a line without end, or progress updates without {@code \n} for ever.
 * The loop looks at each byte once and allocates only for each finished line.
 */
final class Lines {

    static final int MAX_LINE_BYTES = 16 * 1024;

    private static final char REPLACEMENT = '\uFFFD';
    private static final int TEXT = 0;
    private static final int ESCAPE = 1;
    private static final int CONTROL_SEQUENCE = 2;

    private final Consumer<String> lines;
    private final char[] chars = new char[MAX_LINE_BYTES];
    private int length;
    private int keptBytes;
    private long lineBytes;
    private long keptInput;
    private boolean cut;
    private boolean carriageReturn;
    private int escape = TEXT;
    // A multi-byte UTF-8 character under way: its bits so far, the bytes still needed, the next one's range.
    private int codePoint;
    private int needed;
    private int lower = 0x80;
    private int upper = 0xBF;

    Lines(Consumer<String> lines) {
        this.lines = lines;
    }

    /** Hands each line of {@code in} to {@code lines}, until the end of the stream. */
    static void read(InputStream in, Consumer<String> lines) throws IOException {
        Lines reader = new Lines(lines);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            reader.feed(buffer, 0, n);
        }
        reader.end();
    }

    /** Takes the next bytes of the output; a line, a character or an escape sequence may go on in the next call. */
    void feed(byte[] buffer, int offset, int count) {
        int end = offset + count;
        int i = offset;
        while (i < end) {
            if (carriageReturn || needed > 0 || escape != TEXT) {
                accept(buffer[i++] & 0xFF);
            } else {
                i = cut ? skipToLineEnd(buffer, i, end) : copyPrintableAscii(buffer, i, end);
                if (i < end) {
                    accept(buffer[i++] & 0xFF);
                }
            }
        }
    }

    /** Nothing more of this line is kept: only its bytes are counted, up to its end. */
    private int skipToLineEnd(byte[] buffer, int from, int end) {
        int i = from;
        while (i < end && buffer[i] != '\n' && buffer[i] != '\r') {
            i++;
        }
        lineBytes += i - from;
        return i;
    }

    /** The common case, copied straight: printable ASCII, as far as the line has room. */
    private int copyPrintableAscii(byte[] buffer, int from, int end) {
        int stop = Math.min(end, from + (MAX_LINE_BYTES - keptBytes));
        int i = from;
        while (i < stop) {
            byte b = buffer[i];
            if (b < 0x20 || b == 0x7F) { // bytes from 0x80 on are negative
                break;
            }
            chars[length++] = (char) b;
            i++;
        }
        int copied = i - from;
        if (copied > 0) {
            keptBytes += copied;
            lineBytes += copied;
            keptInput = lineBytes;
        }
        return i;
    }

    /** The output ended: hands over the last line, if it has anything. */
    void end() {
        finishCharacter();
        if (escape == ESCAPE) {
            append(REPLACEMENT);
        }
        escape = TEXT;
        if (length > 0 || cut) {
            emit();
        }
    }

    private void accept(int b) {
        if (carriageReturn) {
            if (b == '\r') {
                return;
            }
            carriageReturn = false;
            if (b != '\n') {
                clear();
            }
        }
        if (needed > 0) {
            if (b >= lower && b <= upper) {
                lineBytes++;
                codePoint = (codePoint << 6) | (b & 0x3F);
                lower = 0x80;
                upper = 0xBF;
                if (--needed == 0) {
                    append(codePoint);
                }
                return;
            }
            finishCharacter();
        }
        if (escape != TEXT) {
            if (escape == ESCAPE && b == '[') {
                escape = CONTROL_SEQUENCE;
                lineBytes++;
                return;
            }
            if (escape == CONTROL_SEQUENCE && b >= 0x20 && b <= 0x7E) {
                // Parameter and intermediate bytes go on, a final byte (0x40 to 0x7E) ends the sequence.
                if (b >= 0x40) {
                    escape = TEXT;
                }
                lineBytes++;
                return;
            }
            if (escape == ESCAPE) {
                append(REPLACEMENT);
            }
            escape = TEXT;
        }
        if (b == '\n') {
            emit();
            return;
        }
        if (b == '\r') {
            carriageReturn = true;
            return;
        }
        lineBytes++;
        if (cut) {
            return;
        }
        if ((b >= 0x20 && b < 0x7F) || b == '\t') {
            append(b);
        } else if (b == 0x1B) {
            escape = ESCAPE;
        } else if (b >= 0xC2 && b <= 0xF4) {
            start(b);
        } else {
            append(REPLACEMENT);
        }
    }

    private void start(int lead) {
        if (lead < 0xE0) {
            needed = 1;
            codePoint = lead & 0x1F;
        } else if (lead < 0xF0) {
            needed = 2;
            codePoint = lead & 0x0F;
            // No overlong forms, no surrogates.
            lower = lead == 0xE0 ? 0xA0 : 0x80;
            upper = lead == 0xED ? 0x9F : 0xBF;
        } else {
            needed = 3;
            codePoint = lead & 0x07;
            // No overlong forms, nothing above U+10FFFF.
            lower = lead == 0xF0 ? 0x90 : 0x80;
            upper = lead == 0xF4 ? 0x8F : 0xBF;
        }
    }

    /** A character cut short by a byte that cannot go on with it (or by the end) counts as one invalid one. */
    private void finishCharacter() {
        if (needed > 0) {
            needed = 0;
            lower = 0x80;
            upper = 0xBF;
            append(REPLACEMENT);
        }
    }

    private void append(int c) {
        if (c >= 0x80 && c < 0xA0) {
            c = REPLACEMENT;
        }
        int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (keptBytes + size > MAX_LINE_BYTES) {
            cut = true;
            return;
        }
        if (c < 0x10000) {
            chars[length++] = (char) c;
        } else {
            chars[length++] = Character.highSurrogate(c);
            chars[length++] = Character.lowSurrogate(c);
        }
        keptBytes += size;
        keptInput = lineBytes;
    }

    private void emit() {
        String line = new String(chars, 0, length);
        if (cut) {
            line += String.format(
                    Locale.ROOT, " [line cut: %,d bytes in all, the first %,d kept]", lineBytes, keptInput);
        }
        clear();
        lines.accept(line);
    }

    private void clear() {
        length = 0;
        keptBytes = 0;
        lineBytes = 0;
        keptInput = 0;
        cut = false;
    }
}
