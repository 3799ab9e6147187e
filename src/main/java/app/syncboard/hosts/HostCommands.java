package app.syncboard.hosts;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a command, given as an argument list, on a host: as a child process on the app's own machine, or over SSH in
 * one exec channel per command, each argument POSIX-quoted. Output arrives line by line (on SSH, stdout and stderr
 * each in order); a {@link Cancellation} stops the command with SIGTERM, then SIGKILL after the grace time, and on a
 * remote host it stops the whole process group, so nothing the command started is left running.
 */
@Component
public class HostCommands implements DisposableBean {

    /** Thrown instead of starting a command once {@link #stopAll} has run. */
    public static final class Closed extends IOException {
        Closed() {
            super("no more commands are started: syncboard is stopping");
        }
    }

    /** The program is not installed where the command was to run. */
    public static final class ProgramMissing extends IOException {
        ProgramMissing(String message) {
            super(message);
        }
    }

    static final String PID_MARKER = "syncboard-pid ";
    private static final Pattern PID = Pattern.compile("[1-9][0-9]{0,9}");

    private final SshConnections ssh;
    private final SshSettings settings;
    private final ScheduledExecutorService timer;
    private final LocalProcesses local;
    private volatile boolean closed;

    HostCommands(SshConnections ssh, SshSettings settings) {
        this.ssh = ssh;
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-stopper");
            thread.setDaemon(true);
            return thread;
        });
        this.local = new LocalProcesses(settings.stopGrace(), timer);
    }

    /**
     * Runs {@code command} on {@code host} until it exits or is cancelled.
     *
     * @return the exit status; after a cancellation, whatever the stopped command returned (or -1)
     * @throws SshFailure when the host cannot be reached, or the connection is lost while the command runs
     * @throws ProgramMissing when the program is not installed on the host
     */
    public int run(Host host, List<String> command, Consumer<String> lines, Cancellation cancellation)
            throws IOException, InterruptedException {
        if (closed) {
            throw new Closed();
        }
        if (host.isLocal()) {
            return local.run(command, lines, cancellation);
        }
        int exit = remote(host, command, lines, cancellation);
        if (exit == 127 && !cancellation.isCancelled()) {
            throw new ProgramMissing(command.get(0) + " is not installed on " + host.name() + " (its shell found no "
                    + command.get(0) + " on the PATH; exit code 127).");
        }
        return exit;
    }

    /**
     * The shell command line for an exec channel: {@code sh} prints its process id, then replaces itself with the
     * program, so the id (and, under OpenSSH, the process group) is the program's. Only the quoted arguments vary.
     */
    static String remoteCommandLine(List<String> command) {
        return "exec sh -c 'echo \"" + PID_MARKER + "$$\"; exec \"$@\"' syncboard " + PosixQuoting.join(command);
    }

    private int remote(Host host, List<String> command, Consumer<String> lines, Cancellation cancellation)
            throws IOException, InterruptedException {
        Session session = ssh.open(host);
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(remoteCommandLine(command));
            channel.setInputStream(new ByteArrayInputStream(new byte[0]));
            InputStream out = channel.getInputStream();
            InputStream err = channel.getExtInputStream();
            channel.connect((int) settings.connectTimeout().toMillis());
            AtomicReference<String> pid = new AtomicReference<>();
            cancellation.onCancel(() -> timer.execute(() -> stopRemote(session, channel, pid.get())));
            Consumer<String> output = line -> {
                synchronized (lines) {
                    lines.accept(line);
                }
            };
            Thread errors = new Thread(
                    () -> {
                        try {
                            Lines.read(err, output);
                        } catch (IOException e) {
                            // the connection ended; stdout's reader reports it
                        }
                    },
                    Thread.currentThread().getName() + "-stderr");
            errors.setDaemon(true);
            errors.start();
            Lines.read(out, line -> {
                if (pid.get() == null && line.startsWith(PID_MARKER)) {
                    String id = line.substring(PID_MARKER.length()).strip();
                    pid.set(PID.matcher(id).matches() ? id : "");
                } else {
                    output.accept(line);
                }
            });
            errors.join();
            awaitClosed(channel);
            int exit = channel.getExitStatus();
            if (exit == -1 && !cancellation.isCancelled()) {
                throw new SshFailure(
                        SshFailure.Kind.CONNECTION_LOST,
                        "The SSH connection to " + host.name() + " (" + host.address() + ") was lost while the"
                                + " command ran; it reported no exit status.");
            }
            return exit;
        } catch (JSchException e) {
            throw ssh.classify(host, e);
        } finally {
            session.disconnect();
        }
    }

    /** The exit status arrives just before the channel closes, which may be just after the output ended. */
    private static void awaitClosed(ChannelExec channel) throws InterruptedException {
        for (int i = 0; i < 500 && !channel.isClosed(); i++) {
            Thread.sleep(10);
        }
    }

    private void stopRemote(Session session, ChannelExec channel, String pid) {
        if (pid == null || pid.isEmpty() || !session.isConnected()) {
            session.disconnect();
            return;
        }
        signal(session, pid, "TERM");
        timer.schedule(
                () -> {
                    if (!channel.isClosed()) {
                        signal(session, pid, "KILL");
                        session.disconnect();
                    }
                },
                settings.stopGrace().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Signals the process group (OpenSSH makes the command a group leader), else the process and its children. */
    private static void signal(Session session, String pid, String signal) {
        String command = "kill -" + signal + " -- -" + pid + " 2>/dev/null || { pkill -" + signal + " -P " + pid
                + "; kill -" + signal + " " + pid + "; }";
        try {
            ChannelExec channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(new ByteArrayInputStream(new byte[0]));
            InputStream out = channel.getInputStream();
            channel.connect(5000);
            out.transferTo(java.io.OutputStream.nullOutputStream());
            channel.disconnect();
        } catch (JSchException | IOException e) {
            session.disconnect();
        }
    }

    /** At shutdown: no more commands start, local ones are stopped (remote ones by their runs' cancellation). */
    public void stopAll() {
        closed = true;
        local.stopAll();
    }

    @Override
    public void destroy() {
        stopAll();
        timer.shutdownNow();
    }
}
