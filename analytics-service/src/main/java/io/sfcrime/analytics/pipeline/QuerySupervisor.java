package io.sfcrime.analytics.pipeline;

import io.sfcrime.analytics.AnalyticsProperties;
import io.sfcrime.analytics.results.AggregatesTopic;
import io.sfcrime.analytics.results.ResultStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gets the query running and keeps it so: an attempt reads the store back from the
 * compacted topic unless it is whole, then starts the query; after a failure of either,
 * or of the running query, it tries again with a doubling back-off, capped, for as long
 * as it takes, so that a broker outage ends without anyone restarting the service. The
 * one owner of the running query.
 */
@Component
class QuerySupervisor {

    private static final Logger log = LoggerFactory.getLogger(QuerySupervisor.class);

    private final CallsQuery calls;

    private final ResultStore store;

    private final AggregatesTopic topic;

    private final QueryStatus status;

    private final QueryMetrics metrics;

    private final AnalyticsProperties properties;

    private final AtomicReference<StreamingQuery> query = new AtomicReference<>();

    private volatile ScheduledExecutorService scheduler;

    QuerySupervisor(CallsQuery calls, ResultStore store, AggregatesTopic topic, QueryStatus status,
            QueryMetrics metrics, AnalyticsProperties properties) {
        this.calls = calls;
        this.store = store;
        this.topic = topic;
        this.status = status;
        this.metrics = metrics;
        this.properties = properties;
    }

    /**
     * The first attempt, on the caller's thread: with the broker up, the store is whole
     * before this returns, and a query Spark refuses to build (a bad setting) throws,
     * since no retry mends that. With the broker away it returns once the read back has
     * waited {@code kafka-timeout}, the next attempts scheduled.
     */
    void start() {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spark-query-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        if (rebuildStore()) {
            startQuery();
        }
    }

    /** The running query, or null. */
    StreamingQuery query() {
        return this.query.get();
    }

    /**
     * Called on Spark's listener thread once the status has counted the failure: only
     * schedules.
     */
    void queryFailed() {
        retryLater(this.status.failures().inARow());
    }

    private void startQuery() {
        this.status.starting();
        this.query.set(this.calls.start());
    }

    /**
     * Reads the result topic back into the store; after a failure, schedules the next
     * attempt and answers false.
     */
    private boolean rebuildStore() {
        this.status.rebuilding();
        try {
            this.topic.rebuild(this.store);
            return true;
        }
        catch (RuntimeException ex) {
            log.warn("Could not read {} back into the store: {}", this.properties.sink().topic(), ex.toString());
            retryLater(this.status.failed(ex.toString()));
            return false;
        }
    }

    /**
     * One attempt, on the scheduler's thread: the store first unless it is whole, then
     * the query.
     */
    private void attempt() {
        if (!this.store.complete() && !rebuildStore()) {
            return;
        }
        try {
            startQuery();
        }
        catch (RuntimeException ex) {
            log.error("Query {} could not be restarted", this.properties.query().name(), ex);
            retryLater(this.status.failed(ex.toString()));
        }
    }

    private void retryLater(int failures) {
        ScheduledExecutorService current = this.scheduler;
        if (current == null || current.isShutdown()) {
            return;
        }
        Duration backoff = backoff(this.properties.restart(), failures);
        this.status.restarting(Instant.now().plus(backoff));
        this.metrics.restarted();
        log.warn("Trying again in {} (failures in a row: {})", backoff, failures);
        try {
            current.schedule(this::attempt, backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            log.debug("Not trying again: the service is stopping");
        }
    }

    static Duration backoff(AnalyticsProperties.Restart restart, int failures) {
        Duration wait = restart.initialBackoff().multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(restart.maxBackoff()) > 0 ? restart.maxBackoff() : wait;
    }

    /**
     * Ends the attempts, then the query; an attempt under way ends with its interrupted
     * Kafka call.
     */
    void stop() {
        ScheduledExecutorService current = this.scheduler;
        this.scheduler = null;
        if (current != null) {
            current.shutdownNow();
            awaitTermination(current);
        }
        StreamingQuery running = this.query.getAndSet(null);
        // On SIGTERM, Spark's own shutdown hook may have stopped the SparkContext
        // already: nothing left to stop.
        if (running != null) {
            try {
                running.stop();
            }
            catch (TimeoutException | RuntimeException ex) {
                log.info("Query {} was already stopping: {}", this.properties.query().name(), ex.getMessage());
            }
        }
        this.status.terminated(null);
    }

    private void awaitTermination(ScheduledExecutorService current) {
        try {
            if (!current.awaitTermination(this.properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("An attempt to start query {} did not end in time", this.properties.query().name());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
