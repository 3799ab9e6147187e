package app.syncboard.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.runbooks.RunbookYaml.Parsed;
import app.syncboard.runbooks.RunbookYaml.Problem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runbook format as an admin writes it: the shipped ones read and export unchanged, mistakes say where. */
class RunbookYamlTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/runbook-templates");

    @Test
    void everyShippedTemplateReadsAndExportImportExportGivesTheSameText() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> yml = Files.newDirectoryStream(TEMPLATES, "*.yml")) {
            yml.forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        assertThat(new RunbookTemplates().all())
                .as("every shipped file is offered")
                .hasSize(files.size());

        for (Path file : files) {
            Parsed parsed = RunbookYaml.parse(Files.readString(file));
            assertThat(parsed.problems()).as(file.toString()).isEmpty();
            assertThat(parsed.definition().steps()).as(file.toString()).isNotEmpty();

            String exported = RunbookYaml.write(parsed.definition());
            Parsed again = RunbookYaml.parse(exported);

            assertThat(again.problems()).as(exported).isEmpty();
            assertThat(again.definition()).as(file.toString()).isEqualTo(parsed.definition());
            assertThat(RunbookYaml.write(again.definition()))
                    .as(file.toString())
                    .isEqualTo(exported);
        }
    }

    @Test
    void aDocumentWithSeveralMistakesReportsAllOfThemWithTheirPlaces() {
        Parsed parsed = RunbookYaml.parse("""
                name: Takeover
                steps:
                - title: Stop the service
                  command: systemctl stop myservice
                  host: standby
                - title: Start it again
                  command: systemctl start myservice
                  host: primary
                  timeout: soon
                - title: Wait for the replica
                  wait_until:
                    command: cat /var/lib/replica/id
                    host: standby
                    every: 0s
                - title: Look at the logs
                  manual: Read the last lines of the service's log.
                  colour: red
                - title: Both at once
                  command: "true"
                  host: standby
                  notify: Done.
                - command: "true"
                  host: standby
                """);

        assertThat(parsed.ok()).isFalse();
        assertThat(parsed.definition()).isNull();
        assertThat(parsed.problems())
                .extracting(Problem::path)
                .containsExactlyInAnyOrder(
                        "steps[1].timeout",
                        "steps[2].wait_until.every",
                        "steps[3].colour",
                        "steps[4]",
                        "steps[5].title");
        assertThat(message(parsed, "steps[1].timeout"))
                .contains("30s, 10m, 2h or 1d")
                .contains("'soon'");
        assertThat(message(parsed, "steps[2].wait_until.every")).isEqualTo("At least 1s between two polls.");
        assertThat(message(parsed, "steps[3].colour")).startsWith("Unknown key").contains("manual");
        assertThat(message(parsed, "steps[4]")).startsWith("Say only one thing the step does");
        assertThat(message(parsed, "steps[5].title")).isEqualTo("Required.");
    }

    @Test
    void aMissingNameAndNoStepsAreSaid() {
        Parsed parsed = RunbookYaml.parse("description: Nothing yet.\n");

        assertThat(parsed.problems())
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder("name: Required.", "steps: A runbook needs a list of at least one step.");
    }

    @Test
    void onAsAKeyIsExplainedRatherThanCalledUnknown() {
        Parsed parsed = RunbookYaml.parse("""
                name: Takeover
                steps:
                - title: Stop the service
                  command: systemctl stop myservice
                  host: standby
                  on: failure
                """);

        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).startsWith("steps[0].");
            assertThat(problem.message())
                    .startsWith("A key YAML reads as true (it reads on, off, yes and no so)")
                    .contains("on_failure");
        });
    }

    @Test
    void aBadRegularExpressionIsReportedWhereItIs() {
        Parsed parsed = RunbookYaml.parse("""
                name: Takeover
                steps:
                - title: The replica answers
                  command: cat /var/lib/replica/state
                  host: standby
                  output_matches: "(ready|up"
                """);

        assertThat(parsed.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("steps[0].output_matches");
            assertThat(problem.message()).startsWith("Not a regular expression: Unclosed group");
        });
    }

    @Test
    void tooLongTextsAreRefusedWithTheirLength() {
        String command = "echo " + "x".repeat(3996);
        Parsed parsed = RunbookYaml.parse("name: Takeover\nsteps:\n- title: Say a lot\n  command: " + command
                + "\n  host: standby\n  timeout: 8d\n");

        assertThat(parsed.problems())
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "steps[0].command: At most 4000 characters; this has 4001", "steps[0].timeout: At most 7d.");

        Parsed huge = RunbookYaml.parse("name: Takeover\n#" + "x".repeat(RunbookYaml.MAX_LENGTH));
        assertThat(huge.problems())
                .extracting(Problem::toString)
                .containsExactly("The runbook is " + (RunbookYaml.MAX_LENGTH + 16) + " characters long; at most "
                        + RunbookYaml.MAX_LENGTH + " are accepted.");
    }

    private static String message(Parsed parsed, String path) {
        return parsed.problems().stream()
                .filter(problem -> problem.path().equals(path))
                .findFirst()
                .orElseThrow()
                .message();
    }
}
