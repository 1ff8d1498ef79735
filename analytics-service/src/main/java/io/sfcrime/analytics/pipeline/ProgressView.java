package io.sfcrime.analytics.pipeline;

import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryStatus;

/**
 * The body of {@code GET /api/analytics/progress}.
 *
 * @param state STARTING, ACTIVE, RESTARTING, FAILED or STOPPED
 * @param message Spark's status message, e.g. "Waiting for data to arrive"
 * @param dataAvailable Spark's status: whether a batch has input
 * @param triggerActive Spark's status: whether a trigger is running
 * @param error the last failure's message, or null
 * @param restarts restarts since the service started
 * @param totals the service's counts since it started
 * @param latest the last finished micro-batch, or null before the first
 */
record ProgressView(QueryStatus.State state, String message, boolean dataAvailable, boolean triggerActive, String error,
        long restarts, QueryTotals totals, ProgressSnapshot latest) {

    static ProgressView of(QueryStatus status, StreamingQuery query) {
        StreamingQueryStatus spark = query == null ? null : query.status();
        return new ProgressView(status.state(), spark == null ? null : spark.message(),
                spark != null && spark.isDataAvailable(), spark != null && spark.isTriggerActive(),
                status.failures().lastError(), status.restarts(), status.totals(), status.latest());
    }
}
