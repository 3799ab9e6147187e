package app.syncboard.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Splits program output into lines; a line longer than {@link #MAX_LINE_BYTES} is cut so no output exhausts memory. */
final class Lines {

    static final int MAX_LINE_BYTES = 16 * 1024;

    private Lines() {}

    static void read(InputStream in, Consumer<String> lines) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean cut = false;
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    lines.accept(decode(line, cut));
                    line.reset();
                    cut = false;
                } else if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    cut = true;
                }
            }
        }
        if (line.size() > 0) {
            lines.accept(decode(line, cut));
        }
    }

    private static String decode(ByteArrayOutputStream line, boolean cut) {
        String text = line.toString(StandardCharsets.UTF_8);
        return cut ? text + " [line cut at " + MAX_LINE_BYTES + " bytes]" : text;
    }
}
