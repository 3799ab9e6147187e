package app.syncboard.security;

import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String LOGIN = "/login";
    static final String HX_REQUEST = "HX-Request";
    static final String HX_REDIRECT = "HX-Redirect";
    static final String KEEP_PAGE = "X-Keep-Page";

    @Bean
    SecurityFilterChain web(HttpSecurity http, LoginThrottle throttle) throws Exception {
        WebHardening.headers(http);
        http.addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class);
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                LOGIN,
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/favicon.svg",
                                "/error",
                                "/actuator/health")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage(LOGIN)
                        .defaultSuccessUrl("/", false)
                        .failureHandler(new LoginFailureHandler(LOGIN + "?error"))
                        .permitAll())
                .requestCache(cache -> cache.requestCache(requestCache()))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(entryPoint()))
                .logout(logout -> logout.logoutSuccessUrl(LOGIN + "?logout").permitAll());
        return http.build();
    }

    /**
     * Remembers the page asked for before signing in, to go there afterwards, without Spring Security's
     * {@code ?continue} marker in the address. Like Spring Security's default, only page requests are kept: htmx
     * and other script requests, {@code /.well-known/**} and favicons would be useless places to land.
     */
    private static RequestCache requestCache() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setMatchingRequestParameterName(null);
        RequestMatcher scripted = new OrRequestMatcher(
                new RequestHeaderRequestMatcher(HX_REQUEST),
                new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"));
        RequestMatcher noPages = new OrRequestMatcher(
                PathPatternRequestMatcher.pathPattern("/.well-known/**"),
                PathPatternRequestMatcher.pathPattern("/favicon.*"));
        cache.setRequestMatcher(new AndRequestMatcher(
                PathPatternRequestMatcher.pathPattern(HttpMethod.GET, "/**"),
                new NegatedRequestMatcher(scripted),
                new NegatedRequestMatcher(noPages)));
        return cache;
    }

    /**
     * Unauthenticated htmx requests (e.g. the dashboard's auto-refresh after the session expired) get 401 with
     * {@code HX-Redirect}, so htmx loads the login page as a whole page instead of swapping it into a table; those
     * marked {@code X-Keep-Page} (the schedule preview of a form being filled in) get a bare 401, so that nothing
     * typed is lost. All other requests are redirected to the login page. Set as the one entry point on purpose:
     * registered with {@code defaultAuthenticationEntryPointFor} next to form login's, the first registered (htmx)
     * would also become the fallback for requests that match neither (no or a wildcard {@code Accept} header).
     */
    private static AuthenticationEntryPoint entryPoint() {
        AuthenticationEntryPoint keepPage =
                (request, response, exception) -> response.setStatus(HttpStatus.UNAUTHORIZED.value());
        AuthenticationEntryPoint htmx = (request, response, exception) -> {
            response.setHeader(HX_REDIRECT, request.getContextPath() + LOGIN);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        };
        return DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor(
                        keepPage,
                        new AndRequestMatcher(
                                new RequestHeaderRequestMatcher(HX_REQUEST),
                                new RequestHeaderRequestMatcher(KEEP_PAGE)))
                .addEntryPointFor(htmx, new RequestHeaderRequestMatcher(HX_REQUEST))
                .defaultEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN))
                .build();
    }

    @Bean
    JdbcUserDetailsManager users(DataSource dataSource) {
        return new JdbcUserDetailsManager(dataSource);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Sign-in successes and failures as application events (the login throttle and the audit log listen), for
     * every authentication manager the filter chains build.
     */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        return new DefaultAuthenticationEventPublisher(events);
    }
}
