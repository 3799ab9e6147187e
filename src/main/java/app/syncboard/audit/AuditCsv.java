package app.syncboard.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Audit entries as CSV (RFC 4180, UTF-8, times in UTC as ISO 8601), newest first, written while they are read. Much of
 * an entry is typed by someone (a user name at a failed sign-in, names, paths): no cell may start a spreadsheet
 * formula, so such a cell gets a leading apostrophe.
 */
final class AuditCsv {

    private static final int SLICE = 1000;
    private static final String[] HEADER = {
        "id",
        "occurred_at",
        "actor",
        "address",
        "action",
        "target_type",
        "target_id",
        "target_name",
        "outcome",
        "reason",
        "details"
    };

    private AuditCsv() {}

    static void write(AuditEntries entries, AuditFilter filter, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(
                writer, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            entries.forEach(filter, SLICE, entry -> row(csv, entry));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void row(CSVPrinter csv, AuditEntry entry) {
        try {
            csv.printRecord(
                    entry.id(),
                    entry.occurredAt().toString(),
                    text(entry.actor()),
                    text(entry.address()),
                    text(entry.action()),
                    text(entry.targetType()),
                    text(entry.targetId()),
                    text(entry.targetName()),
                    entry.outcome(),
                    text(entry.reason()),
                    text(entry.details()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as a cell that no spreadsheet reads as a formula (=, +, -, @, tab or carriage return first). */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
