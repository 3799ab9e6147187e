package app.syncboard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditEvent.Target;
import app.syncboard.audit.AuditTrail.AuditTest;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The audit page: filters, pages by id, the CSV of what the filter shows, and nothing that changes an entry. */
@AuditTest
@WithMockUser(username = "alice", roles = "ADMIN")
class AuditPageIT {

    private static final Pattern ROW = Pattern.compile("<tr id=\"audit-(\\d+)\"");
    private static final Pattern OLDER = Pattern.compile("href=\"([^\"]+)\" id=\"older-entries\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditEntries entries;

    /** Actors of this test's own, with a + and a space, which links must carry over as they are. */
    final String actor = "page+actor " + UUID.randomUUID();

    @Test
    void filtersAndPagesKeepTheFilter() throws Exception {
        for (int i = 0; i < 55; i++) {
            add(Instant.parse("2026-05-01T10:00:00Z").plusSeconds(i), actor, "job.pause", Outcome.SUCCESS, "#" + i);
        }
        add(Instant.parse("2026-05-03T10:00:00Z"), actor, "host.update", Outcome.FAILED, "host");
        add(Instant.parse("2026-05-03T10:00:00Z"), "someone-else", "job.pause", Outcome.SUCCESS, "other");

        String first = page(get("/settings/audit").param("actor", actor).param("action", "job."));
        assertThat(rows(first)).hasSize(50);
        assertThat(first)
                .contains("job &quot;#54&quot; (#1)")
                .doesNotContain("someone-else")
                .doesNotContain("<code>host.update</code>");
        Matcher older = OLDER.matcher(first);
        assertThat(older.find()).isTrue();
        String link = older.group(1).replace("&amp;", "&");
        assertThat(link)
                .contains("actor=page%2Bactor%20")
                .contains("action=job.")
                .contains("before=");

        String second = page(get(URI.create(link)));
        assertThat(rows(second)).hasSize(5);
        assertThat(second).contains("job &quot;#4&quot; (#1)").contains("id=\"newer-entries\"");

        String failed = page(get("/settings/audit").param("actor", actor).param("outcome", "FAILED"));
        assertThat(rows(failed)).hasSize(1);
        assertThat(failed).contains("<code>host.update</code>").contains("status-FAILED");

        String days = page(get("/settings/audit")
                .param("actor", actor)
                .param("from", "2026-05-02")
                .param("to", "2026-05-03"));
        assertThat(rows(days)).hasSize(1);

        assertThat(page(get("/settings/audit").param("from", "yesterday").param("outcome", "MAYBE")))
                .contains("Not a day as 2026-11-21.")
                .contains("Not an outcome: choose SUCCESS, DENIED or FAILED.");
        assertThat(page(get("/settings/audit"))).contains("<option value=\"run.sync-now\">");
    }

    @Test
    void theCsvHoldsWhatTheFilterShowsWithFormulaCellsDefused() throws Exception {
        add(Instant.parse("2026-06-01T08:00:00Z"), actor, "job.update", Outcome.SUCCESS, "=HYPERLINK(\"x\")");
        entries.add(
                Instant.parse("2026-06-01T09:00:00Z"),
                new AuditEvent(
                        actor,
                        "192.0.2.1",
                        "host.update",
                        new Target("host", "3", "@web"),
                        Outcome.FAILED,
                        "-1 is not a port",
                        "port: 22 → 2222\nname: a → b"));

        MvcResult started = mvc.perform(get("/settings/audit/export.csv").param("actor", actor))
                .andExpect(request().asyncStarted())
                .andReturn();
        String csv = mvc.perform(asyncDispatch(started))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"syncboard-audit.csv\""))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        List<CSVRecord> records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
        assertThat(records).hasSize(2);
        CSVRecord host = records.get(0);
        assertThat(host.get("occurred_at")).isEqualTo("2026-06-01T09:00:00Z");
        assertThat(host.get("actor")).isEqualTo(actor);
        assertThat(host.get("address")).isEqualTo("192.0.2.1");
        assertThat(host.get("action")).isEqualTo("host.update");
        assertThat(host.get("target_type")).isEqualTo("host");
        assertThat(host.get("target_id")).isEqualTo("3");
        assertThat(host.get("target_name")).isEqualTo("'@web");
        assertThat(host.get("outcome")).isEqualTo("FAILED");
        assertThat(host.get("reason")).isEqualTo("'-1 is not a port");
        assertThat(host.get("details")).isEqualTo("port: 22 → 2222\nname: a → b");
        assertThat(records.get(1).get("target_name")).isEqualTo("'=HYPERLINK(\"x\")");

        mvc.perform(get("/settings/audit/export.csv").param("to", "not a day")).andExpect(status().isBadRequest());
    }

    @Test
    void nothingInTheAppChangesOrDeletesAnEntry() throws Exception {
        add(Instant.parse("2026-07-01T08:00:00Z"), actor, "job.update", Outcome.SUCCESS, "kept");
        AuditEntry entry = entries.page(AuditFilter.read(actor, null, null, null, null), null, null, 1)
                .entries()
                .get(0);

        for (MockHttpServletRequestBuilder request : List.of(
                post("/settings/audit"),
                put("/settings/audit"),
                delete("/settings/audit"),
                post("/settings/audit/{id}", entry.id()),
                post("/settings/audit/{id}/delete", entry.id()),
                delete("/settings/audit/{id}", entry.id()),
                put("/settings/audit/{id}", entry.id()))) {
            int status = mvc.perform(request.with(csrf()).param("details", "changed"))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).as("%s", request).isIn(404, 405);
        }

        assertThat(entries.page(AuditFilter.read(actor, null, null, null, null), null, null, 10)
                        .entries())
                .containsExactly(entry);
    }

    private void add(Instant at, String who, String action, Outcome outcome, String targetName) {
        entries.add(
                at, new AuditEvent(who, "192.0.2.1", action, new Target("job", "1", targetName), outcome, null, null));
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> rows(String html) {
        return ROW.matcher(html).results().map(match -> match.group(1)).toList();
    }
}
