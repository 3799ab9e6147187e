package app.syncboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangesTest {

    enum Kind {
        MAIL,
        WEBHOOK
    }

    record Retry(int attempts, boolean onTimeout) {}

    record Step(String command, boolean always) {}

    record Path(String path) {}

    record Thing(
            Long id,
            String name,
            Kind kind,
            String keySecret,
            String passphraseSecret,
            String webhookSecret,
            String tokenHash,
            Retry retry,
            List<Path> paths,
            List<Step> steps,
            String notes,
            Long version,
            Instant createdAt,
            Instant updatedAt) {}

    static final Thing BEFORE = new Thing(
            7L,
            "web",
            Kind.MAIL,
            "v1:abc:sealed",
            null,
            "v1:def:sealed",
            "0af3",
            new Retry(2, false),
            List.of(new Path("/home/"), new Path("/etc/")),
            List.of(new Step("mountpoint -q /srv", true)),
            "line one",
            3L,
            Instant.EPOCH,
            Instant.EPOCH);

    @Test
    void anEditListsTheChangedFieldsWithNestedRecordsFlattenedAndSecretsOnlyNamed() {
        Thing after = new Thing(
                7L,
                "web-2",
                Kind.WEBHOOK,
                "v1:xyz:other",
                "v1:new:sealed",
                null,
                "0af3",
                new Retry(3, false),
                List.of(new Path("/home/")),
                List.of(new Step("mountpoint -q /srv", false)),
                "line one\nline two\u0007",
                4L,
                Instant.EPOCH,
                Instant.now());

        assertThat(Changes.between(BEFORE, after))
                .containsExactly(
                        "name: web → web-2",
                        "kind: MAIL → WEBHOOK",
                        "keySecret: (changed)",
                        "passphraseSecret: (set)",
                        "webhookSecret: (removed)",
                        "retry.attempts: 2 → 3",
                        "paths: [/home/, /etc/] → [/home/]",
                        "steps: [{command=mountpoint -q /srv, always=true}] → [{command=mountpoint -q /srv, always=false}]",
                        "notes: line one → line one\\nline two");
        assertThat(Changes.between(BEFORE, BEFORE)).isEmpty();
    }

    @Test
    void aNewOrDeletedRecordListsWhatIsSetWithoutBookkeepingOrSecrets() {
        assertThat(Changes.describe(BEFORE))
                .containsExactly(
                        "name: web",
                        "kind: MAIL",
                        "keySecret: (set)",
                        "webhookSecret: (set)",
                        "tokenHash: (set)",
                        "retry.attempts: 2",
                        "retry.onTimeout: false",
                        "paths: [/home/, /etc/]",
                        "steps: [{command=mountpoint -q /srv, always=true}]",
                        "notes: line one");
        assertThat(String.join("\n", Changes.describe(BEFORE))).doesNotContain("sealed", "0af3");
    }

    @Test
    void aSecretInsideAListIsMaskedToo() {
        record Header(String name, String secretValue) {}
        record Hook(List<Header> headers) {}

        assertThat(Changes.describe(new Hook(List.of(new Header("X-Token", "s3cr3t")))))
                .containsExactly("headers: [{name=X-Token, secretValue=(set)}]");
    }

    @Test
    void longValuesAreCutAndNamesFound() {
        String longPath = "/" + "a".repeat(400);
        assertThat(Changes.value(longPath)).hasSize(Changes.MAX_VALUE + "… (401 characters)".length());
        assertThat(Changes.name(BEFORE)).contains("web");
        assertThat(Changes.component(BEFORE, "id")).contains(7L);
        assertThat(Changes.name("not a record")).isEmpty();
    }

    @Test
    void onlyRecordsAreTakenApart() {
        Object secretive = new Object() {
            @Override
            public String toString() {
                return "password=hunter2";
            }
        };
        assertThat(Changes.describe(secretive)).isEmpty();
        assertThat(Changes.between(secretive, "other")).containsExactly("changed (not described)");
        assertThat(Changes.between("same", "same")).isEmpty();
    }

    @Test
    void secretNamesAreRecognisedWhateverTheirCase() {
        assertThat(List.of("keySecret", "PASSWORD", "private_key", "tokenHash", "credentials", "passphrase"))
                .allMatch(Changes::secret);
        assertThat(List.of("name", "hostKey", "address", "keyFile", "scopes")).noneMatch(Changes::secret);
    }
}
