package io.sfcrime.analytics.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.AnalyticsProperties;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns Spark's query events into {@link QueryStatus} and {@link QueryMetrics}. Spark
 * calls it on its listener bus thread, which must not block: it only does arithmetic and
 * atomic updates, and hands a failed query to the supervisor, which only schedules the
 * next attempt.
 */
@Component
class ProgressListener extends StreamingQueryListener {

    private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

    private static final TypeReference<Map<String, Map<String, Long>>> OFFSETS = new TypeReference<>() {
    };

    private final String queryName;

    private final QueryStatus status;

    private final QueryMetrics metrics;

    private final AddedPerBatch added;

    private final QuerySupervisor supervisor;

    private final ObjectMapper mapper = new ObjectMapper();

    ProgressListener(AnalyticsProperties properties, QueryStatus status, QueryMetrics metrics, AddedPerBatch added,
            QuerySupervisor supervisor) {
        this.queryName = properties.query().name();
        this.status = status;
        this.metrics = metrics;
        this.added = added;
        this.supervisor = supervisor;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        if (this.queryName.equals(event.name())) {
            this.status.started(event.runId().toString());
            log.info("Query {} started: id {}, run {}", event.name(), event.id(), event.runId());
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!this.queryName.equals(progress.name())) {
            return;
        }
        ProgressSnapshot snapshot = snapshot(progress);
        this.status.progress(snapshot);
        this.metrics.record(snapshot);
        log.info("Batch {}: {} records, {} counted, {} late, {} malformed, watermark {}, {} ms", snapshot.batchId(),
                snapshot.numInputRows(), snapshot.countedRows(), snapshot.lateRows(), snapshot.malformedRows(),
                snapshot.watermark(), snapshot.durationMs().getOrDefault("triggerExecution", 0L));
        this.status.progressed();
    }

    /**
     * Spark 3.5 reports a trigger without new data here, not as progress, every 10 s
     * while idle; the trigger looked the latest offsets up, so the broker answered: after
     * an outage with nothing new to read, this is the progress that tells the query is
     * well again.
     */
    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        if (event.runId().toString().equals(this.status.runId())) {
            this.status.progressed();
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (!event.runId().toString().equals(this.status.runId())) {
            return;
        }
        String error = event.exception().isDefined() ? event.exception().get() : null;
        this.status.terminated(error);
        if (error != null) {
            log.error("Query {} failed: {}", this.queryName, error);
            this.supervisor.queryFailed();
        }
    }

    ProgressSnapshot snapshot(StreamingQueryProgress progress) {
        Row input = progress.observedMetrics().get(CallsTransformation.INPUT_METRICS);
        long rows = longAt(input, 0);
        long malformed = longAt(input, 1);
        long counted = this.added.take(progress.batchId());
        StateOperatorProgress[] state = progress.stateOperators();
        Map<String, Long> durations = new HashMap<>();
        progress.durationMs().forEach((phase, millis) -> durations.put(phase, millis));
        String watermark = progress.eventTime().get("watermark");
        return new ProgressSnapshot(progress.id().toString(), progress.runId().toString(), progress.name(),
                progress.batchId(), progress.timestamp(), progress.numInputRows(), progress.inputRowsPerSecond(),
                progress.processedRowsPerSecond(), Map.copyOf(durations),
                watermark == null ? null : LocalDateTime.ofInstant(Instant.parse(watermark), ZoneOffset.UTC),
                Arrays.stream(state).mapToLong(StateOperatorProgress::numRowsTotal).sum(),
                Arrays.stream(state).mapToLong(StateOperatorProgress::numRowsUpdated).sum(),
                Arrays.stream(state).mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum(), malformed,
                rows - malformed - counted, counted, offsetLag(progress.sources()));
    }

    private Map<String, Long> offsetLag(SourceProgress[] sources) {
        Map<String, Long> lag = new HashMap<>();
        for (SourceProgress source : sources) {
            Map<String, Map<String, Long>> latest = offsets(source.latestOffset());
            Map<String, Map<String, Long>> end = offsets(source.endOffset());
            latest.forEach((topic, partitions) -> partitions.forEach((partition, offset) -> {
                long processed = end.getOrDefault(topic, Map.of()).getOrDefault(partition, offset);
                lag.merge(topic, Math.max(0, offset - processed), Long::sum);
            }));
        }
        return Map.copyOf(lag);
    }

    private Map<String, Map<String, Long>> offsets(String json) {
        if (json == null || json.isBlank() || !json.startsWith("{")) {
            return Map.of();
        }
        try {
            return this.mapper.readValue(json, OFFSETS);
        }
        catch (JsonProcessingException ex) {
            return Map.of();
        }
    }

    private static long longAt(Row row, int index) {
        return row == null || row.isNullAt(index) ? 0 : row.getLong(index);
    }

}
