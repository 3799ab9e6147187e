package app.syncboard.audit;

/**
 * A principal that appears in the audit log under another name than its {@code getName()}: an API token is
 * {@code token:<name>}, so that it is never taken for a user of the same name.
 */
public interface AuditActor {

    String auditName();
}
