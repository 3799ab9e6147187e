package app.syncboard.runs;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

@Validated
@ConfigurationProperties("syncboard")
record RunSettings(
        @NotBlank @DefaultValue("rsync") String rsyncCommand,
        String nodeName,
        @Min(1) @DefaultValue("4") int maxParallelRuns,
        /** How long "always" post-steps may go on after a run was cancelled or timed out. */
        @DefaultValue("10m") Duration cleanupLimit,
        @DefaultValue Log log) {

    record Log(
            @Min(1024) @DefaultValue("1048576") int headBytes,
            @Min(1024) @DefaultValue("1048576") int tailBytes) {}

    String node() {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
