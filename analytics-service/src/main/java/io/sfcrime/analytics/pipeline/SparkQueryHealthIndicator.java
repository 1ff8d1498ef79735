package io.sfcrime.analytics.pipeline;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code sparkQuery}: UP while the query runs, DOWN with Spark's message once it has failed. */
@Component("sparkQuery")
class SparkQueryHealthIndicator implements HealthIndicator {

    private final QueryStatus status;

    SparkQueryHealthIndicator(QueryStatus status) {
        this.status = status;
    }

    @Override
    public Health health() {
        QueryStatus.State state = this.status.state();
        Health.Builder health = state == QueryStatus.State.ACTIVE || state == QueryStatus.State.STARTING
                ? Health.up() : Health.down();
        health.withDetail("state", state).withDetail("restarts", this.status.restarts());
        if (this.status.runId() != null) {
            health.withDetail("runId", this.status.runId());
        }
        ProgressSnapshot latest = this.status.latest();
        if (latest != null) {
            health.withDetail("lastBatch", latest.batchId()).withDetail("lastProgress", latest.timestamp());
        }
        String failure = this.status.failure();
        if (failure != null) {
            health.withDetail(state == QueryStatus.State.ACTIVE ? "lastError" : "error", failure);
        }
        return health.build();
    }
}
