package app.syncboard.hosts;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How syncboard talks SSH ({@code syncboard.ssh.*}): how long to wait for a host to answer, how often to check that a
 * silent connection is alive (and how many unanswered checks mean it is dead), and how long a cancelled command gets
 * to stop after SIGTERM before it is killed, and where the accepted host keys are written as {@code known_hosts} files
 * for the app's own {@code ssh} (when rsync runs on this machine and reaches a remote side).
 */
@ConfigurationProperties("syncboard.ssh")
public record SshSettings(
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("15s") Duration keepAliveInterval,
        @DefaultValue("4") int keepAliveCountMax,
        @DefaultValue("5s") Duration stopGrace,
        @DefaultValue("data/ssh") Path knownHostsDir) {}
