package app.syncboard.web;

import java.util.Locale;
import org.springframework.stereotype.Component;

/** Counts and sizes as people read them, for the templates ({@code ${@numbers.bytes(run.stats().bytesSent())}}). */
@Component("numbers")
public class Numbers {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    /** "1,234"; a dash when unknown. */
    public String count(Number value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%,d", value.longValue());
    }

    /** "1.8 GB" (decimal units, as rsync and disks count); a dash when unknown. */
    public String bytes(Long value) {
        if (value == null) {
            return "—";
        }
        double size = value;
        int unit = 0;
        while (size >= 1000 && unit < UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        return unit == 0
                ? value + " B"
                : String.format(Locale.ROOT, size < 10 ? "%.1f %s" : "%.0f %s", size, UNITS[unit]);
    }
}
