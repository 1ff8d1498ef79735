package io.sfcrime.analytics.pipeline;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What is known about the query, written by the Spark listener and the supervisor, read
 * by REST, health and metrics. Every field is safe to read and write from any thread;
 * nothing here blocks.
 *
 * <p>
 * Failures in a row count until the query makes progress again (a batch, or an idle
 * trigger whose offset look-up the broker answered): a query that merely started after a
 * failure is not yet healthy, since it may only be waiting for the broker to time out
 * again.
 */
@Component
public class QueryStatus {

    /**
     * REBUILDING: reading the result topic back into the store; STARTING, ACTIVE: the
     * query starts or runs; RESTARTING: waiting for the next attempt; FAILED: the query
     * ended with an error; STOPPED: on request.
     */
    public enum State {

        REBUILDING, STARTING, ACTIVE, RESTARTING, FAILED, STOPPED

    }

    private final AtomicReference<ProgressSnapshot> latest = new AtomicReference<>();

    private final AtomicReference<State> state = new AtomicReference<>(State.STOPPED);

    private final AtomicReference<String> runId = new AtomicReference<>();

    private final AtomicReference<Failures> failures = new AtomicReference<>(Failures.NONE);

    private final AtomicLong restarts = new AtomicLong();

    private final AtomicReference<QueryTotals> totals = new AtomicReference<>(QueryTotals.NONE);

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
        }
        else {
            failed(error);
        }
    }

    /**
     * The query, or reading the result topic back, failed; answers the failures in a row,
     * this one included.
     */
    int failed(String error) {
        int inARow = this.failures.updateAndGet(now -> now.failed(withoutStackTrace(error), Instant.now())).inARow();
        this.state.set(State.FAILED);
        return inARow;
    }

    /**
     * Spark's error text carries its stack trace: health and REST show what went wrong,
     * the log keeps the rest.
     */
    static String withoutStackTrace(String error) {
        int frames = error.indexOf("\n\tat ");
        return frames < 0 ? error : error.substring(0, frames);
    }

    void restarting(Instant at) {
        this.restarts.incrementAndGet();
        this.failures.updateAndGet(now -> now.retryingAt(at));
        this.state.set(State.RESTARTING);
    }

    /** The query made progress: the failures in a row are over. */
    void progressed() {
        this.failures.updateAndGet(Failures::over);
    }

    void progress(ProgressSnapshot snapshot) {
        this.latest.set(snapshot);
        this.totals.updateAndGet(totals -> totals.plus(snapshot));
    }

    public ProgressSnapshot latest() {
        return this.latest.get();
    }

    public State state() {
        return this.state.get();
    }

    public String runId() {
        return this.runId.get();
    }

    public Failures failures() {
        return this.failures.get();
    }

    public long restarts() {
        return this.restarts.get();
    }

    public QueryTotals totals() {
        return this.totals.get();
    }

    boolean active() {
        return this.state.get() == State.ACTIVE;
    }

    /** Starting or running, and not after a failure it has yet to make progress since. */
    public boolean healthy() {
        State current = this.state.get();
        return (current == State.STARTING || current == State.ACTIVE) && this.failures.get().inARow() == 0;
    }

}
