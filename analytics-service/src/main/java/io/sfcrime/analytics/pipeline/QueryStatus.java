package io.sfcrime.analytics.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What is known about the query, written by the Spark listener, the batch writer and the runner, read by REST,
 * health and metrics. Every field is safe to read and write from any thread; nothing here blocks.
 */
@Component
class QueryStatus {

    enum State { STARTING, ACTIVE, RESTARTING, FAILED, STOPPED }

    private final AtomicReference<ProgressSnapshot> latest = new AtomicReference<>();

    private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);

    private final AtomicReference<String> failure = new AtomicReference<>();

    private final AtomicReference<String> runId = new AtomicReference<>();

    private final Map<Long, Long> countedByBatch = new ConcurrentHashMap<>();

    private final AtomicLong restarts = new AtomicLong();

    private final AtomicLong inputRows = new AtomicLong();

    private final AtomicLong malformedRows = new AtomicLong();

    private final AtomicLong lateRows = new AtomicLong();

    private final AtomicLong batches = new AtomicLong();

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
            this.failure.set(error);
            this.state.set(State.FAILED);
        }
    }

    void restarting() {
        this.restarts.incrementAndGet();
        this.state.set(State.RESTARTING);
    }

    void failedToStart(String error) {
        this.failure.set(error);
        this.state.set(State.FAILED);
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
