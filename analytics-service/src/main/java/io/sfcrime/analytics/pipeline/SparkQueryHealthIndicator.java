package io.sfcrime.analytics.pipeline;

import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code sparkQuery}: UP while the query runs; DOWN while the store is being read back, and from
 * a failure until the query makes progress again, with the error, the failures in a row, since when, and when the
 * next attempt is due.
 */
@Component("sparkQuery")
class SparkQueryHealthIndicator implements HealthIndicator {

    private final QueryStatus status;

    SparkQueryHealthIndicator(QueryStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        Health.Builder health = this.status.healthy() ? Health.up() : Health.down();
        health.withDetail("state", this.status.state()).withDetail("restarts", this.status.restarts());
        if (this.status.runId() != null) {
            health.withDetail("runId", this.status.runId());
        }
        ProgressSnapshot latest = this.status.latest();
        if (latest != null) {
            health.withDetail("lastBatch", latest.batchId()).withDetail("lastProgress", latest.timestamp());
        }
        String failure = this.status.failure();
        int failures = this.status.failuresInARow();
        Instant since = this.status.failingSince();
        Instant next = this.status.nextAttempt();
        if (failures > 0) {
            health.withDetail("error", failure).withDetail("failuresInARow", failures);
            if (since != null) {
                health.withDetail("failingSince", since.toString());
            }
            if (next != null) {
                health.withDetail("nextAttempt", next.toString());
            }
        } else if (failure != null) {
            health.withDetail("lastError", failure);
        }
        return health.build();
    }
}
