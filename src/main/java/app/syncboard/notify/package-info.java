/**
 * Notifications by mail and webhook: targets (global or per job), the conditions worth telling (a failed last
 * attempt, recovery, a refused overlap, a blocked run, a stale job, a failover), held back as repeats for
 * {@code syncboard.notify.repeat-after}. Its one public type is {@link app.syncboard.notify.FailoverNotice}, the
 * event the failover module publishes; it listens to {@code runs.RunFinished} and asks {@code monitoring} for stale
 * jobs.
 */
package app.syncboard.notify;
