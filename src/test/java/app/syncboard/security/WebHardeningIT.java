package app.syncboard.security;

import static app.syncboard.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import app.syncboard.SyncboardTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Every answer carries the hardening headers (a strict Content-Security-Policy, no framing, no sniffing, a
 * referrer policy), pages and API alike; and no template has the inline script or style that the policy would
 * block.
 */
@SyncboardTest
class WebHardeningIT {

    private static final Pattern INLINE = Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>|\\sstyle=\"|\\son[a-z]+=\"|<style[\\s>]|javascript:",
            Pattern.CASE_INSENSITIVE);

    @Autowired
    MockMvc mvc;

    @Test
    void pagesForEveryoneAndSignedInUsersCarryTheHeaders() throws Exception {
        hardened(mvc.perform(get("/login")));
        hardened(mvc.perform(get("/").with(user("alice"))));
        hardened(mvc.perform(get("/runs/recent").with(user("alice"))));
        hardened(mvc.perform(get("/no/such/page").with(user("alice"))));
    }

    @Test
    void theApiCarriesThemToo() throws Exception {
        hardened(mvc.perform(get("/api/v1/jobs")));
    }

    @Test
    void noTemplateHasInlineScriptsStylesOrEventHandlers() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            List<Path> templates =
                    files.filter(file -> file.toString().endsWith(".html")).toList();
            assertThat(templates).hasSizeGreaterThan(10);
            for (Path template : templates) {
                assertThat(INLINE.matcher(Files.readString(template)).find())
                        .as("%s has an inline script, style or event handler, which the CSP blocks", template)
                        .isFalse();
            }
        }
    }

    private static void hardened(ResultActions answer) throws Exception {
        answer.andExpect(header().string("Content-Security-Policy", WebHardening.CONTENT_SECURITY_POLICY))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
        assertThat(WebHardening.CONTENT_SECURITY_POLICY)
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
    }
}
