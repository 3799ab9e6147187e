package app.syncboard.monitoring;

import app.syncboard.runs.Durations;
import java.time.Duration;
import java.util.List;

/**
 * Monitoring-plugin output: a first line {@code SYNC STATE: text | perfdata}, as Nagios and Icinga read it from
 * any plugin (here through {@code check_curl}). Perfdata follows the plugin guidelines: {@code label=value[unit];
 * warn;crit;min;max}, "U" for a value that is not known.
 */
final class NagiosText {

    private NagiosText() {}

    static String of(JobHealth health) {
        return "SYNC " + health.state() + ": " + oneLine(health.job()) + ": " + summary(health) + " | "
                + perfdata(health) + "\n";
    }

    /** The worst state first, counted, then one line per job (the "long output"). */
    static String of(List<JobHealth> all, SyncState worst) {
        StringBuilder text = new StringBuilder("SYNC ").append(worst).append(": ");
        if (all.isEmpty()) {
            text.append("no sync jobs are configured");
        } else {
            long critical = count(all, SyncState.CRITICAL);
            long warning = count(all, SyncState.WARNING);
            long unknown = count(all, SyncState.UNKNOWN);
            text.append(critical).append(" critical, ").append(warning).append(" warning, ");
            if (unknown > 0) {
                text.append(unknown).append(" unknown, ");
            }
            text.append(count(all, SyncState.OK))
                    .append(" OK of ")
                    .append(all.size())
                    .append(" jobs");
        }
        text.append(" | jobs=")
                .append(all.size())
                .append(";;;0 critical=")
                .append(count(all, SyncState.CRITICAL))
                .append(";;;0 warning=")
                .append(count(all, SyncState.WARNING))
                .append(";;;0\n");
        for (JobHealth health : all) {
            text.append(health.state())
                    .append(": ")
                    .append(oneLine(health.job()))
                    .append(": ")
                    .append(summary(health))
                    .append('\n');
        }
        return text.toString();
    }

    static String summary(JobHealth health) {
        StringBuilder text = new StringBuilder(oneLine(health.reason()));
        if (health.lastExitCode() != null) {
            text.append("; last exit code ").append(health.lastExitCode());
        }
        if (health.lastDuration() != null) {
            text.append(", took ").append(Durations.text(health.lastDuration()));
        }
        if (health.running()) {
            text.append("; a run is going");
        }
        return text.toString();
    }

    static String perfdata(JobHealth health) {
        return "age=" + seconds(health.age()) + ";" + bare(health.warningAfter()) + ";" + bare(health.criticalAfter())
                + ";0 last_duration=" + seconds(health.lastDuration()) + ";;;0 last_exit_code="
                + (health.lastExitCode() == null ? "U" : health.lastExitCode().toString()) + ";;;0;255 transferred="
                + (health.transferredBytes() == null ? "U" : health.transferredBytes() + "B") + ";;;0"
                + " consecutive_failures=" + health.consecutiveFailures() + ";;;0";
    }

    private static long count(List<JobHealth> all, SyncState state) {
        return all.stream().filter(h -> h.state() == state).count();
    }

    private static String seconds(Duration duration) {
        return duration == null ? "U" : duration.toSeconds() + "s";
    }

    private static String bare(Duration duration) {
        return duration == null ? "" : Long.toString(duration.toSeconds());
    }

    /** A run message may hold "|" (which starts perfdata) or line breaks (which end the first line). */
    private static String oneLine(String text) {
        String clean = text.replace('|', '/').replaceAll("\\s+", " ").strip();
        return clean.length() > 300 ? clean.substring(0, 299) + "…" : clean;
    }
}
