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
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the streaming query for the application's lifetime: rebuilds the store from the compacted topic, starts
 * the query, and after a failure of either tries again for as long as it takes (a doubling back-off, capped), so
 * that a broker outage ends without anyone restarting the service; stops the query when the application stops.
 */
@Component
class StreamingQueryRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamingQueryRunner.class);

    private final SparkSessionLifecycle sessions;

    private final AnalyticsProperties properties;

    private final KafkaProperties kafka;

    private final ResultStore store;

    private final AggregatesTopic topic;

    private final QueryStatus status;

    private final QueryMetrics metrics;

    private volatile ScheduledExecutorService supervisor;

    private volatile ProgressListener listener;

    private volatile StreamingQuery query;

    StreamingQueryRunner(SparkSessionLifecycle sessions, AnalyticsProperties properties, KafkaProperties kafka,
            ResultStore store, AggregatesTopic topic, QueryStatus status, QueryMetrics metrics) {
        this.sessions = sessions;
        this.properties = properties;
        this.kafka = kafka;
        this.store = store;
        this.topic = topic;
        this.status = status;
        this.metrics = metrics;
    }

    /**
     * The first read of the result topic runs here, before the web server opens, so that with the broker up the
     * first request meets whole results. With the broker away the service starts all the same (health DOWN, the
     * results endpoints 503) and keeps trying in the background. With the broker up, a query Spark refuses to
     * build (a bad setting) still stops start-up: no retry mends that.
     */
    @Override
    public void start() {
        this.supervisor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spark-query-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        this.listener = new ProgressListener(this.properties.query().name(), this.status, this.metrics,
                this::onFailure);
        this.sessions.session().streams().addListener(this.listener);
        if (rebuildStore()) {
            startQuery();
        }
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
                settings.name(), this.properties.source().topic(), bootstrapServers(),
                this.properties.source().startingOffsets(), this.properties.source().maxOffsetsPerTrigger(),
                this.properties.checkpointDir().toAbsolutePath());
    }

    private DataStreamReader reader(SparkSession spark) {
        AnalyticsProperties.Source source = this.properties.source();
        // Without these the broker going away goes unnoticed for minutes: Spark looks offsets up through an
        // admin client (60 s per call, three attempts) and fetches for up to spark.network.timeout (120 s).
        String timeout = Long.toString(this.properties.kafkaTimeout().toMillis());
        DataStreamReader reader = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers())
                .option("kafka.request.timeout.ms", timeout)
                .option("kafka.default.api.timeout.ms", timeout)
                .option("kafkaConsumer.pollTimeoutMs", timeout)
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

    private String bootstrapServers() {
        return String.join(",", this.kafka.getBootstrapServers());
    }

    /** Reads the result topic back into the store; after a failure, schedules the next attempt and answers false. */
    private boolean rebuildStore() {
        this.status.rebuilding();
        try {
            this.store.clear();
            this.topic.rebuild(this.store);
            this.store.markComplete();
            return true;
        } catch (RuntimeException ex) {
            log.warn("Could not read {} back into the store: {}", this.properties.sink().topic(), ex.toString());
            retryLater(this.status.failed(ex.toString()));
            return false;
        }
    }

    /** One attempt, on the supervisor's thread: the store first unless it is whole, then the query. */
    private void attempt() {
        if (!this.store.complete() && !rebuildStore()) {
            return;
        }
        try {
            startQuery();
        } catch (RuntimeException ex) {
            log.error("Query {} could not be restarted", this.properties.query().name(), ex);
            retryLater(this.status.failed(ex.toString()));
        }
    }

    /** Called on Spark's listener thread once the status has counted the failure: only schedules. */
    private void onFailure(String error) {
        retryLater(this.status.failuresInARow());
    }

    private void retryLater(int failures) {
        ScheduledExecutorService scheduler = this.supervisor;
        if (scheduler == null || scheduler.isShutdown()) {
            return;
        }
        Duration backoff = backoff(this.properties.restart(), failures);
        this.status.restarting(Instant.now().plus(backoff));
        this.metrics.restarted();
        log.warn("Trying again in {} (failures in a row: {})", backoff, failures);
        try {
            scheduler.schedule(this::attempt, backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ex) {
            log.debug("Not trying again: the service is stopping");
        }
    }

    static Duration backoff(AnalyticsProperties.Restart restart, int failures) {
        Duration wait = restart.initialBackoff().multipliedBy(1L << Math.min(failures - 1, 20));
        return wait.compareTo(restart.maxBackoff()) > 0 ? restart.maxBackoff() : wait;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = this.supervisor;
        this.supervisor = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
            awaitTermination(scheduler);
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

    /** An attempt under way ends with its interrupted Kafka call, so the query it might start is stopped below. */
    private void awaitTermination(ScheduledExecutorService scheduler) {
        try {
            if (!scheduler.awaitTermination(this.properties.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("An attempt to start query {} did not end in time", this.properties.query().name());
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
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
