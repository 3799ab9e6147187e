package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunLogsTest {

    // A running run is served from its live capture; the database is not asked.
    private final RunLogs logs = new RunLogs(null);

    @Test
    void liveTailShowsTheLastLinesAndCountsTheOnesBefore() {
        LogCapture capture = logs.open(7, new RunSettings.Log(1 << 20, 1 << 20));
        for (int i = 1; i <= 1000; i++) {
            capture.append("line " + i);
        }

        assertThat(logs.tail(7, 3))
                .contains("... 997 earlier lines: the whole log is shown when the run has ended ...\n"
                        + "line 998\nline 999\nline 1000\n");
        assertThat(logs.tail(7, 5000).orElseThrow()).startsWith("line 1\n").endsWith("line 1000\n");
    }

    @Test
    void linesDroppedFromTheMiddleStillCountAsEarlierLines() {
        LogCapture capture = logs.open(9, new RunSettings.Log(1024, 1024));
        for (int i = 1; i <= 1000; i++) {
            capture.append("line " + i);
        }

        assertThat(logs.tail(9, 3))
                .contains("... 997 earlier lines: the whole log is shown when the run has ended ...\n"
                        + "line 998\nline 999\nline 1000\n");
        String stored = capture.text();
        assertThat(LogCapture.lastLines(stored, capture.linesOmitted(), 3, "download it"))
                .isEqualTo("... 997 earlier lines: download it ...\nline 998\nline 999\nline 1000\n");
        // More lines than the kept tail: the marker is among the shown lines, and only head lines come before them.
        String wide = LogCapture.lastLines(stored, capture.linesOmitted(), 150, "download it");
        assertThat(wide)
                .startsWith("... " + (stored.lines().count() - 150) + " earlier lines")
                .contains("\n... " + capture.linesOmitted() + " lines (")
                .endsWith("line 1000\n");
    }

    @Test
    void shortOutputIsShownWhole() {
        LogCapture capture = logs.open(8, new RunSettings.Log(1 << 20, 1 << 20));
        capture.append("only line");

        assertThat(logs.tail(8, 3)).contains("only line\n");
    }
}
