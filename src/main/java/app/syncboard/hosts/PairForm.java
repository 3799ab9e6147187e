package app.syncboard.hosts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import org.springframework.validation.Errors;

public record PairForm(
        @NotBlank(message = "Enter a name.")
        @Size(max = 100, message = "Use at most 100 characters.")
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "Must not contain control characters.")
        String name,

        @NotNull(message = "Choose the primary host.") Long primaryHostId,
        String primaryPath,
        @NotNull(message = "Choose the standby host.") Long standbyHostId,
        String standbyPath,
        String hopAddress,
        Integer hopPort,
        String hopIdentityFile,
        String hopKnownHostsFile,
        Boolean oneRunAtATime,
        String roleMarkerPath,
        Long version) {

    /** The column's width; a marker path is a file name, far shorter than a base path may be. */
    static final int MAX_MARKER_PATH = 1024;

    static PairForm empty(Long localHostId) {
        return new PairForm("", localHostId, "", localHostId, "", "", null, "", "", false, "", null);
    }

    static PairForm of(Pair pair) {
        HopSettings hop = pair.hopSettings();
        return new PairForm(
                pair.name(),
                pair.primaryHostId(),
                pair.primaryPath(),
                pair.standbyHostId(),
                pair.standbyPath(),
                hop.address(),
                hop.port(),
                hop.identityFile(),
                hop.knownHostsFile(),
                pair.oneRunAtATime(),
                pair.roleMarkerPath(),
                pair.version());
    }

    /** Whether saving this would put other hosts or base paths on the pair's sides. */
    boolean movesSidesOf(Pair pair) {
        return !java.util.Objects.equals(primaryHostId, pair.primaryHostId())
                || !java.util.Objects.equals(standbyHostId, pair.standbyHostId())
                || !Paths.normalized(primaryPath == null ? "" : primaryPath)
                        .equals(Paths.normalized(pair.primaryPath()))
                || !Paths.normalized(standbyPath == null ? "" : standbyPath)
                        .equals(Paths.normalized(pair.standbyPath()));
    }

    /** An unticked checkbox sends nothing. */
    boolean oneRunAtATimeOn() {
        return Boolean.TRUE.equals(oneRunAtATime);
    }

    /** The role marker file on both hosts, or null for none. */
    String marker() {
        return blankToNull(roleMarkerPath);
    }

    HopSettings hop() {
        return new HopSettings(
                blankToNull(hopAddress), hopPort, blankToNull(hopIdentityFile), blankToNull(hopKnownHostsFile));
    }

    /** Checks what bean validation cannot: the paths, the hop settings, and that the two sides differ. */
    void check(Errors errors) {
        Paths.problemWith(primaryPath).ifPresent(p -> errors.rejectValue("primaryPath", "path", "The path " + p + "."));
        Paths.problemWith(standbyPath).ifPresent(p -> errors.rejectValue("standbyPath", "path", "The path " + p + "."));
        if (blankToNull(hopAddress) != null) {
            HostNames.problemWithAddress(hopAddress.strip())
                    .ifPresent(p -> errors.rejectValue("hopAddress", "address", p));
        }
        HostNames.problemWithPort(hopPort).ifPresent(p -> errors.rejectValue("hopPort", "port", p));
        checkHopFile(errors, "hopIdentityFile", hopIdentityFile);
        checkHopFile(errors, "hopKnownHostsFile", hopKnownHostsFile);
        checkMarker(errors);
        if (primaryHostId != null
                && primaryHostId.equals(standbyHostId)
                && !errors.hasFieldErrors("primaryPath")
                && !errors.hasFieldErrors("standbyPath")) {
            String primary = Paths.normalized(primaryPath);
            String standby = Paths.normalized(standbyPath);
            if (primary.equals(standby)) {
                errors.rejectValue(
                        "standbyPath", "same", "The standby path must differ from the primary path on the same host.");
            } else if (inside(standby, primary) || inside(primary, standby)) {
                errors.rejectValue(
                        "standbyPath",
                        "nested",
                        "On the same host, neither base path may lie inside the other:"
                                + " each run would copy the standby into itself again.");
            }
        }
    }

    /**
     * A file that each host reads for itself, so a pair whose sides are on one host cannot have one: that host would
     * say the same of both.
     */
    private void checkMarker(Errors errors) {
        String path = marker();
        if (path == null) {
            return;
        }
        if (path.length() > MAX_MARKER_PATH) {
            errors.rejectValue(
                    "roleMarkerPath", "length", "The path must be at most " + MAX_MARKER_PATH + " characters.");
            return;
        }
        Optional<String> problem = Paths.problemWith(path);
        if (problem.isPresent()) {
            errors.rejectValue("roleMarkerPath", "path", "The path " + problem.get() + ".");
        } else if (path.endsWith("/")) {
            errors.rejectValue("roleMarkerPath", "file", "Name a file, not a directory (no / at the end).");
        } else if (primaryHostId != null && primaryHostId.equals(standbyHostId)) {
            errors.rejectValue(
                    "roleMarkerPath",
                    "one-host",
                    "Both sides are on the same host, whose marker cannot say primary and standby at once:"
                            + " leave this empty.");
        }
    }

    /** A file on the host that runs rsync, named in rsync's -e string: absolute, no spaces or quotes. */
    private static void checkHopFile(Errors errors, String field, String value) {
        if (blankToNull(value) == null) {
            return;
        }
        Paths.problemWith(value).ifPresentOrElse(p -> errors.rejectValue(field, "path", "The path " + p + "."), () -> {
            if (!HostNames.fitsRsh(value)) {
                errors.rejectValue(
                        field,
                        "rsh",
                        "rsync passes this path to ssh in its -e option, which cannot hold spaces, quotes"
                                + " or backslashes; use a path without them.");
            }
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean inside(String path, String directory) {
        return directory.equals("/") || path.startsWith(directory + "/");
    }
}
