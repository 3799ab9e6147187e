package app.syncboard.security;

/** A user's new password of their own: the current one, then the new one twice. Never written back into the page. */
record OwnPasswordForm(String currentPassword, String password, String repeat) {

    static OwnPasswordForm empty() {
        return new OwnPasswordForm(null, null, null);
    }
}
