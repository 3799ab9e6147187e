package app.syncboard.runs;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long runs are kept unless a job says otherwise. When the clean-up runs is {@code syncboard.retention.cron},
 * read by its {@code @Scheduled} trigger in {@link Retention}.
 *
 * @param runsDays run records that ended longer ago than this are deleted
 * @param logsDays their stored logs go after this many days (and with their run at the latest)
 */
@Validated
@ConfigurationProperties("syncboard.retention")
record RetentionSettings(
        @Min(1) @DefaultValue("400") int runsDays,
        @Min(1) @DefaultValue("60") int logsDays) {}
