package app.syncboard.hosts;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says why syncboard did not start when stored secrets cannot be read, and what to do: no stack trace. */
class UnreadableSecretsFailureAnalyzer extends AbstractFailureAnalyzer<Secrets.Unreadable> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, Secrets.Unreadable cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set SYNCBOARD_SECRET_KEY (or syncboard.secret-key) to the key the secrets were stored with. If that key"
                        + " is lost, the stored keys, passphrases and webhook secrets are too: start with a new key after"
                        + " clearing them in the database, then paste them again.",
                cause);
    }
}
