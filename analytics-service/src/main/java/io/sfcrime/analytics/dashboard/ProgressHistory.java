package io.sfcrime.analytics.dashboard;

import io.sfcrime.analytics.pipeline.ProgressSnapshot;
import io.sfcrime.analytics.pipeline.QueryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The query's recent micro-batches for the page's Spark chart: the query's latest batch
 * ({@link QueryStatus#latest()}) is looked at every {@code sample-every} and kept when it
 * is a new one, for {@code history}. Read from the status the pipeline already keeps, so
 * nothing is added to Spark's listener thread; a batch that is replaced by the next one
 * within one sampling interval is not seen (the chart says it is sampled).
 */
@Component
class ProgressHistory implements SmartLifecycle {

    private final QueryStatus status;

    private final Duration history;

    private final Duration sampleEvery;

    private final Deque<BatchPoint> points = new ArrayDeque<>();

    private ScheduledExecutorService sampler;

    ProgressHistory(QueryStatus status, DashboardProperties properties) {
        this.status = status;
        this.history = properties.history();
        this.sampleEvery = properties.sampleEvery();
    }

    /** The batches kept, oldest first. */
    synchronized List<BatchPoint> points() {
        dropOld();
        return List.copyOf(this.points);
    }

    /** Keeps the latest batch if it is one not kept yet. */
    synchronized void sample() {
        ProgressSnapshot latest = this.status.latest();
        if (latest != null) {
            BatchPoint newest = this.points.peekLast();
            if (newest == null || !Objects.equals(newest.runId(), latest.runId())
                    || newest.batchId() != latest.batchId()) {
                this.points.addLast(BatchPoint.of(latest));
            }
        }
        dropOld();
    }

    private void dropOld() {
        Instant oldest = Instant.now().minus(this.history);
        while (!this.points.isEmpty() && this.points.peekFirst().timestamp().isBefore(oldest)) {
            this.points.removeFirst();
        }
    }

    @Override
    public synchronized void start() {
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dashboard-history");
            thread.setDaemon(true);
            return thread;
        });
        long every = this.sampleEvery.toMillis();
        this.sampler.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (this.sampler != null) {
            this.sampler.shutdownNow();
            this.sampler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.sampler != null;
    }

    /**
     * One micro-batch on the chart.
     *
     * @param runId the query run it belongs to
     * @param batchId the micro-batch
     * @param timestamp when it started (UTC)
     * @param numInputRows records it read
     * @param inputRowsPerSecond Spark's input rate
     * @param processedRowsPerSecond Spark's processing rate
     * @param durationMs the whole trigger's duration ({@code triggerExecution})
     */
    record BatchPoint(String runId, long batchId, Instant timestamp, long numInputRows, double inputRowsPerSecond,
            double processedRowsPerSecond, long durationMs) {

        static BatchPoint of(ProgressSnapshot batch) {
            return new BatchPoint(batch.runId(), batch.batchId(), Instant.parse(batch.timestamp()),
                    batch.numInputRows(), batch.inputRowsPerSecond(), batch.processedRowsPerSecond(),
                    batch.durationMs().getOrDefault("triggerExecution", 0L));
        }
    }

}
