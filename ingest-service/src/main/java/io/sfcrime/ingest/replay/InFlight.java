package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The events handed to the producer that Kafka has not answered for yet, and their bytes:
 * where the replay thread waits for answers. It hands events over until the budget is in
 * flight, then waits for room, so that the producer's {@code send()} never blocks on a
 * full buffer and memory stays bounded while the broker is away.
 */
final class InFlight {

    /**
     * The longest single wait, so that the waiting thread also looks at a stop request
     * and the progress log.
     */
    private static final long SLICE_MS = 50;

    /**
     * Bytes of keys and values in flight at most; a single larger event may go when
     * nothing else is in flight.
     */
    private final long budget;

    private long events;

    private long bytes;

    /**
     * @param budget the bytes of keys and values in flight at most
     */
    InFlight(long budget) {
        this.budget = budget;
    }

    /** The bytes an event takes in flight: its key and its value. */
    static long bytes(CallEvent call) {
        return call.crimeId().getBytes(StandardCharsets.UTF_8).length + (long) call.value().length;
    }

    synchronized void handedOver(long eventBytes) {
        this.events++;
        this.bytes += eventBytes;
    }

    /**
     * Kafka answered for an event (acknowledged, failed or refused it): wakes the waiting
     * thread.
     */
    synchronized void answered(long eventBytes) {
        this.events--;
        this.bytes -= eventBytes;
        notifyAll();
    }

    synchronized long events() {
        return this.events;
    }

    /**
     * Waits until an event of this size fits in the budget: while the broker is away,
     * this is where a replay waits.
     * @param ending true when the replay is to end instead
     * @param whileWaiting run between waits of at most {@value #SLICE_MS} ms
     * @return false if the replay is to end
     */
    synchronized boolean awaitRoom(long eventBytes, BooleanSupplier ending, Runnable whileWaiting) {
        try {
            while (!ending.getAsBoolean() && this.bytes > 0 && this.bytes + eventBytes > this.budget) {
                wait(SLICE_MS);
                whileWaiting.run();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !ending.getAsBoolean();
    }

    /**
     * Waits until Kafka answered for every event, or the timeout passed.
     * @param whileWaiting run between waits of at most {@value #SLICE_MS} ms
     * @return how many events are still in flight
     */
    synchronized long awaitNone(Duration timeout, Runnable whileWaiting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (this.events > 0 && System.nanoTime() < deadline) {
                wait(SLICE_MS);
                whileWaiting.run();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return this.events;
    }

}
