package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.syncboard.PostgresServer;
import app.syncboard.TestApps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole app on PostgreSQL, over real HTTP: the token table and its queries on the second database, and what the
 * API's answers carry on the wire.
 */
class ApiTokensPostgresIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tokensWorkOnPostgresAndOverHttp() throws Exception {
        try (ConfigurableApplicationContext app = TestApps.start(
                "--spring.datasource.url=" + PostgresServer.get().newDatabase(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.quartz.scheduler-name=syncboard-pg-tokens",
                "--syncboard.node-name=tokens",
                "--SYNCBOARD_ADMIN_PASSWORD=postgres-test-password")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            ApiTokens tokens = app.getBean(ApiTokens.class);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            ApiTokens.IssuedToken issued = tokens.create("pg-admin", Set.of(Scope.ADMIN), "test");

            HttpResponse<String> anonymous = send(base + "/api/v1/monitoring/nagios", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(anonymous.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(anonymous.body()).contains("\"status\":401").contains("\"title\":\"Unauthorized\"");

            // Let in: an address the API does not have is a 404 (from the error page), not the login page.
            HttpResponse<String> missing = send(base + "/api/v1/no-such-thing", issued.value());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Set-Cookie"))
                    .as("no session")
                    .isEmpty();
            Instant used = jdbc.sql("SELECT last_used_at FROM api_token WHERE name = 'pg-admin'")
                    .query(Instant.class)
                    .single();
            assertThat(used).isNotNull();
            send(base + "/api/v1/no-such-thing", issued.value());
            assertThat(jdbc.sql("SELECT last_used_at FROM api_token WHERE name = 'pg-admin'")
                            .query(Instant.class)
                            .single())
                    .isEqualTo(used);

            HttpResponse<String> unknownJob = send(base + "/api/v1/jobs/999999", issued.value());
            assertThat(unknownJob.statusCode()).isEqualTo(404);
            assertThat(unknownJob.body()).contains("There is no job 999999.");

            HttpResponse<String> inQuery =
                    send(base + "/api/v1/monitoring/nagios?access_token=" + issued.value(), null);
            assertThat(inQuery.statusCode()).isEqualTo(400);
            assertThat(inQuery.body()).contains("Authorization header");

            assertThatThrownBy(() -> tokens.create("pg-admin", Set.of(Scope.MONITORING_READ), "test"))
                    .isInstanceOf(DuplicateKeyException.class);

            assertThat(tokens.revoke(issued.token().id(), "test")).isTrue();
            HttpResponse<String> revoked = send(base + "/api/v1/no-such-thing", issued.value());
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(revoked.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(
                            challenge -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
        }
    }

    private HttpResponse<String> send(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
