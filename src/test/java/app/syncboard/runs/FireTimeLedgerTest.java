package app.syncboard.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FireTimeLedgerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aFireTimeIsShownInTheJobsZone() {
        assertThat(FireTimeLedger.text(Instant.parse("2026-11-21T02:00:00Z"), BERLIN))
                .isEqualTo("2026-11-21 03:00");
        assertThat(FireTimeLedger.text(Instant.parse("2026-11-21T02:00:15Z"), BERLIN))
                .isEqualTo("2026-11-21 03:00:15");
    }

    @Test
    void onTheNightTheClockFallsBackTheTwoEqualTimesAreToldApartByTheirOffset() {
        // 25 October 2026: 02:30 happens first in summer time (+02:00), an hour later again in winter time.
        assertThat(FireTimeLedger.text(Instant.parse("2026-10-25T00:30:00Z"), BERLIN))
                .isEqualTo("2026-10-25 02:30 +02:00");
        assertThat(FireTimeLedger.text(Instant.parse("2026-10-25T01:30:00Z"), BERLIN))
                .isEqualTo("2026-10-25 02:30 +01:00");
    }
}
