package io.sfcrime.analytics.pipeline;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What is known about the query, written by the Spark listener, the batch writer and the runner, read by REST,
 * health and metrics. Every field is safe to read and write from any thread; nothing here blocks.
 *
 * <p>Failures in a row count until the query makes progress again (a batch, or an idle trigger whose offset
 * look-up the broker answered): a query that merely started after a failure is not yet healthy, since it may
 * only be waiting for the broker to time out again.
 */
@Component
class QueryStatus {

    /**
     * REBUILDING: reading the result topic back into the store; STARTING, ACTIVE: the query starts or runs;
     * RESTARTING: waiting for the next attempt; FAILED: the query ended with an error; STOPPED: on request.
     */
    enum State { REBUILDING, STARTING, ACTIVE, RESTARTING, FAILED, STOPPED }

    private final AtomicReference<ProgressSnapshot> latest = new AtomicReference<>();

    private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);

    private final AtomicReference<String> failure = new AtomicReference<>();

    private final AtomicReference<String> runId = new AtomicReference<>();

    private final AtomicInteger failuresInARow = new AtomicInteger();

    private final AtomicReference<Instant> failingSince = new AtomicReference<>();

    private final AtomicReference<Instant> nextAttempt = new AtomicReference<>();

    private final Map<Long, Long> countedByBatch = new ConcurrentHashMap<>();

    private final AtomicLong restarts = new AtomicLong();

    private final AtomicLong inputRows = new AtomicLong();

    private final AtomicLong malformedRows = new AtomicLong();

    private final AtomicLong lateRows = new AtomicLong();

    private final AtomicLong batches = new AtomicLong();

    void rebuilding() {
        this.state.set(State.REBUILDING);
    }

    void starting() {
        this.state.set(State.STARTING);
    }

    void started(String runId) {
        this.runId.set(runId);
        this.state.set(State.ACTIVE);
    }

    /** The query stopped: on request when {@code error} is null, otherwise failed. */
    void terminated(String error) {
        if (error == null) {
            this.state.set(State.STOPPED);
        } else {
            failed(error);
        }
    }

    /** The query, or reading the result topic back, failed; answers the failures in a row, this one included. */
    int failed(String error) {
        this.failure.set(withoutStackTrace(error));
        this.failingSince.compareAndSet(null, Instant.now());
        this.nextAttempt.set(null);
        this.state.set(State.FAILED);
        return this.failuresInARow.incrementAndGet();
    }

    /** Spark's error text carries its stack trace: health and REST show what went wrong, the log keeps the rest. */
    static String withoutStackTrace(String error) {
        int frames = error.indexOf("\n\tat ");
        return frames < 0 ? error : error.substring(0, frames);
    }

    void restarting(Instant at) {
        this.restarts.incrementAndGet();
        this.nextAttempt.set(at);
        this.state.set(State.RESTARTING);
    }

    /** The query made progress: the failures in a row are over. */
    void progressed() {
        this.failuresInARow.set(0);
        this.failingSince.set(null);
        this.nextAttempt.set(null);
    }

    /** Called by the batch writer: calls the batch added to the counts. */
    void counted(long batchId, long rows) {
        this.countedByBatch.put(batchId, rows);
    }

    /** Calls a finished batch added to the counts; zero when it had no output. */
    long takeCounted(long batchId) {
        Long rows = this.countedByBatch.remove(batchId);
        return rows == null ? 0 : rows;
    }

    void progress(ProgressSnapshot snapshot) {
        this.latest.set(snapshot);
        this.batches.incrementAndGet();
        this.inputRows.addAndGet(snapshot.numInputRows());
        this.malformedRows.addAndGet(snapshot.malformedRows());
        this.lateRows.addAndGet(snapshot.lateRows());
    }

    ProgressSnapshot latest() {
        return this.latest.get();
    }

    State state() {
        return this.state.get();
    }

    String failure() {
        return this.failure.get();
    }

    String runId() {
        return this.runId.get();
    }

    long restarts() {
        return this.restarts.get();
    }

    boolean active() {
        return this.state.get() == State.ACTIVE;
    }

    /** Starting or running, and not after a failure it has yet to make progress since. */
    boolean healthy() {
        State current = this.state.get();
        return (current == State.STARTING || current == State.ACTIVE) && this.failuresInARow.get() == 0;
    }

    int failuresInARow() {
        return this.failuresInARow.get();
    }

    /** When the failures in a row began, or null. */
    Instant failingSince() {
        return this.failingSince.get();
    }

    /** When the next attempt is due while RESTARTING, or null. */
    Instant nextAttempt() {
        return this.nextAttempt.get();
    }

    long inputRows() {
        return this.inputRows.get();
    }

    long malformedRows() {
        return this.malformedRows.get();
    }

    long lateRows() {
        return this.lateRows.get();
    }

    long batches() {
        return this.batches.get();
    }
}
