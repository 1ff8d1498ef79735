package io.sfcrime.analytics.system;

import io.sfcrime.analytics.pipeline.Failures;
import io.sfcrime.analytics.pipeline.ProgressSnapshot;
import io.sfcrime.analytics.pipeline.QueryStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code sparkQuery}: UP while the query runs; DOWN while the store is
 * being read back, and from a failure until the query makes progress again, with the
 * error, the failures in a row, since when, and when the next attempt is due. The query
 * only: the broker itself is service-support's {@code kafka} component.
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
        Failures failures = this.status.failures();
        if (failures.inARow() > 0) {
            health.withDetail("error", failures.lastError()).withDetail("failuresInARow", failures.inARow());
            if (failures.since() != null) {
                health.withDetail("failingSince", failures.since().toString());
            }
            if (failures.nextAttempt() != null) {
                health.withDetail("nextAttempt", failures.nextAttempt().toString());
            }
        }
        else if (failures.lastError() != null) {
            health.withDetail("lastError", failures.lastError());
        }
        return health.build();
    }

}
