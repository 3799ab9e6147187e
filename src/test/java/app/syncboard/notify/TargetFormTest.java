package app.syncboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

class TargetFormTest {

    @Test
    void aMailTargetNeedsOneBareAddress() {
        assertThat(errors(mail("ops@example.org"))).isEmpty();
        assertThat(errors(mail("  root@standby  ")))
                .as("a local domain, spaces around")
                .isEmpty();
        for (String wrong : List.of(
                "",
                "ops",
                "ops@",
                "@example.org",
                "ops at example.org",
                "Ops <ops@example.org>",
                "a@example.org, b@example.org",
                "ops@example.org\r\nBcc: x@example.org")) {
            assertThat(errors(mail(wrong))).as(wrong).containsKey("address");
        }
    }

    @Test
    void aWebhookNeedsAnHttpUrlWithAHostAndNoCredentials() {
        assertThat(errors(webhook("https://hooks.example.org/services/T0/B0/xyz", "")))
                .isEmpty();
        assertThat(errors(webhook("http://127.0.0.1:8080/hook?token=1", ""))).isEmpty();
        assertThat(errors(webhook("ftp://hooks.example.org/", "")).get("address"))
                .containsExactly("Use an http:// or https:// URL.");
        assertThat(errors(webhook("https:///path", "")).get("address"))
                .singleElement()
                .asString()
                .contains("needs a host name");
        assertThat(errors(webhook("https://user:pw@hooks.example.org/", "")).get("address"))
                .singleElement()
                .asString()
                .contains("no user name or password");
        assertThat(errors(webhook("https://hooks.example.org/a b", ""))).containsKey("address");
        assertThat(errors(webhook("hooks.example.org/x", ""))).containsKey("address");
    }

    @Test
    void aSecretIsForWebhooksAtLeastSixteenCharactersAndNeedsTheSecretKey() {
        assertThat(errors(webhook("https://h.example.org/", "0123456789abcdef")))
                .isEmpty();
        assertThat(errors(webhook("https://h.example.org/", "0123456789abcde")).get("secret"))
                .containsExactly("Use at least 16 characters, or leave it empty.");
        assertThat(errors(new TargetForm("mail", "ops@example.org", null, List.of("failed"), "0123456789abcdef")))
                .containsKey("secret");
        Errors noKey = new BeanPropertyBindingResult(webhook("https://h.example.org/", "0123456789abcdef"), "form");
        webhook("https://h.example.org/", "0123456789abcdef").check(noKey, false);
        assertThat(noKey.getFieldError("secret").getDefaultMessage()).contains("SYNCBOARD_SECRET_KEY");
    }

    @Test
    void atLeastOneKnownEventIsChosenAndTheNewFormHasAll() {
        assertThat(errors(new TargetForm("mail", "ops@example.org", null, List.of(), "")))
                .containsKey("events");
        assertThat(errors(new TargetForm("mail", "ops@example.org", null, List.of("nonsense"), "")))
                .containsKey("events");
        assertThat(TargetForm.empty().alerts()).containsExactly(Alert.values());
        assertThat(errors(new TargetForm("pigeon", "ops@example.org", null, List.of("failed"), "")))
                .containsKey("kind");
    }

    private static TargetForm mail(String address) {
        return new TargetForm("mail", address, null, List.of("failed"), "");
    }

    private static TargetForm webhook(String url, String secret) {
        return new TargetForm("webhook", url, null, List.of("failed", "recovered"), secret);
    }

    private static Map<String, List<String>> errors(TargetForm form) {
        Errors errors = new BeanPropertyBindingResult(form, "form");
        form.check(errors, true);
        Map<String, List<String>> byField = new TreeMap<>();
        errors.getFieldErrors()
                .forEach(e -> byField.computeIfAbsent(e.getField(), f -> new ArrayList<>())
                        .add(e.getDefaultMessage()));
        return byField;
    }
}
