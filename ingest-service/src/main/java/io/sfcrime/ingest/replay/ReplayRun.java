package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One replay: takes the events of its {@link EventSequence}, paces them ({@link Pacer}),
 * waits for room in flight ({@link InFlight}) and hands them to {@link Deliveries}, until
 * the sequence ends, a stop is asked for or the {@link AbortPolicy} halts it; then waits
 * for Kafka to answer for everything and returns how it ended. Runs on the replay thread;
 * its status may be read from any thread.
 *
 * <p>
 * While the broker is away the producer keeps what it was handed and retries it for up to
 * its {@code delivery.timeout.ms}; the run keeps handing events over until half the
 * producer's {@code buffer.memory} is in flight, then waits, so memory stays bounded.
 */
final class ReplayRun {

    private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);

    private final ReplayOptions options;

    private final ResumePlan plan;

    private final Instant resumeOf;

    private final String topic;

    private final Supplier<Integer> producerFit;

    private final Duration deliveryTimeout;

    private final InFlight inFlight;

    private final AbortPolicy abort;

    private final SkippedRecords skips;

    private final Deliveries deliveries;

    private final EventSequence sequence;

    private final ProgressLog progress;

    private final Instant startedAt = Instant.now();

    private final long startNanos = System.nanoTime();

    private volatile boolean stopRequested;

    /**
     * @param plan which events of the sequence to send: {@link ResumePlan#EVERYTHING}, or
     * what an earlier run left
     * @param resumeOf the start of the run this one resumes, or null
     * @param producerFit fits the producer to the topic as the run starts and answers the
     * topic's largest batch ({@code max.message.bytes}), or null when not known; see
     * {@link TopicLimit}
     */
    ReplayRun(ReplayOptions options, ResumePlan plan, Instant resumeOf, KafkaTemplate<String, byte[]> template,
            Supplier<Integer> producerFit, ReplayProperties properties, ReplayMetrics metrics) {
        this.options = options;
        this.plan = plan;
        this.resumeOf = resumeOf;
        this.topic = properties.topic().name();
        this.producerFit = producerFit;
        ProducerSettings producer = new ProducerSettings(template.getProducerFactory());
        this.deliveryTimeout = producer.deliveryTimeout();
        this.abort = new AbortPolicy(properties.abortAfterConsecutiveFailures(), this.deliveryTimeout,
                producer.bootstrapServers());
        this.skips = new SkippedRecords(options.file(), metrics);
        this.deliveries = new Deliveries(template, this.topic, producer.bufferMemory() / 2, this.abort, this.skips,
                metrics);
        this.inFlight = this.deliveries.inFlight();
        this.sequence = new EventSequence(options, plan, this.skips, this.deliveries::passOver);
        this.progress = new ProgressLog(properties.progressInterval(), this.deliveryTimeout, () -> status(null));
    }

    /** Runs the replay to its end, on the calling thread. */
    ReplayOutcome call() {
        log.info("Replay {}: {} -> topic {} ({})",
                this.resumeOf == null ? "started" : "resumed (" + this.plan.describe() + ")", this.options.file(),
                this.topic, this.options);
        String fileError = null;
        try (EventSequence events = this.sequence) {
            this.deliveries.topicTakesAtMost(this.producerFit.get());
            sendAll(events);
        }
        catch (RuntimeException ex) {
            fileError = ex.getMessage();
            log.error("Replay failed after {} events sent: {}", this.deliveries.counts().sent(), ex.getMessage(), ex);
        }
        awaitAnswers();
        ReplayOutcome outcome = outcome(fileError);
        log.info("Replay {}: {}", outcome.state(), ProgressLog.line(status(outcome)));
        if (outcome.resume() != null) {
            log.info("A resume (POST /api/replay {\"resume\": true}) would send {}", outcome.left().describe());
        }
        return outcome;
    }

    private void sendAll(EventSequence events) {
        Pacer pacer = Pacer.of(this.options);
        for (EventSequence.Numbered event = events.next(this::ending); event != null; event = events
            .next(this::ending)) {
            CallEvent call = event.call();
            if (event.newPass()) {
                pacer.restart();
            }
            long bytes = InFlight.bytes(call);
            if (!pacer.await(call, this::ending)
                    || !this.inFlight.awaitRoom(bytes, this::ending, this.progress::logWhenDue)) {
                return;
            }
            this.deliveries.send(event.number(), call, bytes);
            this.progress.logWhenDue();
        }
    }

    private boolean ending() {
        return this.stopRequested || this.abort.halted();
    }

    /**
     * The end is reported only once Kafka answered for every event handed to it, which
     * the producer does within its delivery timeout; the margin only guards against a
     * producer that does not. While the broker is away this is where a replay that handed
     * everything over waits, and it keeps saying so.
     */
    private void awaitAnswers() {
        Duration patience = this.deliveryTimeout.plusMinutes(1);
        long unanswered = this.inFlight.awaitNone(patience, this.progress::logWhenDue);
        if (unanswered > 0) {
            log.error("Kafka did not answer for {} events within {} s; a resume sends them again", unanswered,
                    patience.toSeconds());
        }
    }

    /**
     * Decided once Kafka answered for everything: COMPLETED means every event is on the
     * topic.
     */
    private ReplayOutcome outcome(String fileError) {
        ResumePlan left = this.deliveries.resumePlan(this.sequence.position(), this.plan, this.sequence.length());
        long now = System.nanoTime();
        Deliveries.Counts counts = this.deliveries.counts();
        if (fileError != null) {
            return new ReplayOutcome(ReplayState.FAILED, fileError, left, now);
        }
        if (this.abort.halted()) {
            return new ReplayOutcome(ReplayState.FAILED, this.abort.reason(), left, now);
        }
        if (this.stopRequested) {
            return new ReplayOutcome(ReplayState.STOPPED, counts.lastError(), left, now);
        }
        long notTaken = counts.failed() + this.inFlight.events();
        if (notTaken > 0) {
            return new ReplayOutcome(ReplayState.FAILED,
                    notTaken + " events were not acknowledged; last error: " + counts.lastError(), left, now);
        }
        return new ReplayOutcome(ReplayState.COMPLETED, counts.lastError(), left, now);
    }

    void requestStop() {
        this.stopRequested = true;
    }

    ReplayOptions options() {
        return this.options;
    }

    Instant startedAt() {
        return this.startedAt;
    }

    /**
     * @param ended how the run ended, or null while it runs
     */
    ReplayStatus status(ReplayOutcome ended) {
        ReplayState state = ended == null ? ReplayState.RUNNING : ended.state();
        long end = ended == null ? System.nanoTime() : ended.endNanos();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(end - this.startNanos);
        Deliveries.Counts counts = this.deliveries.counts();
        long sent = counts.sent();
        long acked = counts.acknowledged();
        double perSecond = elapsedMs > 0 ? acked * 1000.0 / elapsedMs : 0;
        long inFlightNow = this.inFlight.events();
        Long total = this.sequence.total();
        Long eta = null;
        if (total != null && ended == null && perSecond > 0) {
            eta = (long) ((total - (sent - inFlightNow)) * 1000 / perSecond);
        }
        else if (total != null && ended != null) {
            eta = 0L;
        }
        long lastAck = counts.lastAckNanos();
        Instant lastAcknowledgedAt = lastAck < 0 ? null : this.startedAt.plusNanos(lastAck - this.startNanos);
        return new ReplayStatus(state, sent, acked, counts.failed(), this.skips.count(), inFlightNow, total,
                Math.round(perSecond * 10) / 10.0, this.startedAt, elapsedMs, eta, lastAcknowledgedAt,
                ended == null ? counts.lastError() : ended.lastError(), this.skips.listed(),
                ended == null ? null : ended.resume(), this.resumeOf, this.options);
    }

}
