package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallEvent;
import io.sfcrime.ingest.calls.CallStream;
import io.sfcrime.ingest.calls.SkippedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * One replay: reads the calls in the chosen order, paces them and sends each through the
 * {@link KafkaTemplate}, counting only what Kafka acknowledged as delivered. Runs on its own thread; its
 * status may be read from any thread.
 */
final class ReplayRun implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ReplayRun.class);

    /** Skipped records logged one by one before the log only counts them (a file of garbage). */
    private static final int SKIPS_LOGGED = 100;

    private final ReplayOptions options;

    private final KafkaTemplate<String, String> template;

    private final String topic;

    private final ReplayProperties properties;

    private final ReplayMetrics metrics;

    private final AtomicLong sent = new AtomicLong();

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    private final AtomicLong skipped = new AtomicLong();

    private final AtomicLong consecutiveFailures = new AtomicLong();

    private final CountDownLatch ended = new CountDownLatch(1);

    private final Instant startedAt = Instant.now();

    private final long startNanos = System.nanoTime();

    private volatile ReplayState state = ReplayState.RUNNING;

    private volatile boolean stopRequested;

    private volatile Long total;

    private volatile long endNanos = -1;

    private volatile String lastError;

    ReplayRun(ReplayOptions options, KafkaTemplate<String, String> template, ReplayProperties properties,
            ReplayMetrics metrics) {
        this.options = options;
        this.template = template;
        this.topic = properties.topic().name();
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        log.info("Replay started: {} -> topic {} ({})", this.options.file(), this.topic, this.options);
        try {
            replay();
            this.state = this.stopRequested ? ReplayState.STOPPED
                    : this.state == ReplayState.FAILED ? ReplayState.FAILED : ReplayState.COMPLETED;
        } catch (RuntimeException ex) {
            this.lastError = ex.getMessage();
            this.state = ReplayState.FAILED;
            log.error("Replay failed after {} events sent: {}", this.sent.get(), ex.getMessage(), ex);
        } finally {
            awaitOutstandingAcks();
            this.endNanos = System.nanoTime();
            log.info("Replay {}: {}", this.state, progressLine());
            this.ended.countDown();
        }
    }

    private void replay() {
        Pacer pacer = Pacer.of(this.options);
        long nextProgress = System.nanoTime() + this.properties.progressInterval().toNanos();
        do {
            try (CallStream calls = open()) {
                if (!this.options.loop() && calls.size().isPresent()) {
                    this.total = limited(calls.size().getAsLong());
                }
                for (CallEvent call = calls.next(); call != null && !limitReached(); call = calls.next()) {
                    if (!pacer.await(call, () -> this.stopRequested) || aborted()) {
                        return;
                    }
                    send(call);
                    if (System.nanoTime() >= nextProgress) {
                        log.info("Replay running: {}", progressLine());
                        nextProgress = System.nanoTime() + this.properties.progressInterval().toNanos();
                    }
                }
            }
            pacer.restart();
        } while (this.options.loop() && !this.stopRequested && !limitReached());
        if (!this.options.loop() && this.total == null) {
            this.total = this.sent.get();
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
        return this.options.limit() != null && this.sent.get() >= this.options.limit();
    }

    private boolean aborted() {
        long failures = this.consecutiveFailures.get();
        if (failures < this.properties.abortAfterConsecutiveFailures()) {
            return false;
        }
        this.state = ReplayState.FAILED;
        this.lastError = "Stopped after " + failures + " sends in a row failed; last error: " + this.lastError;
        log.error("Replay aborted: {}", this.lastError);
        return true;
    }

    private void send(CallEvent call) {
        this.sent.incrementAndGet();
        try {
            this.template.send(this.topic, call.crimeId(), call.json()).whenComplete((result, ex) -> {
                if (ex == null) {
                    onAcknowledged();
                } else {
                    onFailed(call, ex);
                }
            });
        } catch (RuntimeException ex) {
            onFailed(call, ex);
        }
    }

    private void onAcknowledged() {
        this.acknowledged.incrementAndGet();
        this.consecutiveFailures.set(0);
        this.metrics.sent();
        signalIfSettled();
    }

    private void onFailed(CallEvent call, Throwable ex) {
        // The template wraps the producer's own error ("Send failed", "Failed to send"); the cause says what happened.
        Throwable cause = ex instanceof KafkaException && ex.getCause() != null ? ex.getCause() : ex;
        this.failed.incrementAndGet();
        this.consecutiveFailures.incrementAndGet();
        this.lastError = "crime_id " + call.crimeId() + " (record " + call.position() + "): " + cause;
        this.metrics.failed();
        if (this.failed.get() <= SKIPS_LOGGED) {
            log.warn("Kafka did not take crime_id {} (record {}): {}", call.crimeId(), call.position(), cause.toString());
        }
        signalIfSettled();
    }

    private void onSkip(SkippedRecord record) {
        long count = this.skipped.incrementAndGet();
        this.metrics.skipped();
        if (count <= SKIPS_LOGGED) {
            log.warn("Skipped record {} at line {} of {}: {} ({})", record.position(), record.line(),
                    this.options.file(), record.reason().code(), record.detail());
        } else if (count % 1000 == 0) {
            log.warn("Skipped {} records of {} so far", count, this.options.file());
        }
    }

    private synchronized void signalIfSettled() {
        if (outstanding() == 0) {
            notifyAll();
        }
    }

    private long outstanding() {
        return this.sent.get() - this.acknowledged.get() - this.failed.get();
    }

    /** The end is reported only once Kafka answered for every event handed to it. */
    private void awaitOutstandingAcks() {
        try {
            this.template.flush();
        } catch (RuntimeException ex) {
            log.warn("Flushing the producer failed: {}", ex.toString());
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        synchronized (this) {
            try {
                while (outstanding() > 0 && System.nanoTime() < deadline) {
                    wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
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

    ReplayStatus status() {
        ReplayState current = isRunning() ? ReplayState.RUNNING : this.state;
        long end = this.endNanos >= 0 ? this.endNanos : System.nanoTime();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(end - this.startNanos);
        long acked = this.acknowledged.get();
        double perSecond = elapsedMs > 0 ? acked * 1000.0 / elapsedMs : 0;
        Long knownTotal = this.total;
        Long eta = current == ReplayState.RUNNING && knownTotal != null && perSecond > 0
                ? (long) ((knownTotal - acked - this.failed.get()) * 1000 / perSecond) : null;
        if (current != ReplayState.RUNNING && eta == null && knownTotal != null) {
            eta = 0L;
        }
        return new ReplayStatus(current, this.sent.get(), acked, this.failed.get(), this.skipped.get(), knownTotal,
                Math.round(perSecond * 10) / 10.0, this.startedAt, elapsedMs, eta, this.lastError, this.options);
    }

    private String progressLine() {
        ReplayStatus status = status();
        return String.format("sent %d/%s, acknowledged %d, failed %d, skipped %d, %.0f events/s, ETA %s",
                status.sent(), status.total() == null ? "?" : status.total(), status.acknowledged(), status.failed(),
                status.skipped(), status.eventsPerSecond(),
                status.etaMs() == null ? "?" : Duration.ofMillis(status.etaMs()).toSeconds() + " s");
    }
}
