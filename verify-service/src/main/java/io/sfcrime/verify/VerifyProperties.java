package io.sfcrime.verify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the verify service ({@code sfcrime.verify.*}). The listener annotation reads {@code topic},
 * {@code group-id} and {@code concurrency} as placeholders, so application.yml states them too.
 *
 * @param topic the topic whose events are checked
 * @param groupId the consumer group; a new group id re-reads the topic from the beginning
 * @param concurrency listener threads; more than the topic's partitions would leave some idle
 * @param partitions partitions of the topic and of its dead-letter topic when this service creates them
 * @param dlt the dead-letter topic
 * @param recent the ring buffer of recent events
 * @param health the broker reachability probe
 */
@ConfigurationProperties(prefix = "sfcrime.verify")
public record VerifyProperties(@DefaultValue("police.department.calls") String topic,
        @DefaultValue("verify-service") String groupId, @DefaultValue("3") int concurrency,
        @DefaultValue("3") int partitions, @DefaultValue Dlt dlt, @DefaultValue Recent recent,
        @DefaultValue Health health) {

    public VerifyProperties {
        positive("concurrency", concurrency);
        positive("partitions", partitions);
        positive("dlt.max-message-bytes", dlt.maxMessageBytes());
        positive("recent.capacity", recent.capacity());
        positive("recent.preview-chars", recent.previewChars());
        if (health.timeout().isNegative() || health.timeout().isZero()) {
            throw new IllegalArgumentException("sfcrime.verify.health.timeout must be positive, was "
                    + health.timeout());
        }
    }

    /** The dead-letter topic: {@code topic} + ".DLT" unless named. */
    public String dltTopic() {
        return this.dlt.topic().isBlank() ? this.topic + ".DLT" : this.dlt.topic();
    }

    /**
     * @param topic name of the dead-letter topic; blank means the source topic's name + ".DLT"
     * @param maxMessageBytes the DLT's {@code max.message.bytes} and the DLT producer's
     *     {@code max.request.size}: must be at least the source topic's limit so every record fits
     */
    public record Dlt(@DefaultValue("") String topic, @DefaultValue("8388608") int maxMessageBytes) {
    }

    /**
     * @param capacity events kept, also the largest {@code limit} of GET /api/verify/recent
     * @param previewChars characters of each value kept
     */
    public record Recent(@DefaultValue("1000") int capacity, @DefaultValue("1024") int previewChars) {
    }

    /** @param timeout how long the health check waits for the broker to describe its cluster */
    public record Health(@DefaultValue("2s") Duration timeout) {
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("sfcrime.verify." + key + " must be at least 1, was " + value);
        }
    }
}
