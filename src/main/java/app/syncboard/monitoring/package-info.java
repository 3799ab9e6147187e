/**
 * How each sync job is doing, judged one way for every consumer: the Nagios/Icinga endpoints, the JSON status,
 * the Actuator health group {@code syncs} and the Prometheus metrics.
 */
package app.syncboard.monitoring;
