package app.syncboard.security;

/**
 * The principal of a session signed in through the organisation's directory (LDAP or OpenID Connect) rather than as
 * a syncboard user: it has no row in {@code users}, no password here and no password to change here. Its role is
 * the one its groups gave at sign-in, held until the session ends ({@link CurrentUserFilter} looks only at syncboard
 * users); a changed group applies at the next sign-in.
 */
interface DirectoryPrincipal {

    /** Where the user's password is kept, as the pages name it: "the directory", "Keycloak". */
    String directory();
}
