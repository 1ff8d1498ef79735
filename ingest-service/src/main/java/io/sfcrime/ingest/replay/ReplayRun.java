package io.sfcrime.ingest.replay;

import io.sfcrime.calls.Reason;
import io.sfcrime.ingest.calls.CallEvent;
import io.sfcrime.ingest.calls.CallStream;
import io.sfcrime.ingest.calls.SkippedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One replay: reads the calls in the chosen order, paces them and sends each through the
 * {@link KafkaTemplate}, counting only what Kafka acknowledged as delivered. Runs on its own thread; its
 * status may be read from any thread.
 *
 * <p>While the broker is away the producer keeps what it was handed and retries it for up to its
 * {@code delivery.timeout.ms}; the replay keeps handing events over until half the producer's
 * {@code buffer.memory} is in flight, then waits, so {@code send()} never blocks on a full buffer and memory stays
 * bounded. The first event the producer gives up on (a timeout) ends the replay as FAILED: Kafka was unreachable for
 * that long. Each event is numbered in the replay's order and the {@link DeliveryLedger} notes what Kafka answered,
 * so that a resume sends exactly the events it did not acknowledge.
 */
final class ReplayRun implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);

    /** Skipped records logged one by one, and listed in the status, before the log only counts them. */
    private static final int SKIPS_LOGGED = 100;

    /** How long the replay waits for room in flight before it looks at a stop request again. */
    private static final long ROOM_WAIT_MS = 50;

    private final ReplayOptions options;

    private final ResumePlan plan;

    private final ResumePlan.Cursor planCursor;

    private final Instant resumeOf;

    private final KafkaTemplate<String, String> template;

    private final String topic;

    private final ReplayProperties properties;

    private final ReplayMetrics metrics;

    private final Supplier<Integer> producerFit;

    private final Duration deliveryTimeout;

    /** Bytes of keys and values in flight at most; a single larger event may go when nothing else is in flight. */
    private final long inFlightBudget;

    private final DeliveryLedger ledger = new DeliveryLedger();

    private final AtomicLong sent = new AtomicLong();

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private final AtomicLong skipped = new AtomicLong();

    private final AtomicLong tooLarge = new AtomicLong();

    private final AtomicLong inFlightBytes = new AtomicLong();

    private final AtomicLong consecutiveFailures = new AtomicLong();

    private final List<SkippedRecord> skippedRecords = new ArrayList<>();

    private final CountDownLatch ended = new CountDownLatch(1);

    private final Instant startedAt = Instant.now();

    private final long startNanos = System.nanoTime();

    private volatile ReplayState state = ReplayState.RUNNING;

    private volatile boolean stopRequested;

    /** The number, in the replay's sequence, of the next event to look at. */
    private volatile long next;

    /** The length of the whole sequence, where known. */
    private volatile Long events;

    private volatile Long total;

    private volatile long endNanos = -1;

    private volatile long lastAckNanos = -1;

    /** When the next progress line is due; only the replay thread reads and writes it. */
    private long nextProgressNanos;

    private volatile String lastError;

    /** Why the replay halted before its end (Kafka unreachable, or too many failures in a row); null if it did not. */
    private volatile String haltReason;

    private volatile ResumePlan resumePlan;

    /** The topic's {@code max.message.bytes}, where the broker told it as the run started. */
    private volatile Integer topicLimit;

    /** A fresh replay with the producer as it is. */
    ReplayRun(ReplayOptions options, KafkaTemplate<String, String> template, ReplayProperties properties,
            ReplayMetrics metrics) {
        this(options, ResumePlan.EVERYTHING, null, template, () -> null, properties, metrics);
    }

    /**
     * @param plan which events of the sequence to send: {@link ResumePlan#EVERYTHING}, or what an earlier run left
     * @param resumeOf the start of the run this one resumes, or null
     * @param producerFit fits the producer to the topic as the run starts and answers the topic's largest batch
     *     ({@code max.message.bytes}), or null when not known; see {@link TopicLimit}
     */
    ReplayRun(ReplayOptions options, ResumePlan plan, Instant resumeOf, KafkaTemplate<String, String> template,
            Supplier<Integer> producerFit, ReplayProperties properties, ReplayMetrics metrics) {
        this.options = options;
        this.producerFit = producerFit;
        this.plan = plan;
        this.planCursor = plan.cursor();
        this.resumeOf = resumeOf;
        this.template = template;
        this.topic = properties.topic().name();
        this.properties = properties;
        this.metrics = metrics;
        Map<String, Object> producer = template.getProducerFactory().getConfigurationProperties();
        this.deliveryTimeout = Duration.ofMillis(producerSetting(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        this.inFlightBudget = producerSetting(producer, ProducerConfig.BUFFER_MEMORY_CONFIG) / 2;
        this.events = plan.events();
        this.total = plan.count();
        if (options.loop()) {
            learnLength(options.limit());
        }
    }

    /** A producer setting as configured, or Kafka's default. */
    static long producerSetting(Map<String, Object> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            value = ProducerConfig.configDef().defaultValues().get(key);
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
    }

    @Override
    public void run() {
        log.info("Replay {}: {} -> topic {} ({})", this.resumeOf == null ? "started" : "resumed (" + describe(this.plan)
                + ")", this.options.file(), this.topic, this.options);
        String fileError = null;
        try {
            this.topicLimit = this.producerFit.get();
            replay();
        } catch (RuntimeException ex) {
            fileError = ex.getMessage();
            log.error("Replay failed after {} events sent: {}", this.sent.get(), ex.getMessage(), ex);
        } finally {
            awaitOutstandingAcks();
            this.resumePlan = this.ledger.resumePlan(this.next, this.plan, this.events);
            this.state = endState(fileError);
            this.endNanos = System.nanoTime();
            log.info("Replay {}: {}", this.state, progressLine(status(this.state)));
            if (resume(this.state) != null) {
                log.info("A resume (POST /api/replay {\"resume\": true}) would send {}", describe(this.resumePlan));
            }
            this.ended.countDown();
        }
    }

    /** Decided once Kafka answered for everything: COMPLETED means every event is on the topic. */
    private ReplayState endState(String fileError) {
        if (fileError != null) {
            this.lastError = fileError;
            return ReplayState.FAILED;
        }
        if (this.haltReason != null) {
            this.lastError = this.haltReason;
            return ReplayState.FAILED;
        }
        if (this.stopRequested) {
            return ReplayState.STOPPED;
        }
        long notTaken = this.failed.get() + outstanding();
        if (notTaken > 0) {
            this.lastError = notTaken + " events were not acknowledged; last error: " + this.lastError;
            return ReplayState.FAILED;
        }
        return ReplayState.COMPLETED;
    }

    private void replay() {
        Pacer pacer = Pacer.of(this.options);
        this.nextProgressNanos = System.nanoTime() + this.properties.progressInterval().toNanos();
        do {
            try (CallStream calls = open()) {
                if (!this.options.loop() && calls.size().isPresent()) {
                    learnLength(limited(calls.size().getAsLong()));
                }
                for (CallEvent call = calls.next(); call != null && !limitReached(); call = calls.next()) {
                    long number = this.next;
                    if (!this.planCursor.includes(number)) {
                        this.ledger.settle(number);
                        this.next = number + 1;
                        continue;
                    }
                    long bytes = bytes(call);
                    if (!pacer.await(call, () -> this.stopRequested) || !awaitRoom(bytes)) {
                        return;
                    }
                    send(number, call, bytes);
                    this.next = number + 1;
                    logProgressWhenDue();
                }
            }
            pacer.restart();
        } while (this.options.loop() && !this.stopRequested && !limitReached());
        if (!this.options.loop()) {
            learnLength(this.next);
        }
    }

    /** The length of the whole sequence, once known: what this run sends in all follows from it. */
    private void learnLength(Long length) {
        if (length != null && this.events == null) {
            this.events = length;
            this.total = this.plan.withEvents(length).count();
        }
    }

    private CallStream open() {
        return this.options.order() == ReplayOrder.FILE ? this.options.callsFile().inFileOrder(this::onSkip)
                : this.options.callsFile().inEventTimeOrder(this::onSkip);
    }

    private long limited(long size) {
        return this.options.limit() == null ? size : Math.min(size, this.options.limit());
    }

    private boolean limitReached() {
        return this.options.limit() != null && this.next >= this.options.limit();
    }

    private static long bytes(CallEvent call) {
        return call.crimeId().getBytes(StandardCharsets.UTF_8).length
                + (long) call.json().getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Waits until the event fits in the in-flight budget: while the broker is away, this is where the replay
     * waits. Answers false if the replay is to end instead.
     */
    private boolean awaitRoom(long bytes) {
        synchronized (this) {
            try {
                while (!halted() && !this.stopRequested && this.inFlightBytes.get() > 0
                        && this.inFlightBytes.get() + bytes > this.inFlightBudget) {
                    wait(ROOM_WAIT_MS);
                    logProgressWhenDue();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !halted() && !this.stopRequested;
    }

    private boolean halted() {
        if (this.haltReason != null) {
            return true;
        }
        long failures = this.consecutiveFailures.get();
        if (failures < this.properties.abortAfterConsecutiveFailures()) {
            return false;
        }
        halt("Stopped after " + failures + " sends in a row failed; last error: " + this.lastError);
        return true;
    }

    private synchronized void halt(String reason) {
        if (this.haltReason == null) {
            this.haltReason = reason;
            log.error("Replay halted: {}", reason);
        }
    }

    private void send(long number, CallEvent call, long bytes) {
        this.sent.incrementAndGet();
        this.inFlightBytes.addAndGet(bytes);
        try {
            this.template.send(this.topic, call.crimeId(), call.json()).whenComplete((result, ex) -> {
                if (ex == null) {
                    onAcknowledged(number, bytes);
                } else {
                    onFailed(number, call, bytes, ex);
                }
            });
        } catch (RuntimeException ex) {
            onFailed(number, call, bytes, ex);
        }
    }

    private void onAcknowledged(long number, long bytes) {
        this.ledger.settle(number);
        this.acknowledged.incrementAndGet();
        this.lastAckNanos = System.nanoTime();
        this.consecutiveFailures.set(0);
        this.metrics.sent();
        answered(bytes);
    }

    private void onFailed(long number, CallEvent call, long bytes, Throwable ex) {
        // The template wraps the producer's own error ("Send failed", "Failed to send"); the cause says what happened.
        Throwable cause = ex instanceof KafkaException && ex.getCause() != null ? ex.getCause() : ex;
        if (cause instanceof RecordTooLargeException) {
            // Kafka will never take this record, however often it is sent: a skipped record, not a failure.
            this.ledger.settle(number);
            this.tooLarge.incrementAndGet();
            Integer limit = this.topicLimit;
            onSkip(new SkippedRecord(call.position(), call.line(), Reason.TOO_LARGE, "crime_id " + call.crimeId()
                    + " is too large for "
                    + "Kafka: " + cause + (limit == null ? "" : " (topic " + this.topic + " takes batches of at most "
                    + limit + " bytes: max.message.bytes)")));
            answered(bytes);
            return;
        }
        this.ledger.fail(number);
        this.failed.incrementAndGet();
        this.consecutiveFailures.incrementAndGet();
        this.lastError = "crime_id " + call.crimeId() + " (record " + call.position() + "): " + cause;
        this.metrics.failed();
        if (this.failed.get() <= SKIPS_LOGGED) {
            log.warn("Kafka did not take crime_id {} (record {}): {}", call.crimeId(), call.position(),
                    cause.toString());
        }
        if (cause instanceof TimeoutException) {
            halt("Kafka did not acknowledge crime_id " + call.crimeId() + " (record " + call.position() + ") within "
                    + "the producer's delivery.timeout.ms (" + this.deliveryTimeout.toSeconds() + " s) or "
                    + "max.block.ms: the broker at " + bootstrapServers() + " is unreachable (" + cause.getMessage()
                    + "). Once it is back, POST /api/replay {\"resume\": true} sends what Kafka did not acknowledge");
        }
        answered(bytes);
    }

    private String bootstrapServers() {
        Object servers = this.template.getProducerFactory().getConfigurationProperties()
                .get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(servers);
    }

    private void onSkip(SkippedRecord record) {
        long count = this.skipped.incrementAndGet();
        this.metrics.skipped();
        if (count <= SKIPS_LOGGED) {
            synchronized (this.skippedRecords) {
                this.skippedRecords.add(record);
            }
            log.warn("Skipped record {} at line {} of {}: {} ({})", record.position(), record.line(),
                    this.options.file(), record.reason().code(), record.detail());
        } else if (count % 1000 == 0) {
            log.warn("Skipped {} records of {} so far", count, this.options.file());
        }
    }

    /** Wakes the replay thread, which may wait for room in flight or for the last answers. */
    private synchronized void answered(long bytes) {
        this.inFlightBytes.addAndGet(-bytes);
        notifyAll();
    }

    private long outstanding() {
        return this.sent.get() - this.acknowledged.get() - this.failed.get() - this.tooLarge.get();
    }

    /**
     * The end is reported only once Kafka answered for every event handed to it, which the producer does within
     * its delivery timeout; the margin only guards against a producer that does not. While the broker is away this
     * is where a replay that handed everything over waits, and it keeps saying so.
     */
    private void awaitOutstandingAcks() {
        long deadline = System.nanoTime() + this.deliveryTimeout.plusMinutes(1).toNanos();
        synchronized (this) {
            try {
                for (long now = System.nanoTime(); outstanding() > 0 && now < deadline; now = System.nanoTime()) {
                    logProgressWhenDue();
                    wait(TimeUnit.NANOSECONDS.toMillis(Math.min(deadline, this.nextProgressNanos) - now) + 1);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (outstanding() > 0) {
            log.error("Kafka did not answer for {} events within {} s; a resume sends them again", outstanding(),
                    this.deliveryTimeout.plusMinutes(1).toSeconds());
        }
    }

    void requestStop() {
        this.stopRequested = true;
    }

    boolean awaitEnd(Duration timeout) {
        try {
            return this.ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isRunning() {
        return this.ended.getCount() > 0;
    }

    ReplayOptions options() {
        return this.options;
    }

    Instant startedAt() {
        return this.startedAt;
    }

    /** What a resume of this run would send; null while it runs. */
    ResumePlan resumePlan() {
        return isRunning() ? null : this.resumePlan;
    }

    ReplayStatus status() {
        return status(isRunning() ? ReplayState.RUNNING : this.state);
    }

    private ReplayStatus status(ReplayState current) {
        long end = this.endNanos >= 0 ? this.endNanos : System.nanoTime();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(end - this.startNanos);
        long acked = this.acknowledged.get();
        double perSecond = elapsedMs > 0 ? acked * 1000.0 / elapsedMs : 0;
        long inFlight = outstanding();
        long answered = this.sent.get() - inFlight;
        Long knownTotal = this.total;
        Long eta = current == ReplayState.RUNNING && knownTotal != null && perSecond > 0
                ? (long) ((knownTotal - answered) * 1000 / perSecond) : null;
        if (current != ReplayState.RUNNING && eta == null && knownTotal != null) {
            eta = 0L;
        }
        long lastAck = this.lastAckNanos;
        Instant lastAcknowledgedAt = lastAck < 0 ? null
                : this.startedAt.plusNanos(lastAck - this.startNanos);
        List<SkippedRecord> skips;
        synchronized (this.skippedRecords) {
            skips = List.copyOf(this.skippedRecords);
        }
        return new ReplayStatus(current, this.sent.get(), acked, this.failed.get(), this.skipped.get(), inFlight,
                knownTotal, Math.round(perSecond * 10) / 10.0, this.startedAt, elapsedMs, eta, lastAcknowledgedAt,
                this.lastError, skips, resume(current), this.resumeOf, this.options);
    }

    private ReplayStatus.Resume resume(ReplayState current) {
        ResumePlan left = this.resumePlan;
        if (left == null || left.isEmpty()
                || (current != ReplayState.FAILED && current != ReplayState.STOPPED)) {
            return null;
        }
        Long length = left.events();
        Long fromEvent = length != null && left.from() >= length ? null : left.from() + 1;
        return new ReplayStatus.Resume(left.count(), left.notAcknowledged(), fromEvent);
    }

    private static String describe(ResumePlan plan) {
        Long count = plan.count();
        return (count == null ? "?" : count.toString()) + " events: the " + plan.notAcknowledged()
                + " Kafka did not acknowledge, then every event from number " + (plan.from() + 1)
                + (plan.events() == null ? " on" : " to " + plan.events());
    }

    private void logProgressWhenDue() {
        long now = System.nanoTime();
        if (now < this.nextProgressNanos) {
            return;
        }
        this.nextProgressNanos = now + this.properties.progressInterval().toNanos();
        long lastAck = this.lastAckNanos;
        long quietNanos = now - (lastAck < 0 ? this.startNanos : lastAck);
        if (outstanding() > 0 && quietNanos >= this.properties.progressInterval().toNanos()) {
            log.warn("Replay waiting for Kafka: nothing acknowledged for {} s, {} events in flight, each retried "
                    + "for up to {} s (delivery.timeout.ms); {}", TimeUnit.NANOSECONDS.toSeconds(quietNanos),
                    outstanding(), this.deliveryTimeout.toSeconds(), progressLine(status()));
        } else {
            log.info("Replay running: {}", progressLine(status()));
        }
    }

    private static String progressLine(ReplayStatus status) {
        return String.format("sent %d/%s, acknowledged %d, failed %d, skipped %d, in flight %d, %.0f events/s, ETA %s",
                status.sent(), status.total() == null ? "?" : status.total(), status.acknowledged(), status.failed(),
                status.skipped(), status.inFlight(), status.eventsPerSecond(),
                status.etaMs() == null ? "?" : Duration.ofMillis(status.etaMs()).toSeconds() + " s");
    }
}
