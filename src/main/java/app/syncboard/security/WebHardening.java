package app.syncboard.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The response headers every answer carries, pages and API alike. The Content-Security-Policy allows scripts,
 * styles, images and connections from syncboard itself only: no inline script or style, no {@code eval}, no
 * framing, forms posting only back to syncboard. Spring Security's defaults stay on as well:
 * {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY}, no caching of pages, and HSTS on HTTPS.
 */
final class WebHardening {

    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private WebHardening() {}

    static void headers(HttpSecurity http) throws Exception {
        http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .permissionsPolicyHeader(permissions ->
                        permissions.policy("camera=(), microphone=(), geolocation=(), payment=(), usb=()")));
    }
}
