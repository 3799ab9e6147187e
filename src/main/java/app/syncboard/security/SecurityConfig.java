package app.syncboard.security;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The pages: form login, and what each role may open (the API's chain, {@link ApiSecurityConfig}, takes tokens
 * instead). The rules name every page by method and path; whatever they do not name is for admins only, so that a
 * new page is never open to everyone by mistake. {@code AuthorizationMatrixIT} holds the same rules as a table and
 * fails for a page missing from it.
 *
 * <p>Signing in: local users with the login form; directory users with the same form ({@link LdapSignIn}) or through
 * an OpenID Connect provider ({@link OidcSignIn}), when switched on.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String LOGIN = "/login";
    static final String HX_REQUEST = "HX-Request";
    static final String HX_REDIRECT = "HX-Redirect";
    static final String KEEP_PAGE = "X-Keep-Page";

    private static final String ID = "{id:\\d+}";

    /**
     * Open without signing in. (So are the steps of signing in through an OpenID Connect provider, which
     * {@link OidcSignIn}'s filters answer before these rules are looked at.)
     */
    private static final String[] PUBLIC = {
        LOGIN, "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/favicon.svg", "/error", "/actuator/health"
    };

    /** Every page and download that only shows something: for every role. Secrets are never shown on any page. */
    private static final String[] VIEWER_READS = {
        "/",
        "/runs/recent",
        "/runs/" + ID,
        "/runs/" + ID + "/live",
        "/runs/" + ID + "/log",
        "/jobs/" + ID,
        "/jobs/" + ID + "/runs.csv",
        "/hosts",
        "/hosts/" + ID,
        "/pairs",
        "/pairs/" + ID,
        // Runbooks: the list, a runbook with its steps and executions, its YAML, an execution as it goes.
        "/runbooks",
        "/runbooks/" + ID,
        "/runbooks/" + ID + "/export.yaml",
        "/runbooks/executions/" + ID,
        "/actuator",
        "/actuator/info",
        "/actuator/health/**"
    };

    /**
     * Operating what is set up, changing nothing of the setup: start, preview, cancel and approve runs, pause and
     * resume a job's schedule or a whole pair, confirm a pair's direction after a role switch, test connections.
     */
    private static final String[] OPERATOR_ACTIONS = {
        "/jobs/" + ID + "/sync",
        "/jobs/" + ID + "/preview",
        "/jobs/" + ID + "/pause",
        "/jobs/" + ID + "/resume",
        "/runs/" + ID + "/cancel",
        "/runs/" + ID + "/stop-cleanup",
        "/runs/" + ID + "/approve",
        "/pairs/" + ID + "/pause",
        "/pairs/" + ID + "/resume",
        "/pairs/" + ID + "/confirm-direction",
        "/pairs/" + ID + "/test",
        // Done on the manual step a runbook's execution waits at.
        "/runbooks/executions/" + ID + "/steps/{position:\\d+}/done",
        "/hosts/" + ID + "/test"
    };

    /** The page that only offers an operator's action. */
    private static final String[] OPERATOR_PAGES = {"/pairs/" + ID + "/test"};

    @Bean
    SecurityFilterChain web(
            HttpSecurity http,
            UserAccounts accounts,
            SecurityContextRepository securityContextRepository,
            LoginThrottle throttle,
            ApplicationEventPublisher events,
            LdapSettings ldap,
            OidcSettings oidc,
            @Value("${syncboard.security.directory-session-max:8h}") Duration directorySessionMax)
            throws Exception {
        WebHardening.headers(http);
        http.addFilterBefore(new LoginThrottleFilter(throttle, events), UsernamePasswordAuthenticationFilter.class);
        RequestCache requestCache = requestCache();
        SignInSuccess signedIn = new SignInSuccess(accounts, requestCache);
        LoginFailureHandler failed = new LoginFailureHandler(events);
        if (ldap.enabled()) {
            // Tried before the local users (the global authentication manager), for names that are not theirs.
            http.authenticationProvider(new LdapSignIn(ldap, accounts));
        }
        if (oidc.enabled()) {
            OidcSignIn.configure(http, oidc, accounts, signedIn, failed);
        }
        http.authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC)
                        .permitAll()
                        // Also for a user who must change the password, who holds no role until then.
                        .requestMatchers(AccountController.PATH)
                        .authenticated()
                        .requestMatchers(HttpMethod.GET, VIEWER_READS)
                        .hasRole(Role.VIEWER.name())
                        // HEAD is a GET without the body (Spring MVC answers it with the GET handler)
                        .requestMatchers(HttpMethod.HEAD, VIEWER_READS)
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.POST, OPERATOR_ACTIONS)
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.GET, OPERATOR_PAGES)
                        .hasRole(Role.OPERATOR.name())
                        // The setup: hosts, keys, pairs, jobs, notifications, tokens, users; and anything new.
                        .anyRequest()
                        .hasRole(Role.ADMIN.name()))
                .formLogin(form -> form.loginPage(LOGIN)
                        .successHandler(signedIn)
                        .failureHandler(failed)
                        .permitAll())
                .securityContext(context -> context.securityContextRepository(securityContextRepository))
                .addFilterAfter(
                        new CurrentUserFilter(accounts, securityContextRepository, directorySessionMax),
                        SecurityContextHolderFilter.class)
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(entryPoint()).accessDeniedHandler(new PageAccessDenied()))
                .logout(logout -> logout.logoutSuccessUrl(LOGIN + "?logout").permitAll());
        return http.build();
    }

    /** ADMIN includes OPERATOR, which includes VIEWER; used by the URL rules and by sec:authorize in the pages. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name())
                .implies(Role.OPERATOR.name())
                .role(Role.OPERATOR.name())
                .implies(Role.VIEWER.name())
                .build();
    }

    /** Where a session's signed-in user is kept: the HTTP session (and the request, for the error page). */
    @Bean
    SecurityContextRepository securityContextRepository() {
        return new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
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
