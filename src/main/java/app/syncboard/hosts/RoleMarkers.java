package app.syncboard.hosts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The optional role marker of a pair's hosts: a small file (such as {@code /var/lib/syncboard/role}) holding
 * {@code primary} or {@code standby}. A role switch writes it on both hosts; a sync reads it before it copies, and
 * refuses when the destination says it is the primary. The path and the role reach the host as quoted arguments of a
 * fixed script, never as shell text.
 */
@Component
public class RoleMarkers {

    public static final String PRIMARY = "primary";
    public static final String STANDBY = "standby";

    private static final String WRITE = "mkdir -p -- \"$(dirname -- \"$1\")\" && printf '%s\\n' \"$2\" > \"$1.new\""
            + " && mv -f -- \"$1.new\" \"$1\"";
    private static final String READ = "if [ -e \"$1\" ]; then head -c 100 -- \"$1\"; else exit 3; fi";

    private final HostCommands commands;

    RoleMarkers(HostCommands commands) {
        this.commands = commands;
    }

    /**
     * @return what the marker on {@code host} says, trimmed and in lower case (normally {@code primary} or
     *     {@code standby}); empty when the file is not there
     * @throws IOException when the host cannot be reached or the file cannot be read
     */
    public Optional<String> read(Host host, String path, Cancellation cancellation)
            throws IOException, InterruptedException {
        List<String> output = new ArrayList<>();
        int exit = commands.run(host, List.of("sh", "-c", READ, "syncboard", path), output::add, cancellation);
        if (exit == 3) {
            return Optional.empty();
        }
        if (exit != 0) {
            throw new IOException("Could not read the role marker " + path + " on " + host.name() + " (exit code "
                    + exit + (output.isEmpty() ? "" : ": " + output.get(output.size() - 1)) + ").");
        }
        return Optional.of(String.join("\n", output).strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Writes {@code role} ({@link #PRIMARY} or {@link #STANDBY}) to the marker on {@code host}, replacing the file
     * in one step.
     *
     * @throws IOException when the host cannot be reached or the file cannot be written
     */
    public void write(Host host, String path, String role, Consumer<String> log, Cancellation cancellation)
            throws IOException, InterruptedException {
        if (!PRIMARY.equals(role) && !STANDBY.equals(role)) {
            throw new IllegalArgumentException("A role marker holds primary or standby, not " + role);
        }
        int exit = commands.run(host, List.of("sh", "-c", WRITE, "syncboard", path, role), log, cancellation);
        if (exit != 0) {
            throw new IOException(
                    "Could not write the role marker " + path + " on " + host.name() + " (exit code " + exit + ").");
        }
        log.accept(host.name() + ": " + path + " now says " + role);
    }
}
