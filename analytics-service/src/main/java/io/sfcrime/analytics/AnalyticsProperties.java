package io.sfcrime.analytics;

import io.sfcrime.calls.CallsTopic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the analytics service, prefix {@code sfcrime.analytics}; the defaults are
 * the {@code @DefaultValue}s here and nowhere else. Unknown keys are rejected at start-up
 * ({@code ignoreUnknownFields = false}): a misspelled tuning key such as
 * {@code source.max-rate-per-partition} stops the service with the key named, instead of
 * being ignored as Spark would ignore it. Values out of range stop it too (Bean
 * Validation).
 *
 * @param dataDir where the service keeps its files (the checkpoint by default); unset
 * means {@code <java.io.tmpdir>/sfcrime-analytics}
 * @param kafkaTimeout the longest the service waits for the broker in one request before
 * it takes the broker for gone: the Kafka source's offset look-ups and fetches, and the
 * look-ups of the result topic at start-up
 * @param spark the embedded Spark session
 * @param source the Kafka source of the query
 * @param query the windowed aggregation and its trigger
 * @param sink the compacted result topic
 * @param restart how a failed query, or a failed read of the result topic, is tried again
 */
@Validated
@ConfigurationProperties(prefix = "sfcrime.analytics", ignoreUnknownFields = false)
public record AnalyticsProperties(Path dataDir,
        @DefaultValue("10s") @DurationMin(millis = 1, message = POSITIVE) Duration kafkaTimeout,
        @DefaultValue @Valid Spark spark, @DefaultValue @Valid Source source, @DefaultValue @Valid Query query,
        @DefaultValue @Valid Sink sink, @DefaultValue @Valid Restart restart) {

    private static final String POSITIVE = "must be positive";

    public AnalyticsProperties {
        // A default that depends on the JVM, which a @DefaultValue cannot express.
        dataDir = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"), "sfcrime-analytics");
    }

    /**
     * @param master {@code spark.master}
     * @param appName {@code spark.app.name}
     * @param uiEnabled whether Spark's web UI runs
     * @param uiPort the UI's first port to try; Spark takes the next free one if it is
     * taken
     * @param driverHost {@code spark.driver.host}: the name or address under which
     * executors reach the driver, so on a cluster one the workers can resolve
     * @param driverBindAddress {@code spark.driver.bindAddress}, the address the driver
     * listens on; unset means the driver host (behind NAT or in a pod, {@code 0.0.0.0}
     * with the host set to the name the executors use)
     * @param driverPort {@code spark.driver.port}, the driver's RPC port the executors
     * connect to; unset means a free port (fine on one machine, not through a firewall)
     * @param driverBlockManagerPort {@code spark.driver.blockManager.port}, the port
     * executors fetch the driver's blocks (broadcasts, task results) from; unset means a
     * free port
     * @param shipJars whether, with a master that is not {@code local}, the executors are
     * sent the jars they need through {@code spark.jars} (Spark's Kafka connector and its
     * dependencies and the application's classes, found on the class path); off where the
     * executors have them already, e.g. in their image
     * @param properties any other {@code spark.*} property, passed through as given
     */
    public record Spark(@DefaultValue("local[*]") String master, @DefaultValue("sfcrime-analytics") String appName,
            @DefaultValue("true") boolean uiEnabled, @DefaultValue("4040") int uiPort,
            @DefaultValue("127.0.0.1") String driverHost, String driverBindAddress,
            @Min(1) @Max(65535) Integer driverPort, @Min(1) @Max(65535) Integer driverBlockManagerPort,
            @DefaultValue("true") boolean shipJars, Map<String, String> properties) {

        public Spark {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            properties.keySet().stream().filter(key -> !key.startsWith("spark.")).findFirst().ifPresent(key -> {
                throw new IllegalArgumentException("sfcrime.analytics.spark.properties." + key
                        + " is not a Spark property: only keys starting with 'spark.' are passed through");
            });
        }

        /**
         * Whether tasks run in this JVM: {@code local} or {@code local[...]}, where the
         * executors share the driver's class path.
         */
        public boolean isLocal() {
            return this.master.equals("local") || this.master.startsWith("local[");
        }
    }

    /**
     * Options of Spark's Kafka source, each one the source knows.
     *
     * @param topic the calls topic
     * @param startingOffsets {@code earliest}, {@code latest} or Spark's per-partition
     * JSON
     * @param maxOffsetsPerTrigger most offsets read per micro-batch over all partitions;
     * unset means all available
     * @param minPartitions the least Spark partitions to read with; unset means one per
     * Kafka partition
     * @param failOnDataLoss whether the query fails when offsets it expected are gone
     * @param kafka Kafka consumer settings for Spark's source only, passed as
     * {@code kafka.<key>} options on top of the connection and security settings it takes
     * from {@code spring.kafka.*} (see SparkKafkaOptions)
     */
    public record Source(@DefaultValue(CallsTopic.NAME) String topic, @DefaultValue("earliest") String startingOffsets,
            @Positive Long maxOffsetsPerTrigger, @Positive Integer minPartitions,
            @DefaultValue("true") boolean failOnDataLoss, Map<String, String> kafka) {

        /**
         * Consumer settings Spark's Kafka source manages itself and refuses as options.
         */
        static final Set<String> SET_BY_SPARK = Set.of("auto.offset.reset", "enable.auto.commit", "key.deserializer",
                "value.deserializer", "interceptor.classes");

        public Source {
            kafka = kafka == null ? Map.of() : Map.copyOf(kafka);
            kafka.keySet().stream().filter(SET_BY_SPARK::contains).findFirst().ifPresent(key -> {
                throw new IllegalArgumentException("sfcrime.analytics.source.kafka." + key
                        + " cannot be set: Spark's Kafka source manages it (and refuses it as an option)");
            });
        }
    }

    /**
     * @param name the streaming query's name
     * @param windowDuration the event-time window length
     * @param slideDuration the window slide; equal to the length for tumbling windows
     * @param watermark how late an event may be before its window is closed
     * @param triggerInterval the processing-time trigger; zero starts a batch as soon as
     * the last one ends and, with no data, asks the broker for new offsets every 10 ms
     * @param shufflePartitions {@code spark.sql.shuffle.partitions}; the state has as
     * many stores
     * @param checkpointDir the query's checkpoint; unset means
     * {@code <dataDir>/checkpoint/<name>}
     */
    public record Query(@DefaultValue("calls-per-window") String name,
            @DefaultValue("1h") @DurationMin(millis = 1, message = POSITIVE) Duration windowDuration,
            @DefaultValue("1h") @DurationMin(millis = 1, message = POSITIVE) Duration slideDuration,
            @DefaultValue("1h") @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration watermark,
            @DefaultValue("500ms") @DurationMin(millis = 0, message = NOT_NEGATIVE) Duration triggerInterval,
            @DefaultValue("2") @Positive int shufflePartitions, Path checkpointDir) {

        private static final String NOT_NEGATIVE = "must not be negative";

        @AssertTrue(message = "slide-duration must not exceed window-duration")
        boolean isSlideWithinWindow() {
            return this.slideDuration.compareTo(this.windowDuration) <= 0;
        }
    }

    /**
     * @param topic the compacted result topic
     * @param partitions its partitions when the service creates it
     * @param replicas its replication factor when the service creates it
     * @param rebuildTimeout how long one attempt to read the topic back into the store
     * may take
     */
    public record Sink(@DefaultValue("sf.crime.aggregates") String topic, @DefaultValue("3") int partitions,
            @DefaultValue("1") short replicas, @DefaultValue("2m") Duration rebuildTimeout) {
    }

    /**
     * Retries have no limit: a broker outage ends when it ends, and the service is to
     * carry on by itself then.
     *
     * @param initialBackoff the wait before the first retry; doubled for each further
     * failure in a row
     * @param maxBackoff the longest wait between retries, so a broker that is back is
     * noticed within it
     */
    public record Restart(@DefaultValue("2s") @DurationMin(millis = 1, message = POSITIVE) Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff) {

        @AssertTrue(message = "max-backoff must not be shorter than initial-backoff")
        boolean isMaxBackoffAtLeastInitial() {
            return this.maxBackoff.compareTo(this.initialBackoff) >= 0;
        }
    }

    /** The checkpoint directory in effect. */
    public Path checkpointDir() {
        return this.query.checkpointDir() != null ? this.query.checkpointDir()
                : this.dataDir.resolve("checkpoint").resolve(this.query.name());
    }
}
