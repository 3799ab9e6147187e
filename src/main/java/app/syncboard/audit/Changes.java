package app.syncboard.audit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Records as lines of an audit entry: every field ({@link #describe}) or the fields that differ
 * ({@link #between}), nested records flattened to {@code retry.attempts}. Only records are taken apart, by their
 * components; other objects are not described at all, as their {@code toString()} may hold anything. Bookkeeping (id, version, creation and update
 * times) is left out. A component whose name speaks of a secret is never shown, only whether it was set or changed:
 * not the value, not the encrypted value (which would let anyone with the key read it from the log).
 */
final class Changes {

    static final String ARROW = " → ";
    static final int MAX_VALUE = 300;

    /** What the app keeps for itself, not what anyone set: ids, versions, when a record was made, saved, or seen by the scheduler. */
    private static final Set<String> BOOKKEEPING = Set.of("id", "version", "createdAt", "updatedAt", "scheduleSeenAt");

    private static final Pattern SECRET =
            Pattern.compile("secret|password|passphrase|privatekey|hash|credential", Pattern.CASE_INSENSITIVE);
    private static final List<String> NAMES = List.of("name", "username", "address");

    private Changes() {}

    /** Every field that is set, as {@code field: value}. */
    static List<String> describe(Object record) {
        List<String> lines = new ArrayList<>();
        describe("", record, lines);
        return lines;
    }

    /** The fields that differ, as {@code field: before → after}; a secret as {@code field: (changed)}. */
    static List<String> between(Object before, Object after) {
        List<String> lines = new ArrayList<>();
        if (before == null || after == null || before.getClass() != after.getClass() || !isRecord(after)) {
            // Only records are taken apart: anything else could show a secret in its toString().
            if (!Objects.equals(before, after)) {
                lines.add("changed (not described)");
            }
            return lines;
        }
        between("", before, after, lines);
        return lines;
    }

    /** The value of a component of a record, when it is one and has it. */
    static Optional<Object> component(Object record, String name) {
        if (!isRecord(record)) {
            return Optional.empty();
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                return Optional.ofNullable(read(component, record));
            }
        }
        return Optional.empty();
    }

    /** What people call the record: its name, user name or address. */
    static Optional<String> name(Object record) {
        return NAMES.stream()
                .map(name -> component(record, name))
                .flatMap(Optional::stream)
                .map(String::valueOf)
                .findFirst();
    }

    static boolean secret(String componentName) {
        return SECRET.matcher(componentName.replace("_", "")).find();
    }

    private static void describe(String prefix, Object record, List<String> lines) {
        if (!isRecord(record)) {
            return;
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (prefix.isEmpty() && BOOKKEEPING.contains(component.getName())) {
                continue;
            }
            String field = prefix + component.getName();
            Object value = read(component, record);
            if (value == null || (value instanceof Collection<?> c && c.isEmpty())) {
                continue;
            }
            if (secret(component.getName())) {
                lines.add(field + ": (set)");
            } else if (isRecord(value)) {
                describe(field + ".", value, lines);
            } else {
                lines.add(field + ": " + value(value));
            }
        }
    }

    private static void between(String prefix, Object before, Object after, List<String> lines) {
        for (RecordComponent component : after.getClass().getRecordComponents()) {
            if (prefix.isEmpty() && BOOKKEEPING.contains(component.getName())) {
                continue;
            }
            String field = prefix + component.getName();
            Object old = read(component, before);
            Object now = read(component, after);
            if (Objects.equals(old, now)) {
                continue;
            }
            if (secret(component.getName())) {
                lines.add(field + ": " + (old == null ? "(set)" : now == null ? "(removed)" : "(changed)"));
            } else if (old != null && now != null && isRecord(now) && old.getClass() == now.getClass()) {
                between(field + ".", old, now, lines);
            } else {
                lines.add(field + ": " + value(old) + ARROW + value(now));
            }
        }
    }

    /** A value on one line and at most {@link #MAX_VALUE} characters; records within lists with masked secrets. */
    static String value(Object value) {
        String text;
        if (value == null) {
            text = "(none)";
        } else if (value instanceof Collection<?> collection) {
            text = collection.stream().map(Changes::element).collect(Collectors.joining(", ", "[", "]"));
        } else if (value instanceof Map<?, ?> map) {
            text = map.entrySet().stream()
                    .map(e -> e.getKey() + "=" + element(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (isRecord(value)) {
            text = element(value);
        } else if (value instanceof Enum<?> constant) {
            text = constant.name();
        } else if (value instanceof String string) {
            text = string.isEmpty() ? "\"\"" : string;
        } else {
            text = String.valueOf(value);
        }
        return shortened(oneLine(text));
    }

    /** A list element: a record with one field set as that field's value, with more as {@code {a=1, b=2}}. */
    private static String element(Object value) {
        if (!isRecord(value)) {
            return value instanceof Enum<?> constant ? constant.name() : String.valueOf(value);
        }
        List<String> names = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object part = read(component, value);
            if (part != null) {
                names.add(component.getName());
                shown.add(secret(component.getName()) ? "(set)" : element(part));
            }
        }
        if (shown.size() == 1 && !secret(names.get(0))) {
            return shown.get(0);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            parts.add(names.get(i) + "=" + shown.get(i));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Line breaks as {@code \n}, other control characters dropped: one field is one line. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append(' ');
            } else if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }

    static String shortened(String text) {
        if (text.length() <= MAX_VALUE) {
            return text;
        }
        int end = MAX_VALUE;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "… (" + text.length() + " characters)";
    }

    private static boolean isRecord(Object value) {
        return value != null && value.getClass().isRecord();
    }

    private static Object read(RecordComponent component, Object record) {
        Method accessor = component.getAccessor();
        try {
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(
                    "Cannot read " + component.getName() + " of "
                            + record.getClass().getSimpleName(),
                    e);
        }
    }
}
