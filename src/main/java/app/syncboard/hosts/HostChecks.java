package app.syncboard.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * "Test connection": what a sync would need, tried step by step with the same code a run uses, each step reported in
 * words. For a host: the SSH login with the pinned host key, then {@code rsync --version} on it. For a pair: both
 * hosts, then the inner hop, i.e. the runner's own {@code ssh} reaching the peer and running rsync there.
 */
@Service
public class HostChecks {

    /** One step: what was tried, whether it worked, and what came back (or what went wrong). */
    public record Check(String name, boolean ok, String detail) {}

    private static final int MAX_OUTPUT_LINES = 20;

    private final SshConnections ssh;
    private final HostCommands commands;
    private final Hops hops;
    private final Hosts hosts;
    private final Duration timeLimit;
    private final String localRsync;

    HostChecks(
            SshConnections ssh,
            HostCommands commands,
            Hops hops,
            Hosts hosts,
            SshSettings settings,
            @Value("${syncboard.rsync-command:rsync}") String localRsync) {
        this.ssh = ssh;
        this.commands = commands;
        this.hops = hops;
        this.hosts = hosts;
        this.timeLimit = settings.connectTimeout().multipliedBy(3);
        this.localRsync = localRsync;
    }

    public List<Check> host(Host host) {
        List<Check> checks = new ArrayList<>();
        if (!host.isLocal()) {
            Check login = login(host);
            checks.add(login);
            if (!login.ok()) {
                checks.add(new Check(rsyncName(host), false, "Not tried: the SSH login failed."));
                return checks;
            }
        }
        checks.add(rsync(host));
        return checks;
    }

    public List<Check> pair(Pair pair) {
        Host primary = hosts.findById(pair.primaryHostId()).orElseThrow();
        Host standby = hosts.findById(pair.standbyHostId()).orElseThrow();
        Map<Long, Host> sides = new LinkedHashMap<>();
        sides.put(primary.id(), primary);
        sides.put(standby.id(), standby);
        List<Check> checks = new ArrayList<>();
        Map<Long, Boolean> reachable = new LinkedHashMap<>();
        for (Host host : sides.values()) {
            List<Check> own = host(host);
            checks.addAll(own);
            reachable.put(host.id(), host.isLocal() || own.get(0).ok());
        }
        if (sides.size() == 1) {
            checks.add(new Check(
                    "Inner SSH hop", true, "No hop: both sides are on " + describe(primary) + ", rsync copies there."));
        } else if (primary.isLocal() || standby.isLocal()) {
            checks.add(hop(pair, primary, standby, Direction.PUSH, "", reachable));
        } else {
            checks.add(hop(pair, primary, standby, Direction.PUSH, " for push", reachable));
            checks.add(hop(pair, primary, standby, Direction.PULL, " for pull", reachable));
        }
        return checks;
    }

    private Check login(Host host) {
        String name = "SSH login as " + host.target();
        try {
            ssh.open(host).disconnect();
            return new Check(
                    name,
                    true,
                    "Logged in; the host presented its accepted key "
                            + host.acceptedKey().orElseThrow().fingerprint() + ".");
        } catch (SshFailure e) {
            return new Check(name, false, e.getMessage());
        }
    }

    private Check rsync(Host host) {
        String name = rsyncName(host);
        String where = describe(host);
        try {
            Output out = run(host, List.of(host.isLocal() ? localRsync : "rsync", "--version"));
            if (out.timedOut()) {
                return new Check(name, false, "rsync --version gave no answer within " + seconds() + " s.");
            }
            if (out.exit() != 0) {
                return new Check(
                        name,
                        false,
                        "rsync --version failed on " + where + " (exit code " + out.exit() + ")" + said(out));
            }
            return new Check(name, true, out.versionLine());
        } catch (HostCommands.ProgramMissing e) {
            return new Check(
                    name,
                    false,
                    "rsync is not installed on " + where + "."
                            + (host.isLocal() ? " Install it, or set syncboard.rsync-command to its full path." : ""));
        } catch (IOException e) {
            return new Check(name, false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(name, false, "Stopped: syncboard is shutting down.");
        }
    }

    private Check hop(
            Pair pair, Host primary, Host standby, Direction direction, String which, Map<Long, Boolean> reachable) {
        Hops.Route route;
        try {
            route = hops.route(pair, primary, standby, direction);
        } catch (Hops.HopProblem | UncheckedIOException e) {
            return new Check("Inner SSH hop" + which, false, e.getMessage());
        }
        Host runner = route.runner();
        Host peer = route.peer().orElseThrow();
        String login = route.peerLogin();
        String name = "Inner SSH hop" + which + ": rsync on " + describe(runner) + " reaches " + peer.name() + " as "
                + login + " port " + route.peerPort();
        if (!reachable.get(runner.id())) {
            return new Check(name, false, "Not tried: " + runner.name() + " could not be reached (see above).");
        }
        List<String> command = new ArrayList<>(route.ssh());
        command.addAll(List.of(login, "rsync", "--version"));
        try {
            Output out = run(runner, command);
            if (out.timedOut()) {
                return new Check(name, false, "No answer within " + seconds() + " s; the check was stopped.");
            }
            if (out.exit() == 0) {
                return new Check(name, true, out.versionLine());
            }
            if (out.exit() == 255) {
                return new Check(
                        name,
                        false,
                        "The runner's ssh could not connect, log in or verify the host key of the peer (exit code"
                                + " 255)" + said(out));
            }
            if (out.exit() == 127) {
                return new Check(
                        name, false, "rsync is not installed on " + peer.name() + " (exit code 127)" + said(out));
            }
            return new Check(name, false, "ssh rsync --version failed with exit code " + out.exit() + said(out));
        } catch (HostCommands.ProgramMissing e) {
            return new Check(
                    name,
                    false,
                    runner.isLocal()
                            ? "ssh is not installed on this machine: " + e.getMessage()
                            : "Either ssh is not installed on " + runner.name() + ", or rsync is not installed on "
                                    + peer.name() + " (the command exited with 127).");
        } catch (IOException e) {
            return new Check(name, false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(name, false, "Stopped: syncboard is shutting down.");
        }
    }

    /** The command's output and exit code; stopped when it has not ended within the time limit. */
    private Output run(Host host, List<String> command) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Void> limit = CompletableFuture.runAsync(
                () -> cancellation.cancel("time limit"),
                CompletableFuture.delayedExecutor(timeLimit.toMillis(), TimeUnit.MILLISECONDS));
        try {
            int exit = commands.run(
                    host,
                    command,
                    line -> {
                        if (lines.size() < MAX_OUTPUT_LINES && !line.isBlank()) {
                            lines.add(line.strip());
                        }
                    },
                    cancellation);
            return new Output(exit, List.copyOf(lines), cancellation.isCancelled());
        } finally {
            limit.cancel(false);
        }
    }

    private record Output(int exit, List<String> lines, boolean timedOut) {

        /** rsync's first line, e.g. {@code rsync  version 3.2.7  protocol version 31}. */
        String versionLine() {
            return lines.stream()
                    .filter(line -> line.startsWith("rsync"))
                    .findFirst()
                    .orElse(lines.isEmpty() ? "rsync answered, without a version line." : lines.get(0));
        }
    }

    private static String said(Output out) {
        return out.lines().isEmpty() ? "." : ": " + String.join("\n", out.lines());
    }

    private long seconds() {
        return timeLimit.toSeconds();
    }

    private static String rsyncName(Host host) {
        return "rsync --version on " + describe(host);
    }

    private static String describe(Host host) {
        return host.isLocal() ? "this machine (" + host.name() + ")" : host.name();
    }
}
