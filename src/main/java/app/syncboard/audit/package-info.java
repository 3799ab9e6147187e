/**
 * The audit log: every state-changing request of the pages and the API, sign-ins and sign-outs, refusals, and what the
 * app starts by itself, each with who (a user, {@code token:<name>} or {@code scheduler}), when, from which address
 * and how it ended; read on {@code /settings/audit} and as CSV, never changed or deleted by the app.
 *
 * <p>Its public API, for the modules above it (it depends on none of them):
 *
 * <ul>
 *   <li>{@link app.syncboard.audit.Audited} names the action of a controller method; every POST, PUT, PATCH and DELETE
 *       request to such a method becomes one entry, its outcome read from the answer.
 *   <li>{@link app.syncboard.audit.Audit} adds to the current request's entry: what was created, changed (before and
 *       after, secrets masked) or deleted, a line of detail, or why it failed.
 *   <li>{@link app.syncboard.audit.AuditEvent}, published as an application event, is an entry of its own, for
 *       actions without a request (the scheduler, the steps of a failover).
 *   <li>{@link app.syncboard.audit.AuditTargetNames} names targets by type and id;
 *       {@link app.syncboard.audit.AuditActor} lets a principal name itself in the log.
 * </ul>
 */
package app.syncboard.audit;
