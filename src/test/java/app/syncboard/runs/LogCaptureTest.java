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

    @Test
    void aLiveViewerGetsTheLinesAfterTheLastOneItHasAndACountOfThoseItWasNotSent() {
        LogCapture capture = new LogCapture(1024, 1024);
        for (int i = 1; i <= 3; i++) {
            capture.append("line " + i);
        }

        LogCapture.Chunk first = capture.linesAfter(0, 500);
        assertThat(first.lines()).containsExactly("line 1", "line 2", "line 3");
        assertThat(first.skipped()).isZero();
        assertThat(first.last()).isEqualTo(3);
        assertThat(capture.linesAfter(3, 500).lines()).isEmpty();

        for (int i = 4; i <= 10_000; i++) {
            capture.append("line " + i);
        }
        // Lines still among the recent 2,000 are sent oldest first; only older ones are passed over.
        LogCapture.Chunk behind = capture.linesAfter(3, 500);
        assertThat(behind.lines()).hasSize(500).startsWith("line 8001").endsWith("line 8500");
        assertThat(behind.skipped()).isEqualTo(8000 - 3);
        assertThat(behind.last()).isEqualTo(8500);
        LogCapture.Chunk next = capture.linesAfter(behind.last(), 500);
        assertThat(next.lines()).startsWith("line 8501");
        assertThat(next.skipped()).isZero();
        assertThat(behind.closed()).isFalse();

        capture.close();
        assertThat(capture.linesAfter(9_000, 500).closed())
                .as("not at the last line yet")
                .isFalse();
        assertThat(capture.linesAfter(9_500, 500).closed()).isTrue();
        assertThat(capture.linesAfter(10_000, 500).closed()).isTrue();
    }

    @Test
    void theLinesKeptForLiveViewersAreBoundedInBytesWhateverTheLineLength() {
        LogCapture capture = new LogCapture(1024, 1024);
        String longLine = "x".repeat(16 * 1024);
        for (int i = 0; i < 1000; i++) {
            capture.append(longLine);
        }

        LogCapture.Chunk chunk = capture.linesAfter(0, 2000);
        assertThat(chunk.lines().size() * (16 * 1024 + 1)).isLessThanOrEqualTo(LogCapture.RECENT_BYTES);
        assertThat(chunk.skipped() + chunk.lines().size()).isEqualTo(1000);
    }

    @Test
    void sizesAreCountedAsUtf8() {
        for (String text : new String[] {"", "ascii", "é", "€uro", "📦 box", "\uFFFD", "a\uD800b"}) {
            assertThat(LogCapture.utf8Length(text))
                    .as(text)
                    .isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }
}
