package app.syncboard.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import app.syncboard.SyncboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** With {@code syncboard.prometheus.allow-from}, Prometheus scrapes from those addresses without a token. */
@SyncboardTest
@TestPropertySource(properties = "syncboard.prometheus.allow-from=10.9.8.0/24, 127.0.0.1")
class PrometheusNetworkIT {

    @Autowired
    MockMvc mvc;

    @Test
    void anAllowedAddressScrapesWithoutAToken() throws Exception {
        var allowed = mvc.perform(get("/actuator/prometheus").with(request -> {
                    request.setRemoteAddr("10.9.8.7");
                    return request;
                }))
                .andReturn()
                .getResponse();
        var other = mvc.perform(get("/actuator/prometheus").with(request -> {
                    request.setRemoteAddr("10.9.9.7");
                    return request;
                }))
                .andReturn()
                .getResponse();
        var apiFromAllowed = mvc.perform(get("/api/v1/monitoring/nagios").with(request -> {
                    request.setRemoteAddr("10.9.8.7");
                    return request;
                }))
                .andReturn()
                .getResponse();

        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.getContentAsString()).contains("jvm_memory_used_bytes");
        assertThat(other.getStatus()).isEqualTo(401);
        assertThat(apiFromAllowed.getStatus())
                .as("the address opens Prometheus only")
                .isEqualTo(401);
    }
}
