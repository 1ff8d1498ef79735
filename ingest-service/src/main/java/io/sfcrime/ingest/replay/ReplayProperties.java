package io.sfcrime.ingest.replay;

import io.sfcrime.calls.CallsTopic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replay settings, {@code sfcrime.replay.*}: the defaults here are the only ones
 * (application.yml repeats none).
 *
 * @param file the calls file a request without {@code file} replays: the bundled one, or
 * a path under {@code filesDir}; gzip or plain JSON
 * @param topic where the calls go
 * @param defaults the options a replay takes when a request leaves them out
 * @param progressInterval how often a running replay logs its progress
 * @param abortAfterConsecutiveFailures a replay stops as FAILED after this many sends in
 * a row failed for a reason other than a timeout (a timeout, Kafka unreachable for the
 * whole delivery timeout, stops it at once)
 * @param autoStart start a replay with the defaults when the service is ready
 * @param filesDir the one directory whose files a replay may read besides the bundled
 * file; unset means the bundled file only (see {@link ReplayFiles})
 */
@Validated
@ConfigurationProperties(prefix = "sfcrime.replay")
record ReplayProperties(@DefaultValue(ReplayProperties.BUNDLED_FILE) @NotBlank String file,
        @DefaultValue @Valid Topic topic, @DefaultValue @Valid Defaults defaults,
        @DefaultValue("5s") Duration progressInterval, @DefaultValue("100") @Positive int abortAfterConsecutiveFailures,
        @DefaultValue("false") boolean autoStart, Path filesDir) {

    static final String BUNDLED_FILE = "classpath:calls/police-department-calls-for-service.json.gz";

    /**
     * @param name topic name
     * @param partitions partitions when the service creates it
     * @param replicas replication factor when the service creates it
     * @param minInsyncReplicas the topic's {@code min.insync.replicas} when the service
     * creates it: with {@code acks=all} an event is acknowledged only once this many
     * replicas have it (unset: the broker's default, 1 unless its operator changed it)
     */
    record Topic(@DefaultValue(CallsTopic.NAME) @NotBlank String name, @DefaultValue("3") @Positive int partitions,
            @DefaultValue("1") @Positive short replicas, @Positive Integer minInsyncReplicas) {

        /**
         * More would refuse every write: a partition never has more in-sync replicas than
         * replicas.
         */
        @AssertTrue(message = "min-insync-replicas must not exceed replicas")
        boolean isMinInsyncReplicasWithinReplicas() {
            return this.minInsyncReplicas == null || this.minInsyncReplicas <= this.replicas;
        }
    }

    /**
     * @param rate events per second, 0 for as fast as possible
     * @param speedup replay at this many times event time instead of a fixed rate (unset:
     * use the rate)
     * @param order {@code event-time} (oldest first, like a live feed) or {@code file}
     * @param limit replay only the first N events (unset: all)
     * @param loop start again at the end
     */
    record Defaults(@DefaultValue("0") @PositiveOrZero double rate, @Positive Double speedup,
            @DefaultValue("event-time") ReplayOrder order, @Min(1) Long limit, @DefaultValue("false") boolean loop) {
    }
}
