package app.syncboard.audit;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit log, newest first, filtered and paged by entry id, and as CSV. Reading only: the app offers no way to
 * change or delete an entry.
 */
@Controller
@RequestMapping("/settings/audit")
class AuditController {

    static final String PATH = "/settings/audit";

    private final AuditEntries entries;
    private final AuditActions actions;

    AuditController(AuditEntries entries, AuditActions actions) {
        this.entries = entries;
        this.actions = actions;
    }

    @GetMapping
    String page(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long after,
            Model model) {
        AuditFilter filter = AuditFilter.read(actor, action, outcome, from, to);
        AuditEntries.Page page = entries.page(filter, before, after, AuditEntries.PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("entries", page.entries());
        model.addAttribute("firstPage", before == null && after == null);
        model.addAttribute("outcomes", AuditEvent.Outcome.values());
        model.addAttribute("actions", actions.names());
        model.addAttribute(
                "olderHref", page.olderThan() == null ? null : link(PATH, filter, "before", page.olderThan()));
        model.addAttribute(
                "newerHref", page.newerThan() == null ? null : link(PATH, filter, "after", page.newerThan()));
        model.addAttribute("newestHref", link(PATH, filter, null, null));
        model.addAttribute("csvHref", link(PATH + "/export.csv", filter, null, null));
        return "audit/audit";
    }

    /** The entries that pass the filter, newest first, as CSV. */
    @GetMapping("/export.csv")
    ResponseEntity<StreamingResponseBody> csv(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        AuditFilter filter = AuditFilter.read(actor, action, outcome, from, to);
        if (!filter.problems().isEmpty()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, String.join(" ", filter.problems().values()));
        }
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("syncboard-audit.csv")
                                .build()
                                .toString())
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(out -> AuditCsv.write(entries, filter, out));
    }

    /**
     * A link that keeps the filter, with one more parameter (when {@code key} is not null). The values go in as URI
     * variables, so that they are encoded strictly: a {@code +} or {@code &} in an actor stays what it is.
     */
    static String link(String path, AuditFilter filter, String key, Object value) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        Map<String, Object> values = new HashMap<>();
        filter.parameters()
                .forEach((name, list) -> list.forEach(item -> {
                    String variable = "v" + values.size();
                    uri.queryParam(name, "{" + variable + "}");
                    values.put(variable, item);
                }));
        if (key != null) {
            uri.queryParam(key, value);
        }
        return uri.encode().buildAndExpand(values).toUriString();
    }
}
