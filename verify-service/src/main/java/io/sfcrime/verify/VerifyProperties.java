package io.sfcrime.verify;

import io.sfcrime.calls.CallsTopic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the verify service ({@code sfcrime.verify.*}), checked at start-up: a value
 * out of range stops the service with a message naming the key.
 *
 * @param topic the topic whose events are checked (created with {@code partitions} if
 * missing)
 * @param groupId the consumer group; a new group id re-reads the topic from the beginning
 * @param concurrency listener threads; more than the topic's partitions would leave some
 * idle
 * @param partitions partitions of the topic and of its dead-letter topic when this
 * service creates them; keep it equal to the source's
 * @param dlt the dead-letter topic
 * @param recent the list of recent events
 */
@Validated
@ConfigurationProperties(prefix = "sfcrime.verify")
public record VerifyProperties(@DefaultValue(CallsTopic.NAME) String topic,
        @DefaultValue("verify-service") String groupId, @DefaultValue("3") @Positive int concurrency,
        @DefaultValue("3") @Positive int partitions, @DefaultValue @Valid Dlt dlt, @DefaultValue @Valid Recent recent) {

    /** The dead-letter topic: {@code topic} + ".DLT" unless named. */
    public String dltTopic() {
        return this.dlt.topic().isBlank() ? this.topic + ".DLT" : this.dlt.topic();
    }

    /**
     * @param topic name of the dead-letter topic; blank means the source topic's name +
     * ".DLT"
     * @param maxMessageBytes the DLT's {@code max.message.bytes} and the DLT producer's
     * {@code max.request.size}: must be at least the source topic's limit so every record
     * fits
     */
    public record Dlt(@DefaultValue("") String topic, @DefaultValue("8388608") @Positive int maxMessageBytes) {
    }

    /**
     * @param previewChars characters of each value kept in the list of recent events
     */
    public record Recent(@DefaultValue("1024") @Positive int previewChars) {
    }
}
