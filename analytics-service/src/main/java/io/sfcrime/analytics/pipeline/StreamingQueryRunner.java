package io.sfcrime.analytics.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.sfcrime.analytics.AnalyticsProperties;
import io.sfcrime.analytics.results.AggregatesTopic;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.radiocodes.RadioCodes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the streaming query for the application's lifetime: rebuilds the store from the compacted topic, starts
 * the query, restarts it after a failure with a doubling back-off up to a bounded number of attempts, and stops
 * it when the application stops.
 */
@Component
class StreamingQueryRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamingQueryRunner.class);

    private final SparkSessionLifecycle sessions;

    private final AnalyticsProperties properties;

    private final SparkKafkaOptions kafka;

    private final ResultStore store;

    private final AggregatesTopic topic;

    private final QueryStatus status;

    private final QueryMetrics metrics;

    private final AtomicInteger failuresInARow = new AtomicInteger();

    private volatile ScheduledExecutorService supervisor;

    private volatile ProgressListener listener;

    private volatile StreamingQuery query;

    StreamingQueryRunner(SparkSessionLifecycle sessions, AnalyticsProperties properties, SparkKafkaOptions kafka,
            ResultStore store, AggregatesTopic topic, QueryStatus status, QueryMetrics metrics) {
        this.sessions = sessions;
        this.properties = properties;
        this.kafka = kafka;
        this.store = store;
        this.topic = topic;
        this.status = status;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        this.supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spark-query-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        this.store.clear();
        this.topic.rebuild(this.store);
        this.listener = new ProgressListener(this.properties.query().name(), this.status, this.metrics,
                this::onFailure, this::batchFinished);
        this.sessions.session().streams().addListener(this.listener);
        startQuery();
    }

    /** The running query, or null. */
    StreamingQuery query() {
        return this.query;
    }

    private void startQuery() {
        this.status.starting();
        SparkSession spark = this.sessions.session();
        Dataset<Row> values = reader(spark).load().selectExpr("CAST(value AS STRING) AS value");
        Dataset<Row> parsed = CallsTransformation.parse(values)
                .observe(ProgressListener.INPUT_METRICS, count(lit(1)).as("rows"),
                        sum(when(col(CallsTransformation.MALFORMED), 1).otherwise(0)).as("malformed"));
        AnalyticsProperties.Query settings = this.properties.query();
        Dataset<Row> counts = CallsTransformation.windowedCounts(parsed.filter(not(col(CallsTransformation.MALFORMED))),
                new WindowSpec(settings.windowDuration(), settings.slideDuration(), settings.watermark()),
                RadioCodes.bundled());
        try {
            this.query = counts.writeStream()
                    .queryName(settings.name())
                    .outputMode("update")
                    .option("checkpointLocation", this.properties.checkpointDir().toAbsolutePath().toString())
                    .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                    .foreachBatch(new BatchWriter(this.store, this.topic, this.status))
                    .start();
        } catch (TimeoutException ex) {
            throw new IllegalStateException("Query " + settings.name() + " did not start", ex);
        }
        log.info("Query {} reading {} from {} (startingOffsets {}, maxOffsetsPerTrigger {}), checkpoint {}",
                settings.name(), this.properties.source().topic(), this.kafka.describe(),
                this.properties.source().startingOffsets(), this.properties.source().maxOffsetsPerTrigger(),
                this.properties.checkpointDir().toAbsolutePath());
    }

    private DataStreamReader reader(SparkSession spark) {
        AnalyticsProperties.Source source = this.properties.source();
        DataStreamReader reader = spark.readStream().format("kafka")
                .options(this.kafka.options())
                .option("subscribe", source.topic())
                .option("startingOffsets", source.startingOffsets())
                .option("failOnDataLoss", source.failOnDataLoss());
        if (source.maxOffsetsPerTrigger() != null) {
            reader = reader.option("maxOffsetsPerTrigger", source.maxOffsetsPerTrigger());
        }
        if (source.minPartitions() != null) {
            reader = reader.option("minPartitions", source.minPartitions());
        }
        return reader;
    }

    /** Called on Spark's listener thread: only schedules. */
    private void onFailure(String error) {
        ScheduledExecutorService scheduler = this.supervisor;
        if (scheduler == null || scheduler.isShutdown()) {
            return;
        }
        int attempt = this.failuresInARow.incrementAndGet();
        AnalyticsProperties.Restart restart = this.properties.restart();
        if (attempt > restart.maxAttempts()) {
            log.error("Query {} failed {} times in a row; not restarting it again: {}", this.properties.query().name(),
                    attempt, error);
            return;
        }
        Duration backoff = backoff(restart, attempt);
        log.warn("Restarting query {} in {} (attempt {} of {})", this.properties.query().name(), backoff, attempt,
                restart.maxAttempts());
        this.status.restarting();
        this.metrics.restarted();
        scheduler.schedule(this::restart, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    static Duration backoff(AnalyticsProperties.Restart restart, int attempt) {
        Duration wait = restart.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(restart.maxBackoff()) > 0 ? restart.maxBackoff() : wait;
    }

    private void restart() {
        try {
            startQuery();
        } catch (RuntimeException ex) {
            log.error("Query {} could not be restarted", this.properties.query().name(), ex);
            this.status.failedToStart(ex.getMessage());
            onFailure(ex.getMessage());
        }
    }

    /** A batch finished: the next failure starts the back-off from the beginning. */
    private void batchFinished() {
        this.failuresInARow.set(0);
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = this.supervisor;
        this.supervisor = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        StreamingQuery running = this.query;
        this.query = null;
        // On SIGTERM, Spark's own shutdown hook may have stopped the SparkContext already: nothing left to stop.
        if (running != null) {
            try {
                running.stop();
            } catch (TimeoutException | RuntimeException ex) {
                log.info("Query {} was already stopping: {}", this.properties.query().name(), ex.getMessage());
            }
        }
        if (this.listener != null) {
            try {
                this.sessions.session().streams().removeListener(this.listener);
            } catch (RuntimeException ex) {
                log.debug("Listener not removed: {}", ex.getMessage());
            }
            this.listener = null;
        }
        this.status.terminated(null);
    }

    @Override
    public boolean isRunning() {
        return this.supervisor != null;
    }

    @Override
    public int getPhase() {
        return SparkSessionLifecycle.PHASE + 1;
    }
}
