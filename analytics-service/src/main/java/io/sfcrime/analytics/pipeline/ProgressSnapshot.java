package io.sfcrime.analytics.pipeline;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * The figures of one finished micro-batch, taken from Spark's
 * {@code StreamingQueryProgress} and the service's own counts.
 *
 * @param id the query's id, stable across restarts from the same checkpoint
 * @param runId this run's id
 * @param name the query's name
 * @param batchId the micro-batch
 * @param timestamp when the batch started (UTC instant, as Spark reports it)
 * @param numInputRows Kafka records read by the batch
 * @param inputRowsPerSecond Spark's input rate
 * @param processedRowsPerSecond Spark's processing rate
 * @param durationMs Spark's per-phase durations
 * @param watermark the event-time watermark, local time of the data, or null before the
 * first one
 * @param stateRows rows in the aggregation state
 * @param stateRowsUpdated state rows the batch updated
 * @param rowsDroppedByWatermark Spark's own figure (counts partial aggregates, not input
 * rows)
 * @param malformedRows records of the batch that did not parse
 * @param lateRows well-formed records of the batch left out as late
 * @param countedRows records of the batch that went into the counts
 * @param offsetLag per topic, the latest available offsets minus the batch's end offsets
 */
public record ProgressSnapshot(String id, String runId, String name, long batchId, String timestamp, long numInputRows,
        double inputRowsPerSecond, double processedRowsPerSecond, Map<String, Long> durationMs, LocalDateTime watermark,
        long stateRows, long stateRowsUpdated, long rowsDroppedByWatermark, long malformedRows, long lateRows,
        long countedRows, Map<String, Long> offsetLag) {
}
