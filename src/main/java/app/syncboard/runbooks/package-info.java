/**
 * Failover runbooks: per pair an ordered list of steps (commands on the pair's hosts, waits, manual steps, a sync,
 * the role switch, pausing and resuming the pair's jobs, notifications), written as YAML, and their executions, carried
 * out step by step by {@link app.syncboard.runbooks.RunbookEngine} with the admin who started them. It uses
 * {@code hosts} (commands, the role switch, role markers), {@code jobs} and {@code runs} (the sync step), and tells
 * {@code notify} through {@link app.syncboard.notify.FailoverNotice}.
 */
package app.syncboard.runbooks;
