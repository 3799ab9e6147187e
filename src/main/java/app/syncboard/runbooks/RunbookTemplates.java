package app.syncboard.runbooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The runbooks syncboard ships, ready to copy to a pair and edit. */
@Component
public class RunbookTemplates {

    /** A shipped runbook: {@code id} names it in URLs, {@code yaml} is what a copy starts from. */
    public record Template(String id, String name, String description, String yaml) {}

    private static final List<String> IDS =
            List.of("cold-standby-takeover", "planned-switch-over", "service-takeover-with-replication-check");

    private final List<Template> templates;

    RunbookTemplates() {
        List<Template> all = new ArrayList<>();
        for (String id : IDS) {
            String yaml = read("/runbook-templates/" + id + ".yml");
            RunbookYaml.Parsed parsed = RunbookYaml.parse(yaml);
            if (!parsed.ok()) {
                throw new IllegalStateException("Shipped runbook " + id + " does not read: " + parsed.problems());
            }
            all.add(new Template(
                    id, parsed.definition().name(), parsed.definition().description(), yaml));
        }
        templates = List.copyOf(all);
    }

    public List<Template> all() {
        return templates;
    }

    public Optional<Template> find(String id) {
        return templates.stream().filter(template -> template.id().equals(id)).findFirst();
    }

    private static String read(String resource) {
        try (InputStream in = RunbookTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
