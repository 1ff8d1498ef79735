package io.sfcrime.ingest.replay;

import io.sfcrime.calls.Reason;
import io.sfcrime.ingest.calls.CallEvent;
import io.sfcrime.ingest.calls.SkippedRecord;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Hands a run's events to Kafka through the {@link KafkaTemplate} and counts what Kafka
 * answered: an event is delivered only once Kafka acknowledged it. Each answer is noted
 * in the run's {@link DeliveryLedger} by the event's number, so that a resume sends
 * exactly what was not acknowledged. The replay thread sends, the producer's thread
 * answers, any thread reads the counts.
 */
final class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    /** Failed sends logged one by one before the log only counts them. */
    private static final int FAILURES_LOGGED = 100;

    private final KafkaTemplate<String, byte[]> template;

    private final String topic;

    /** Told of every failure, to halt the run when it says so. */
    private final AbortPolicy abort;

    /** Told of every record Kafka refused as too large. */
    private final Consumer<SkippedRecord> skips;

    private final ReplayMetrics metrics;

    /** What was handed over and not answered for yet. */
    private final InFlight inFlight;

    private final DeliveryLedger ledger = new DeliveryLedger();

    private final AtomicLong sent = new AtomicLong();

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private volatile long lastAckNanos = -1;

    private volatile String lastError;

    /**
     * The topic's {@code max.message.bytes}, where the broker told it as the run started.
     */
    private volatile Integer topicLimit;

    /**
     * @param inFlightBudget the bytes of keys and values in flight at most, see
     * {@link InFlight}
     */
    Deliveries(KafkaTemplate<String, byte[]> template, String topic, long inFlightBudget, AbortPolicy abort,
            Consumer<SkippedRecord> skips, ReplayMetrics metrics) {
        this.template = template;
        this.topic = topic;
        this.abort = abort;
        this.skips = skips;
        this.metrics = metrics;
        this.inFlight = new InFlight(inFlightBudget);
    }

    /**
     * What was handed over and not answered for yet: where the replay thread waits for
     * room and for answers.
     */
    InFlight inFlight() {
        return this.inFlight;
    }

    /**
     * The topic's limit as the broker told it before the first send, for the reports of
     * records too large.
     */
    void topicTakesAtMost(Integer maxMessageBytes) {
        this.topicLimit = maxMessageBytes;
    }

    /** An event the run does not have to send: nothing to resume there. */
    void passOver(long number) {
        this.ledger.settle(number);
    }

    /**
     * @param bytes the event's {@link InFlight#bytes}
     */
    void send(long number, CallEvent call, long bytes) {
        this.sent.incrementAndGet();
        this.inFlight.handedOver(bytes);
        try {
            this.template.send(this.topic, call.crimeId(), call.value()).whenComplete((result, ex) -> {
                if (ex == null) {
                    onAcknowledged(number, bytes);
                }
                else {
                    onFailed(number, call, bytes, ex);
                }
            });
        }
        catch (RuntimeException ex) {
            onFailed(number, call, bytes, ex);
        }
    }

    private void onAcknowledged(long number, long bytes) {
        this.ledger.settle(number);
        this.acknowledged.incrementAndGet();
        this.lastAckNanos = System.nanoTime();
        this.abort.acknowledged();
        this.metrics.sent();
        this.inFlight.answered(bytes);
    }

    private void onFailed(long number, CallEvent call, long bytes, Throwable ex) {
        // The template wraps the producer's own error ("Send failed", "Failed to send");
        // the cause says what happened.
        Throwable cause = ex instanceof KafkaException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof RecordTooLargeException) {
            // Kafka will never take this record, however often it is sent: a skipped
            // record, not a failure.
            this.ledger.settle(number);
            Integer limit = this.topicLimit;
            this.skips.accept(new SkippedRecord(call.position(), call.line(), Reason.TOO_LARGE,
                    "crime_id " + call.crimeId() + " is too large for Kafka: " + cause
                            + (limit == null ? "" : " (topic " + this.topic + " takes batches of at most " + limit
                                    + " bytes: max.message.bytes)")));
            this.inFlight.answered(bytes);
            return;
        }
        this.ledger.fail(number);
        String error = "crime_id " + call.crimeId() + " (record " + call.position() + "): " + cause;
        this.lastError = error;
        if (this.failed.incrementAndGet() <= FAILURES_LOGGED) {
            log.warn("Kafka did not take crime_id {} (record {}): {}", call.crimeId(), call.position(),
                    cause.toString());
        }
        this.metrics.failed();
        this.abort.failed(call, cause, error);
        this.inFlight.answered(bytes);
    }

    /** The counts as they are now. */
    Counts counts() {
        return new Counts(this.sent.get(), this.acknowledged.get(), this.failed.get(), this.lastAckNanos,
                this.lastError);
    }

    /**
     * @param sent events handed to the producer
     * @param acknowledged events Kafka acknowledged
     * @param failed events Kafka did not take after the producer's retries
     * @param lastAckNanos {@link System#nanoTime} of the last acknowledgement, or -1
     * before the first
     * @param lastError the last send that failed and why, or null
     */
    record Counts(long sent, long acknowledged, long failed, long lastAckNanos, String lastError) {
    }

    /**
     * What a resume of this run sends.
     * @param next the first number the run did not look at
     * @param plan the plan the run followed
     * @param events the length of the whole sequence, where known
     */
    ResumePlan resumePlan(long next, ResumePlan plan, Long events) {
        return this.ledger.resumePlan(next, plan, events);
    }

}
