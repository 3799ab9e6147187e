package app.syncboard.security;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Sign-in through an OpenID Connect provider (Keycloak, Entra ID, Authentik...) with the authorization code flow:
 * the login page's button opens {@link #START}, which sends the browser to the provider; the provider sends it back
 * to {@link #CALLBACK} with a code, which syncboard exchanges for the ID token. Both are answered by Spring Security's
 * filters, for anyone: {@code AuthorizationMatrixIT} lists them.
 */
final class OidcSignIn {

    /** Where the browser is sent to the provider; the button's address is {@link #START}. */
    static final String AUTHORIZATION =
            OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/{registrationId}";

    /** Where the provider sends the browser back. */
    static final String CALLBACK = "/login/oauth2/code/{registrationId}";

    static final String START =
            OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI + "/" + OidcRegistration.ID;

    private static final Logger log = LoggerFactory.getLogger(OidcSignIn.class);

    private OidcSignIn() {}

    static void configure(
            HttpSecurity http,
            OidcSettings settings,
            UserAccounts accounts,
            AuthenticationSuccessHandler success,
            AuthenticationFailureHandler failure)
            throws Exception {
        String provider = settings.displayName();
        // The provider's refusals (the user cancelled, a token that does not verify) go to the login page like ours.
        AuthenticationFailureHandler signInFailed = (request, response, exception) -> {
            if (exception instanceof OAuth2AuthenticationException refused) {
                String code = errorCode(refused);
                log.warn("A sign-in through {} failed: {}", provider, code);
                exception = DirectorySignInFailed.refusedBy(provider, code);
            }
            failure.onAuthenticationFailure(request, response, exception);
        };
        // Sending the browser to the provider fails when its discovery document cannot be read, or for an unknown
        // registration in the address (Spring Security's default for both is a bare 500).
        AuthenticationFailureHandler startFailed = (request, response, exception) -> {
            if (exception.getCause() instanceof DirectorySignInFailed unreachable) {
                failure.onAuthenticationFailure(request, response, unreachable);
            } else {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        };
        http.oauth2Login(login -> login.loginPage(SecurityConfig.LOGIN)
                .clientRegistrationRepository(new OidcRegistration(settings))
                // The tokens are not used after the sign-in: kept with the session, they end with it.
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                .userInfoEndpoint(user -> user.oidcUserService(new OidcUsers(settings, accounts)))
                .successHandler(success)
                .failureHandler(signInFailed)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(startFailed);
                        return filter;
                    }
                }));
    }

    /** The error's code, when it looks like one: it may come from the callback's address, typed by anyone. */
    private static String errorCode(OAuth2AuthenticationException exception) {
        String code = exception.getError().getErrorCode();
        return code != null && code.matches("[A-Za-z0-9_.-]{1,40}") ? code : "invalid_response";
    }
}
