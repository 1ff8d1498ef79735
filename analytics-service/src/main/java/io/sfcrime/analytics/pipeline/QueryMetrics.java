package io.sfcrime.analytics.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sfcrime.analytics.AnalyticsProperties;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The query's figures as Micrometer meters. Gauges read {@link QueryStatus}; counters and
 * timers are fed by the listener, never blocking it.
 */
@Component
class QueryMetrics {

    private final MeterRegistry registry;

    private final Counters counters;

    /**
     * Registered at start-up, so that each reads 0 before the first batch rather than
     * being absent.
     */
    private record Counters(Counter batches, Counter inputRows, Counter lateRows, Counter malformedRows,
            Counter droppedByWatermark, Counter restarts) {
    }

    QueryMetrics(MeterRegistry registry, QueryStatus status, AnalyticsProperties properties) {
        this.registry = registry;
        gauge("sfcrime.spark.input.rows.per.second", "Input rate of the last micro-batch", status,
                progress(ProgressSnapshot::inputRowsPerSecond));
        gauge("sfcrime.spark.processed.rows.per.second", "Processing rate of the last micro-batch", status,
                progress(ProgressSnapshot::processedRowsPerSecond));
        gauge("sfcrime.spark.batch.input.rows", "Kafka records read by the last micro-batch", status,
                progress(ProgressSnapshot::numInputRows));
        gauge("sfcrime.spark.state.rows", "Rows in the aggregation state", status,
                progress(ProgressSnapshot::stateRows));
        gauge("sfcrime.spark.query.active", "1 while the query runs, else 0", status, s -> s.active() ? 1 : 0);
        String topic = properties.source().topic();
        Gauge.builder("sfcrime.spark.offset.lag", status, progress(s -> s.offsetLag().getOrDefault(topic, 0L)))
            .description("Latest available offsets minus those processed")
            .tag("topic", topic)
            .register(registry);
        this.counters = new Counters(counter("sfcrime.spark.batches", "Micro-batches finished"),
                counter("sfcrime.spark.input.rows", "Kafka records read"),
                counter("sfcrime.spark.late.rows", "Well-formed records left out as later than the watermark"),
                counter("sfcrime.spark.malformed.rows", "Records that did not parse, left out"),
                counter("sfcrime.spark.watermark.dropped.rows",
                        "Spark's own numRowsDroppedByWatermark (partial aggregates, not input rows)"),
                counter("sfcrime.spark.query.restarts",
                        "Attempts scheduled after a failure of the query or of reading the result topic back"));
    }

    void record(ProgressSnapshot snapshot) {
        this.counters.batches().increment();
        this.counters.inputRows().increment(snapshot.numInputRows());
        this.counters.lateRows().increment(snapshot.lateRows());
        this.counters.malformedRows().increment(snapshot.malformedRows());
        this.counters.droppedByWatermark().increment(snapshot.rowsDroppedByWatermark());
        snapshot.durationMs()
            .forEach((phase, millis) -> Timer.builder("sfcrime.spark.batch.duration")
                .description("Micro-batch durations by phase, as Spark reports them")
                .tag("phase", phase)
                .register(this.registry)
                .record(Duration.ofMillis(millis)));
    }

    void restarted() {
        this.counters.restarts().increment();
    }

    private void gauge(String name, String description, QueryStatus status, ToDoubleFunction<QueryStatus> value) {
        Gauge.builder(name, status, value).description(description).register(this.registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(this.registry);
    }

    private static ToDoubleFunction<QueryStatus> progress(ToDoubleFunction<ProgressSnapshot> field) {
        return status -> {
            ProgressSnapshot latest = status.latest();
            return latest == null ? Double.NaN : field.applyAsDouble(latest);
        };
    }

}
