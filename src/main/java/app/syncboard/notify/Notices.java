package app.syncboard.notify;

import app.syncboard.hosts.Pair;
import app.syncboard.jobs.SyncJob;
import app.syncboard.runs.Durations;
import app.syncboard.runs.Run;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Writes notices: a subject that says what happened at a glance, a plain-text body, a webhook body. */
@Component
class Notices {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX_REASON = 160;
    private static final String BLOCKED_PREFIX = "Blocked by the deletion guard: ";

    private final String publicUrl;
    private final NotifySettings settings;

    Notices(@Value("${syncboard.public-url:}") String publicUrl, NotifySettings settings) {
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip().replaceAll("/+$", "");
        this.settings = settings;
    }

    /** A run's notice: FAILED, RECOVERED, OVERLAP or BLOCKED. */
    Notice ofRun(Alert alert, SyncJob job, Pair pair, Run run, Run lastSuccess) {
        String title = alert == Alert.FAILED ? run.status().name().replace('_', ' ') : alert.title();
        String subject = subject(title, job.name() + " on pair " + pair.name(), reason(alert, run));
        String url = link("/runs/" + run.id());
        Text text = new Text()
                .line(title + ": job " + job.name() + " on pair " + pair.name())
                .blank()
                .field("Job", job.name())
                .field("Pair", pairText(pair))
                .field("Status", run.status() + (run.exitCode() == null ? "" : ", exit code " + run.exitCode()))
                .field("Message", run.message())
                .field("Trigger", run.triggerText())
                .field(
                        "Attempt",
                        run.attempt() > 1 ? run.attempt() + " (first attempt: run #" + run.firstRunId() + ")" : null)
                .field("Queued", time(run.queuedAt()))
                .field("Started", time(run.startedAt()))
                .field("Finished", time(run.finishedAt()))
                .field("Duration", run.startedAt() == null ? null : Durations.text(run.duration(run.finishedAt())));
        if (alert != Alert.RECOVERED) {
            text.field(
                    "Last success",
                    lastSuccess == null
                            ? "none yet"
                            : time(lastSuccess.finishedAt()) + " (run #" + lastSuccess.id() + ", "
                                    + Durations.text(Duration.between(lastSuccess.finishedAt(), run.finishedAt()))
                                    + " before this run ended)");
        }
        text.field("Node", run.node()).field("Run", url);
        return new Notice(
                alert,
                job.id(),
                run.id(),
                subject,
                text.footer(footer(alert)),
                new Notice.Payload(
                        alert.key(),
                        subject,
                        job.name(),
                        pair.name(),
                        run.id(),
                        run.status().name(),
                        run.exitCode(),
                        run.message(),
                        url,
                        iso(run.finishedAt())));
    }

    Notice stale(StaleJobs.Stale stale, Instant now) {
        SyncJob job = stale.job();
        Pair pair = stale.pair();
        Instant last = stale.lastSuccessAt();
        String reason = last == null
                ? "no successful run yet"
                : "no successful run for " + Durations.text(Duration.between(last, now));
        String subject = subject(Alert.STALE.title(), job.name() + " on pair " + pair.name(), reason);
        String url = link("/jobs/" + job.id());
        String message = (last == null
                        ? "The job has had no successful run since it was created " + time(job.createdAt())
                        : "The newest successful run of the job ended " + time(last))
                + ", longer ago than its critical age of " + Durations.text(stale.criticalAfter()) + ".";
        String text = new Text()
                .line("STALE: job " + job.name() + " on pair " + pair.name())
                .blank()
                .field("Job", job.name())
                .field("Pair", pairText(pair))
                .field("Schedule", job.schedule() + " (" + job.timeZone() + ")")
                .field("Message", message)
                .field("Last success", last == null ? "none yet" : time(last))
                .field("Checked", time(now))
                .field("Job page", url)
                .footer(footer(Alert.STALE));
        return new Notice(
                Alert.STALE,
                job.id(),
                null,
                subject,
                text,
                new Notice.Payload(
                        Alert.STALE.key(),
                        subject,
                        job.name(),
                        pair.name(),
                        null,
                        "STALE",
                        null,
                        message,
                        url,
                        iso(now)));
    }

    Notice failover(FailoverNotice notice, Pair pair) {
        boolean note = notice.stage() == FailoverNotice.Stage.NOTE;
        boolean started = notice.stage() == FailoverNotice.Stage.STARTED || note;
        Alert alert = started ? Alert.FAILOVER_STARTED : Alert.FAILOVER_FINISHED;
        String pairName = pair == null ? "#" + notice.pairId() : pair.name();
        String reason = note
                ? firstSentence(notice.message())
                : started
                        ? "runbook " + notice.runbook() + " by " + notice.by()
                        : notice.outcome() + " (runbook " + notice.runbook() + ")";
        String subject = subject(alert.title(), "pair " + pairName, reason);
        String url = notice.pagePath() == null ? null : link(notice.pagePath());
        String text = new Text()
                .line(alert.title() + ": pair " + pairName)
                .blank()
                .field("Pair", pair == null ? pairName : pairText(pair))
                .field("Runbook", notice.runbook())
                .field("Started by", notice.by())
                .field("Outcome", notice.outcome())
                .field("Message", notice.message())
                .field(started ? "Started" : "Finished", time(notice.occurredAt()))
                .field("Page", url)
                .footer(footer(null));
        return new Notice(
                alert,
                null,
                null,
                subject,
                text,
                new Notice.Payload(
                        alert.key(),
                        subject,
                        null,
                        pairName,
                        null,
                        note ? "NOTE" : started ? "STARTED" : notice.outcome(),
                        null,
                        notice.message(),
                        url,
                        iso(notice.occurredAt())));
    }

    Notice test(Target target, String by, Instant now) {
        String subject = "[syncboard] TEST: notifications to " + target.address() + " work";
        String url = link("/settings/notifications");
        String text = new Text()
                .line("A test notice, sent by " + by + " from syncboard's notification settings.")
                .blank()
                .field("Target", target.address())
                .field("Events", Alert.keys(target.alerts()))
                .field("Sent", time(now))
                .field("Settings", url)
                .footer(footer(null));
        return new Notice(
                null,
                null,
                null,
                subject,
                text,
                new Notice.Payload("test", subject, null, null, null, "TEST", null, null, url, iso(now)));
    }

    /** An absolute link when {@code syncboard.public-url} is set, else the path alone. */
    String link(String path) {
        return publicUrl + path;
    }

    /** Why a repeat may not come, and how to get whole links. */
    private String footer(Alert alert) {
        List<String> notes = new ArrayList<>();
        if (alert != null && alert.repeatsHeldBack()) {
            notes.add("The same condition of this job is not sent again for " + Durations.text(settings.repeatAfter())
                    + "; a successful run ends that and is sent as RECOVERED.");
        }
        if (publicUrl.isEmpty()) {
            notes.add("Links are paths: set syncboard.public-url for whole addresses.");
        }
        return String.join("\n", notes);
    }

    private static String subject(String title, String what, String reason) {
        return "[syncboard] " + title + ": " + what + (reason == null || reason.isBlank() ? "" : " — " + reason);
    }

    private static String reason(Alert alert, Run run) {
        return switch (alert) {
            case FAILED -> run.exitCode() != null ? "rsync exit " + run.exitCode() : firstSentence(run.message());
            case RECOVERED -> "run #" + run.id() + " succeeded";
            case BLOCKED ->
                "deletion guard: "
                        + firstSentence(
                                run.message() != null && run.message().startsWith(BLOCKED_PREFIX)
                                        ? run.message().substring(BLOCKED_PREFIX.length())
                                        : run.message());
            default -> firstSentence(run.message());
        };
    }

    /** The message up to its first sentence end or line break, and short enough for a subject line. */
    static String firstSentence(String message) {
        if (message == null) {
            return null;
        }
        String text = message.strip();
        int newline = text.indexOf('\n');
        if (newline >= 0) {
            text = text.substring(0, newline).strip();
        }
        int end = text.indexOf(". ");
        if (end >= 0) {
            text = text.substring(0, end + 1);
        }
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    private static String pairText(Pair pair) {
        return pair.name() + " (" + pair.primaryPath() + " → " + pair.standbyPath() + ")";
    }

    /** ISO-8601 in UTC, to the millisecond. */
    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String time(Instant instant) {
        return instant == null ? null : UTC.format(instant);
    }

    /** A plain-text body: a heading, then "Label:  value" lines, aligned; fields without a value are left out. */
    private static final class Text {

        private static final int LABEL_WIDTH = 14;
        private final StringBuilder out = new StringBuilder();

        Text line(String line) {
            out.append(line).append('\n');
            return this;
        }

        Text blank() {
            return line("");
        }

        Text field(String label, String value) {
            if (value == null || value.isBlank()) {
                return this;
            }
            String indent = " ".repeat(LABEL_WIDTH);
            String head = (label + ":" + indent).substring(0, LABEL_WIDTH);
            return line(head + value.strip().replace("\n", "\n" + indent));
        }

        String footer(String note) {
            if (note != null && !note.isBlank()) {
                blank().line("-- ").line(note.strip());
            }
            return out.toString();
        }
    }
}
