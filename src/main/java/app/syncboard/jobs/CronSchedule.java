package app.syncboard.jobs;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A job's schedule: a cron expression in a time zone. Accepts ordinary 5-field crontab lines
 * ({@code 30 4 * * 1-5}), the crontab nicknames ({@code @daily}, {@code @hourly}, ...) and Quartz's
 * 6/7-field form with seconds ({@code 0 30 4 ? * MON-FRI}); Quartz runs them all in its own form.
 */
public record CronSchedule(String expression, ZoneId zone, String quartzExpression) {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    /**
     * Parses a schedule as typed by a user.
     *
     * @throws InvalidSchedule with a message fit to show next to the field
     */
    public static CronSchedule parse(String expression, String zone) {
        return new CronSchedule(expression.strip(), zoneOf(zone), toQuartz(expression));
    }

    public static ZoneId zoneOf(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new InvalidSchedule("Enter a time zone, such as Europe/Berlin or UTC.");
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new InvalidSchedule(
                    "Unknown time zone \"" + zone.strip() + "\"; use a region name such as Europe/Berlin or UTC.");
        }
    }

    static String toQuartz(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidSchedule("Enter a cron expression, such as \"30 4 * * *\" or @daily.");
        }
        String text = expression.strip();
        if (text.startsWith("@")) {
            String unix = NICKNAMES.get(text.toLowerCase(Locale.ROOT));
            if (unix == null) {
                throw new InvalidSchedule("Unknown nickname \"" + text
                        + "\"; use @yearly, @monthly, @weekly, @daily or @hourly (@reboot is not supported).");
            }
            text = unix;
        }
        int fields = text.split("\\s+").length;
        if (fields == 5) {
            try {
                Cron unix = UNIX.parse(text).validate();
                return CronMapper.fromUnixToQuartz().map(unix).asString();
            } catch (IllegalArgumentException e) {
                throw new InvalidSchedule("Not a valid crontab expression: " + e.getMessage());
            }
        }
        if (fields == 6 || fields == 7) {
            try {
                new CronExpression(text);
                return text;
            } catch (ParseException e) {
                throw new InvalidSchedule("Not a valid Quartz cron expression: " + e.getMessage());
            }
        }
        throw new InvalidSchedule("A cron expression has 5 fields (minute hour day-of-month month day-of-week),"
                + " or 6 to 7 in Quartz form with seconds first; this one has " + fields + ".");
    }

    /** The next {@code count} fire times strictly after {@code after}. */
    public List<Instant> nextFireTimes(Instant after, int count) {
        CronExpression cron = quartz();
        List<Instant> times = new ArrayList<>(count);
        Date cursor = Date.from(after);
        while (times.size() < count) {
            cursor = cron.getNextValidTimeAfter(cursor);
            if (cursor == null) {
                break;
            }
            times.add(cursor.toInstant());
        }
        return times;
    }

    /** A sentence such as "at 04:30" for 5-field expressions; empty when none can be made. */
    public String description() {
        try {
            String text = NICKNAMES.getOrDefault(expression.toLowerCase(Locale.ROOT), expression);
            if (text.split("\\s+").length == 5) {
                return CronDescriptor.instance(Locale.UK).describe(UNIX.parse(text));
            }
            return "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private CronExpression quartz() {
        try {
            CronExpression cron = new CronExpression(quartzExpression);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return cron;
        } catch (ParseException e) {
            throw new IllegalStateException("validated cron expression no longer parses: " + quartzExpression, e);
        }
    }

    public static final class InvalidSchedule extends IllegalArgumentException {
        InvalidSchedule(String message) {
            super(message);
        }
    }
}
