/**
 * The REST API under {@code /api/v1}: jobs, their runs (keyset-paged), run details and logs, triggering and
 * cancelling runs. JSON in and out, errors as {@code application/problem+json}; callers authenticate with an API
 * token ({@code Authorization: Bearer ...}). The monitoring endpoints live in the monitoring module.
 */
package app.syncboard.api;
