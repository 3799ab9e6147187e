package app.syncboard.notify;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param repeatAfter how long the same condition of the same job is not sent again (a success ends that)
 * @param mailFrom the sender of notification mails
 */
@Validated
@ConfigurationProperties("syncboard.notify")
record NotifySettings(
        @NotNull @DefaultValue("6h") Duration repeatAfter,
        @NotBlank @DefaultValue("syncboard@localhost") String mailFrom) {}
