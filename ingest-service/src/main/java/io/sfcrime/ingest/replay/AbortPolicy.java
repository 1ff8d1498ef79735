package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a replay stops handing events over before its end: at the first event the producer
 * gave up on for a timeout (Kafka unreachable for its whole {@code delivery.timeout.ms}),
 * or once so many sends in a row failed for another reason (the topic deleted, say) that
 * failing every remaining event would tell nothing more.
 */
final class AbortPolicy {

    private static final Logger log = LoggerFactory.getLogger(AbortPolicy.class);

    private final int afterConsecutiveFailures;

    private final Duration deliveryTimeout;

    private final String bootstrapServers;

    private final AtomicLong consecutiveFailures = new AtomicLong();

    private volatile String reason;

    AbortPolicy(int afterConsecutiveFailures, Duration deliveryTimeout, String bootstrapServers) {
        this.afterConsecutiveFailures = afterConsecutiveFailures;
        this.deliveryTimeout = deliveryTimeout;
        this.bootstrapServers = bootstrapServers;
    }

    void acknowledged() {
        this.consecutiveFailures.set(0);
    }

    /**
     * @param cause why Kafka did not take the event
     * @param error how the replay reports the failure
     */
    void failed(CallEvent call, Throwable cause, String error) {
        long failures = this.consecutiveFailures.incrementAndGet();
        if (cause instanceof TimeoutException) {
            halt("Kafka did not acknowledge crime_id " + call.crimeId() + " (record " + call.position() + ") within "
                    + "the producer's delivery.timeout.ms (" + this.deliveryTimeout.toSeconds() + " s) or "
                    + "max.block.ms: the broker at " + this.bootstrapServers + " is unreachable"
                    + (unknownTopic(cause) ? " or does not have the topic" : "") + " (" + cause.getMessage()
                    + "). Once it is back, POST /api/replay {\"resume\": true} sends what Kafka did not acknowledge");
        }
        else if (failures >= this.afterConsecutiveFailures) {
            halt("Stopped after " + failures + " sends in a row failed; last error: " + error);
        }
    }

    /**
     * The producer says a topic is not in its metadata both when no broker answers and
     * when the brokers answer without the topic (missing, and created by nobody): its
     * message cannot tell which.
     */
    private static boolean unknownTopic(Throwable cause) {
        return cause.getMessage() != null && cause.getMessage().contains("not present in metadata");
    }

    boolean halted() {
        return this.reason != null;
    }

    /** Why the replay halted, or null if it did not. */
    String reason() {
        return this.reason;
    }

    private synchronized void halt(String why) {
        if (this.reason == null) {
            this.reason = why;
            log.error("Replay halted: {}", why);
        }
    }

}
