package app.syncboard.security;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API and the Prometheus endpoint: authenticated only by an API token ({@code Authorization: Bearer}), never by
 * the browser's session, so that no other site can make a signed-in browser call them; hence also no CSRF tokens,
 * no session, no login page. Ordered before {@link SecurityConfig}'s chain, which takes every other request.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

    /** What {@code monitoring:read} (so every token) may GET; the API's own description included. */
    private static final String[] READ = {
        "/api/v1/monitoring/**",
        "/api/v1/jobs/**",
        "/api/v1/runs/**",
        "/api/v1/runbooks/*/export",
        "/api/v1/runbook-executions/*",
        "/api/v1/openapi/**",
        "/api/v1/openapi.yaml",
        "/actuator/prometheus"
    };

    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            ApiTokens tokens,
            JsonMapper json,
            @Value("${syncboard.prometheus.allow-from:}") List<String> prometheusNetworks)
            throws Exception {
        ApiProblems problems = new ApiProblems(json);
        RequestMatcher fromPrometheus = prometheusFrom(prometheusNetworks);
        WebHardening.headers(http);
        http.securityMatcher("/api/**", "/actuator/prometheus")
                .authorizeHttpRequests(requests -> requests.requestMatchers(fromPrometheus)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, READ)
                        .hasAuthority(Scope.MONITORING_READ.authority())
                        // HEAD is a GET without the body (Spring MVC answers it with the GET handler)
                        .requestMatchers(HttpMethod.HEAD, READ)
                        .hasAuthority(Scope.MONITORING_READ.authority())
                        .requestMatchers(HttpMethod.POST, "/api/v1/jobs/*/runs", "/api/v1/runs/*/cancel")
                        .hasAuthority(Scope.RUNS_TRIGGER.authority())
                        // Done on a runbook's manual step: what an operator may do on the page.
                        .requestMatchers(HttpMethod.POST, "/api/v1/runbook-executions/*/steps/*/done")
                        .hasAuthority(Scope.RUNS_TRIGGER.authority())
                        .anyRequest()
                        .hasAuthority(Scope.ADMIN.authority()))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), AnonymousAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems::unauthorized)
                        .accessDeniedHandler(problems::forbidden));
        return http.build();
    }

    /**
     * GET {@code /actuator/prometheus} from the addresses in {@code syncboard.prometheus.allow-from} (such as
     * {@code 10.0.0.5} or {@code 10.0.0.0/24}), which need no token; matches nothing when it is empty.
     */
    private static RequestMatcher prometheusFrom(List<String> networks) {
        List<IpAddressMatcher> allowed = networks.stream()
                .map(String::strip)
                .filter(network -> !network.isEmpty())
                .map(IpAddressMatcher::new)
                .toList();
        RequestMatcher path = PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/actuator/prometheus");
        return request ->
                path.matches(request) && allowed.stream().anyMatch(network -> network.matches(request.getRemoteAddr()));
    }
}
