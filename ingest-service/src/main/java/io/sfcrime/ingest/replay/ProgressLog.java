package io.sfcrime.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running replay's progress line every interval, or a warning while Kafka acknowledges
 * nothing. Called by the replay thread only.
 */
final class ProgressLog {

    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final Duration interval;

    private final Duration deliveryTimeout;

    private final Supplier<ReplayStatus> status;

    private long dueNanos;

    ProgressLog(Duration interval, Duration deliveryTimeout, Supplier<ReplayStatus> status) {
        this.interval = interval;
        this.deliveryTimeout = deliveryTimeout;
        this.status = status;
        this.dueNanos = System.nanoTime() + interval.toNanos();
    }

    void logWhenDue() {
        long now = System.nanoTime();
        if (now < this.dueNanos) {
            return;
        }
        this.dueNanos = now + this.interval.toNanos();
        ReplayStatus current = this.status.get();
        Instant lastAck = current.lastAcknowledgedAt() == null ? current.startedAt() : current.lastAcknowledgedAt();
        Duration quiet = Duration.between(lastAck, Instant.now());
        if (current.inFlight() > 0 && quiet.compareTo(this.interval) >= 0) {
            log.warn(
                    "Replay waiting for Kafka: nothing acknowledged for {} s, {} events in flight, each retried "
                            + "for up to {} s (delivery.timeout.ms); {}",
                    quiet.toSeconds(), current.inFlight(), this.deliveryTimeout.toSeconds(), line(current));
        }
        else {
            log.info("Replay running: {}", line(current));
        }
    }

    static String line(ReplayStatus status) {
        return String.format("sent %d/%s, acknowledged %d, failed %d, skipped %d, in flight %d, %.0f events/s, ETA %s",
                status.sent(), status.total() == null ? "?" : status.total(), status.acknowledged(), status.failed(),
                status.skipped(), status.inFlight(), status.eventsPerSecond(),
                status.etaMs() == null ? "?" : Duration.ofMillis(status.etaMs()).toSeconds() + " s");
    }

}
