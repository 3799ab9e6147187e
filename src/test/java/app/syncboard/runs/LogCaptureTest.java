package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogCaptureTest {

    @Test
    void smallOutputIsKeptWhole() {
        LogCapture capture = new LogCapture(1024, 1024);
        capture.append("one");
        capture.append("two");

        assertThat(capture.text()).isEqualTo("one\ntwo\n");
        assertThat(capture.linesTotal()).isEqualTo(2);
        assertThat(capture.linesOmitted()).isZero();
    }

    @Test
    void hugeOutputKeepsHeadAndTailWithAMarkerBetween() {
        LogCapture capture = new LogCapture(1024, 1024);
        for (int i = 0; i < 100_000; i++) {
            capture.append(String.format("line %06d", i));
        }

        String text = capture.text();
        // 12 bytes a line: 85 lines fit in each kilobyte.
        assertThat(text).startsWith("line 000000\n").endsWith("line 099999\n");
        assertThat(text).contains("line 000084\n").doesNotContain("line 000085\n");
        assertThat(text).contains("line 099915\n").doesNotContain("line 099914\n");
        assertThat(text).contains("\n... 99830 lines (1197960 bytes) omitted ...\n");
        assertThat(text.length()).isLessThan(2 * 1024 + 100);
        assertThat(capture.linesTotal()).isEqualTo(100_000);
        assertThat(capture.bytesTotal()).isEqualTo(1_200_000);
    }
}
