package app.syncboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.SyncboardTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Reading the log in the audit tests, which share one app (with a secret key, so that secrets can be planted). */
final class AuditTrail {

    /** Where the tests' requests come from: an address of the documentation range, not MockMvc's default. */
    static final String ADDRESS = "192.0.2.44";

    private AuditTrail() {}

    /** The app of the audit tests. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @SyncboardTest
    @TestPropertySource(properties = "syncboard.secret-key=correct horse battery staple")
    @interface AuditTest {}

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    static RequestPostProcessor fromTestAddress() {
        return from(ADDRESS);
    }

    /** The newest entries of exactly this action, newest first. */
    static List<AuditEntry> of(AuditEntries entries, String action) {
        return entries.page(AuditFilter.read(null, action, null, null, null), null, null, 500).entries().stream()
                .filter(entry -> entry.action().equals(action))
                .toList();
    }

    /** The newest entry of the action, which must exist. */
    static AuditEntry newest(AuditEntries entries, String action) {
        List<AuditEntry> found = of(entries, action);
        assertThat(found).as("entries of " + action).isNotEmpty();
        return found.get(0);
    }

    /** The newest entry of the action on the target, which must exist. */
    static AuditEntry newest(AuditEntries entries, String action, Object targetId) {
        List<AuditEntry> found = of(entries, action).stream()
                .filter(entry -> String.valueOf(targetId).equals(entry.targetId()))
                .toList();
        assertThat(found).as("entries of " + action + " on #" + targetId).isNotEmpty();
        return found.get(0);
    }

    /** Every entry, as one text per entry with every column, for looking for what must not be there. */
    static List<String> everything(AuditEntries entries) {
        return entries.page(AuditFilter.NONE, null, null, 100_000).entries().stream()
                .map(AuditEntry::toString)
                .toList();
    }
}
