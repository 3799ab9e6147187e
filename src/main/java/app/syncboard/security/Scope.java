package app.syncboard.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API token may do. A wider scope includes the narrower ones: {@link #ADMIN} everything,
 * {@link #RUNS_TRIGGER} also reading. A token holds the authorities {@code SCOPE_<scope>} of every scope it includes,
 * so that a rule asks for the one scope it needs.
 */
public enum Scope {
    MONITORING_READ("monitoring:read", "Read job states, runs and metrics (Nagios, Prometheus)"),
    RUNS_TRIGGER("runs:trigger", "Also trigger and cancel runs, and complete a runbook's manual step"),
    ADMIN("admin", "Everything the API offers");

    private final String value;
    private final String description;

    Scope(String value, String description) {
        this.value = value;
        this.description = description;
    }

    /** As written in the API and stored, e.g. {@code monitoring:read}. */
    public String value() {
        return value;
    }

    public String description() {
        return description;
    }

    /** The Spring Security authority, e.g. {@code SCOPE_monitoring:read}. */
    public String authority() {
        return "SCOPE_" + value;
    }

    /** This scope and the narrower ones it includes. */
    public Set<Scope> included() {
        return switch (this) {
            case ADMIN -> EnumSet.allOf(Scope.class);
            case RUNS_TRIGGER -> EnumSet.of(RUNS_TRIGGER, MONITORING_READ);
            case MONITORING_READ -> EnumSet.of(MONITORING_READ);
        };
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    /** Every scope the given ones include. */
    public static Set<Scope> expand(Set<Scope> scopes) {
        Set<Scope> all = EnumSet.noneOf(Scope.class);
        scopes.forEach(scope -> all.addAll(scope.included()));
        return all;
    }

    /** Space-separated, as OAuth writes scopes and as the {@code api_token} table keeps them. */
    static String join(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).collect(Collectors.joining(" "));
    }

    /** The stored text back as scopes; an unknown word (from a later version) grants nothing. */
    static Set<Scope> parse(String text) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (text != null) {
            Arrays.stream(text.trim().split("\\s+"))
                    .flatMap(w -> of(w).stream())
                    .forEach(scopes::add);
        }
        return scopes;
    }
}
