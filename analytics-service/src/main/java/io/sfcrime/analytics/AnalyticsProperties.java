package io.sfcrime.analytics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics service, prefix {@code sfcrime.analytics}. Unknown keys are rejected at start-up
 * ({@code ignoreUnknownFields = false}): a misspelled tuning key such as {@code source.max-rate-per-partition}
 * stops the service with the key named, instead of being ignored as Spark would ignore it.
 *
 * @param dataDir where the service keeps its files (the checkpoint by default); unset means
 *        {@code <java.io.tmpdir>/sfcrime-analytics}
 * @param kafkaTimeout the longest the service waits for the broker in one request before it takes the broker for
 *        gone: the Kafka source's offset look-ups and fetches, and the look-ups of the result topic at start-up
 * @param spark the embedded Spark session
 * @param source the Kafka source of the query
 * @param query the windowed aggregation and its trigger
 * @param sink the compacted result topic
 * @param restart how a failed query, or a failed read of the result topic, is tried again
 */
@ConfigurationProperties(prefix = "sfcrime.analytics", ignoreUnknownFields = false)
public record AnalyticsProperties(Path dataDir, @DefaultValue("10s") Duration kafkaTimeout,
        @DefaultValue Spark spark, @DefaultValue Source source, @DefaultValue Query query, @DefaultValue Sink sink,
        @DefaultValue Restart restart) {

    public AnalyticsProperties {
        dataDir = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"), "sfcrime-analytics");
        requirePositive("kafka-timeout", kafkaTimeout.toMillis());
    }

    /**
     * @param master {@code spark.master}
     * @param appName {@code spark.app.name}
     * @param uiEnabled whether Spark's web UI runs
     * @param uiPort the UI's first port to try; Spark takes the next free one if it is taken
     * @param driverHost the driver's host and bind address
     * @param properties any other {@code spark.*} property, passed through as given
     */
    public record Spark(@DefaultValue("local[*]") String master, @DefaultValue("sfcrime-analytics") String appName,
            @DefaultValue("true") boolean uiEnabled, @DefaultValue("4040") int uiPort,
            @DefaultValue("127.0.0.1") String driverHost, Map<String, String> properties) {

        public Spark {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            properties.keySet().stream().filter(key -> !key.startsWith("spark.")).findFirst().ifPresent(key -> {
                throw new IllegalArgumentException("sfcrime.analytics.spark.properties." + key
                        + " is not a Spark property: only keys starting with 'spark.' are passed through");
            });
        }
    }

    /**
     * Options of Spark's Kafka source, each one the source knows.
     *
     * @param topic the calls topic
     * @param startingOffsets {@code earliest}, {@code latest} or Spark's per-partition JSON
     * @param maxOffsetsPerTrigger most offsets read per micro-batch over all partitions; unset means all available
     * @param minPartitions the least Spark partitions to read with; unset means one per Kafka partition
     * @param failOnDataLoss whether the query fails when offsets it expected are gone
     */
    public record Source(@DefaultValue("police.department.calls") String topic,
            @DefaultValue("earliest") String startingOffsets, Long maxOffsetsPerTrigger, Integer minPartitions,
            @DefaultValue("true") boolean failOnDataLoss) {

        public Source {
            requirePositive("source.max-offsets-per-trigger", maxOffsetsPerTrigger);
            requirePositive("source.min-partitions", minPartitions);
        }
    }

    /**
     * @param name the streaming query's name
     * @param windowDuration the event-time window length
     * @param slideDuration the window slide; equal to the length for tumbling windows
     * @param watermark how late an event may be before its window is closed
     * @param triggerInterval the processing-time trigger; zero starts a batch as soon as the last one ends
     * @param shufflePartitions {@code spark.sql.shuffle.partitions}; the state has as many stores
     * @param checkpointDir the query's checkpoint; unset means {@code <dataDir>/checkpoint/<name>}
     */
    public record Query(@DefaultValue("calls-per-window") String name, @DefaultValue("1h") Duration windowDuration,
            @DefaultValue("1h") Duration slideDuration, @DefaultValue("1h") Duration watermark,
            @DefaultValue("0s") Duration triggerInterval, @DefaultValue("4") int shufflePartitions,
            Path checkpointDir) {

        public Query {
            requirePositive("query.window-duration", windowDuration.toMillis());
            requirePositive("query.slide-duration", slideDuration.toMillis());
            requirePositive("query.shuffle-partitions", shufflePartitions);
            if (slideDuration.compareTo(windowDuration) > 0) {
                throw new IllegalArgumentException("sfcrime.analytics.query.slide-duration (" + slideDuration
                        + ") must not exceed query.window-duration (" + windowDuration + ")");
            }
            if (watermark.isNegative() || triggerInterval.isNegative()) {
                throw new IllegalArgumentException("sfcrime.analytics.query.watermark and trigger-interval must not be negative");
            }
        }
    }

    /**
     * @param topic the compacted result topic
     * @param partitions its partitions when the service creates it
     * @param replicas its replication factor when the service creates it
     * @param rebuildTimeout how long one attempt to read the topic back into the store may take
     */
    public record Sink(@DefaultValue("sf.crime.aggregates") String topic, @DefaultValue("3") int partitions,
            @DefaultValue("1") short replicas, @DefaultValue("2m") Duration rebuildTimeout) {
    }

    /**
     * Retries have no limit: a broker outage ends when it ends, and the service is to carry on by itself then.
     *
     * @param initialBackoff the wait before the first retry; doubled for each further failure in a row
     * @param maxBackoff the longest wait between retries, so a broker that is back is noticed within it
     */
    public record Restart(@DefaultValue("2s") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff) {

        public Restart {
            requirePositive("restart.initial-backoff", initialBackoff.toMillis());
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("sfcrime.analytics.restart.max-backoff (" + maxBackoff
                        + ") must not be shorter than restart.initial-backoff (" + initialBackoff + ")");
            }
        }
    }

    /** The checkpoint directory in effect. */
    public Path checkpointDir() {
        return this.query.checkpointDir() != null ? this.query.checkpointDir()
                : this.dataDir.resolve("checkpoint").resolve(this.query.name());
    }

    private static void requirePositive(String key, Number value) {
        if (value != null && value.longValue() <= 0) {
            throw new IllegalArgumentException("sfcrime.analytics." + key + " must be positive, was " + value);
        }
    }
}
