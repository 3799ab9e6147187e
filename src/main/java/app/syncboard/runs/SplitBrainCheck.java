package app.syncboard.runs;

import app.syncboard.hosts.Cancellation;
import app.syncboard.hosts.Host;
import app.syncboard.hosts.HostCommands;
import app.syncboard.hosts.RoleMarkers;
import app.syncboard.hosts.SshFailure;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Reads the pair's role marker on both hosts before a run copies anything. A standby that says it is the primary
 * refuses the run whatever the primary says: a failover that was not finished, or roles switched outside syncboard,
 * and copying would overwrite the host now in service. A missing marker, or one saying standby, lets the run go on.
 */
@Component
class SplitBrainCheck {

    /** How the message of a refused run begins; the notify module sends such runs on as failures. */
    static final String ROLE_CONFLICT = "Role conflict: ";

    /** A marker that is there but cannot be read: a failed check, as for the job's own checks. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final RoleMarkers markers;

    SplitBrainCheck(RoleMarkers markers) {
        this.markers = markers;
    }

    /**
     * @return why the run must not copy, as its message; empty when it may
     * @throws Unreadable when a marker cannot be read
     * @throws IOException when a host cannot be reached, as for any other command of a run
     */
    Optional<String> conflict(RunPlan plan, Consumer<String> log, Cancellation cancellation)
            throws Unreadable, IOException, InterruptedException {
        String path = plan.roleMarkerPath();
        Host primary = plan.primary();
        Host standby = plan.standby();
        if (primary.id().equals(standby.id())) {
            log.accept("Role marker " + path + " not read: both sides are on " + primary.name()
                    + ", whose marker cannot tell them apart.");
            return Optional.empty();
        }
        Optional<String> source = read(primary, "primary", path, log, cancellation);
        Optional<String> destination = read(standby, "standby", path, log, cancellation);
        if (!says(destination, RoleMarkers.PRIMARY)) {
            return Optional.empty();
        }
        String conflict = says(source, RoleMarkers.PRIMARY)
                ? "the role marker " + path + " says primary on both " + primary.name() + " (the primary) and "
                        + standby.name() + " (the standby)"
                : "the standby's role marker " + path + " says primary (on " + standby.name() + "; the primary's "
                        + source.map(SplitBrainCheck::describe).orElse("is missing") + ")";
        return Optional.of(
                ROLE_CONFLICT + conflict + ": refusing to copy over a primary (split brain?). Nothing was copied.");
    }

    private Optional<String> read(Host host, String side, String path, Consumer<String> log, Cancellation cancellation)
            throws Unreadable, IOException, InterruptedException {
        Optional<String> role;
        try {
            role = markers.read(host, path, cancellation);
        } catch (SshFailure | HostCommands.Closed | HostCommands.ProgramMissing e) {
            throw e;
        } catch (IOException e) {
            throw new Unreadable(e.getMessage());
        }
        log.accept("Role marker " + path + " on " + host.name() + " (the " + side + "): "
                + role.map(SplitBrainCheck::describe).orElse("missing"));
        return role;
    }

    private static boolean says(Optional<String> marker, String role) {
        return marker.filter(role::equals).isPresent();
    }

    private static String describe(String marker) {
        return RoleMarkers.PRIMARY.equals(marker) || RoleMarkers.STANDBY.equals(marker)
                ? "says " + marker
                : "says neither primary nor standby: " + marker.replace('\n', ' ');
    }
}
