package app.syncboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditEvent.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The store's queries, as they must work on every database syncboard supports: the page's filters, keyset pages both
 * ways, reading all in slices, and what is written for values longer than their columns.
 */
abstract class AuditStoreContract {

    static final Instant DAY_1 = Instant.parse("2026-03-01T23:59:59Z");
    static final Instant DAY_2 = Instant.parse("2026-03-02T00:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-03-03T12:00:00Z");

    @Autowired
    AuditEntries entries;

    /** Each test writes as actors of its own, so that the entries of other tests that share the app do not count. */
    final String actor = "actor-" + UUID.randomUUID();

    @Test
    void filtersByActorActionPrefixOutcomeAndDaysInUtc() {
        add(DAY_1, actor, "run.sync-now", Outcome.SUCCESS);
        add(DAY_2, actor, "run.cancel", Outcome.FAILED);
        add(DAY_3, actor, "runbook.start", Outcome.DENIED);
        add(DAY_3, actor, "job.update", Outcome.SUCCESS);
        add(DAY_3, actor + "-other", "run.cancel", Outcome.SUCCESS);

        assertThat(actions(filter(actor, null, null, null, null)))
                .containsExactly("job.update", "runbook.start", "run.cancel", "run.sync-now");
        assertThat(actions(filter(actor, "run.", null, null, null))).containsExactly("run.cancel", "run.sync-now");
        assertThat(actions(filter(actor, "run", null, null, null)))
                .containsExactly("runbook.start", "run.cancel", "run.sync-now");
        assertThat(actions(filter(actor, "run.cancel", null, null, null))).containsExactly("run.cancel");
        assertThat(actions(filter(actor, null, "SUCCESS", null, null))).containsExactly("job.update", "run.sync-now");
        assertThat(actions(filter(actor, null, "DENIED", null, null))).containsExactly("runbook.start");
        assertThat(actions(filter(actor, null, null, "2026-03-02", null)))
                .containsExactly("job.update", "runbook.start", "run.cancel");
        assertThat(actions(filter(actor, null, null, null, "2026-03-01"))).containsExactly("run.sync-now");
        assertThat(actions(filter(actor, null, null, "2026-03-02", "2026-03-02")))
                .containsExactly("run.cancel");
        assertThat(actions(filter(actor, "run.", "SUCCESS", "2026-03-01", "2026-03-03")))
                .containsExactly("run.sync-now");
    }

    @Test
    void anActionFilterIsABeginningNotAPattern() {
        add(DAY_1, actor, "x_y.one", Outcome.SUCCESS);
        add(DAY_1, actor, "xzy.two", Outcome.SUCCESS);
        add(DAY_1, actor, "x%y.three", Outcome.SUCCESS);
        add(DAY_1, actor, "x!y.four", Outcome.SUCCESS);

        assertThat(actions(filter(actor, "x_y", null, null, null))).containsExactly("x_y.one");
        assertThat(actions(filter(actor, "x%", null, null, null))).containsExactly("x%y.three");
        assertThat(actions(filter(actor, "x!y", null, null, null))).containsExactly("x!y.four");
    }

    @Test
    void pagesOlderAndNewerByIdKeepingTheFilter() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            add(DAY_1.plusSeconds(i), actor, "job.pause", Outcome.SUCCESS);
            add(DAY_1.plusSeconds(i), actor, "job.resume", Outcome.SUCCESS);
        }
        AuditFilter pauses = filter(actor, "job.pause", null, null, null);
        AuditEntries.Page first = entries.page(pauses, null, null, 3);
        assertThat(first.entries()).hasSize(3);
        assertThat(first.newerThan()).isNull();
        ids.addAll(first.entries().stream().map(AuditEntry::id).toList());

        AuditEntries.Page second = entries.page(pauses, first.olderThan(), null, 3);
        assertThat(second.entries()).hasSize(3);
        assertThat(second.newerThan()).isEqualTo(second.entries().get(0).id());
        ids.addAll(second.entries().stream().map(AuditEntry::id).toList());

        AuditEntries.Page last = entries.page(pauses, second.olderThan(), null, 3);
        assertThat(last.entries()).hasSize(1);
        assertThat(last.olderThan()).isNull();
        ids.addAll(last.entries().stream().map(AuditEntry::id).toList());
        assertThat(ids).hasSize(7).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        AuditEntries.Page back = entries.page(pauses, null, last.newerThan(), 3);
        assertThat(back.entries())
                .extracting(AuditEntry::id)
                .isEqualTo(second.entries().stream().map(AuditEntry::id).toList());
        assertThat(back.olderThan()).isEqualTo(second.olderThan());
        assertThat(back.newerThan()).isEqualTo(second.newerThan());

        List<AuditEntry> all = new ArrayList<>();
        entries.forEach(pauses, 2, all::add);
        assertThat(all).extracting(AuditEntry::id).isEqualTo(ids);
        assertThat(all).allMatch(entry -> entry.action().equals("job.pause"));
    }

    @Test
    void keepsEveryFieldAndCutsWhatIsLongerThanItsColumn() {
        entries.add(
                DAY_2,
                new AuditEvent(
                        actor,
                        "2001:db8::1",
                        "host.update",
                        new Target("host", "42", "web\u0000 \u202eone"),
                        Outcome.FAILED,
                        "Not saved.",
                        "port: 22 → 2222\nname: a → b"));
        entries.add(
                DAY_2,
                new AuditEvent(
                        actor,
                        null,
                        "job.update",
                        new Target("job", "7", "n".repeat(AuditEntries.MAX_TARGET_NAME + 10)),
                        Outcome.SUCCESS,
                        null,
                        "d".repeat(AuditEntries.MAX_DETAILS + 10)));

        List<AuditEntry> found = entries.page(filter(actor, null, null, null, null), null, null, 10)
                .entries();
        AuditEntry host = found.get(1);
        assertThat(host.occurredAt()).isEqualTo(DAY_2);
        assertThat(host.actor()).isEqualTo(actor);
        assertThat(host.address()).isEqualTo("2001:db8::1");
        assertThat(host.target()).isEqualTo("host \"web one\" (#42)");
        assertThat(host.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(host.reason()).isEqualTo("Not saved.");
        assertThat(host.details()).isEqualTo("port: 22 → 2222\nname: a → b");
        AuditEntry job = found.get(0);
        assertThat(job.address()).isNull();
        assertThat(job.reason()).isNull();
        assertThat(job.targetName()).hasSize(AuditEntries.MAX_TARGET_NAME).endsWith("… (cut)");
        assertThat(job.details()).hasSize(AuditEntries.MAX_DETAILS).endsWith("… (cut)");
    }

    private void add(Instant at, String who, String action, Outcome outcome) {
        entries.add(at, new AuditEvent(who, "192.0.2.1", action, Target.of("job", 1), outcome, null, null));
    }

    private static AuditFilter filter(String actor, String action, String outcome, String from, String to) {
        AuditFilter filter = AuditFilter.read(actor, action, outcome, from, to);
        assertThat(filter.problems()).isEmpty();
        return filter;
    }

    private List<String> actions(AuditFilter filter) {
        return entries.page(filter, null, null, 100).entries().stream()
                .map(AuditEntry::action)
                .toList();
    }
}
