package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallEvent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Decides when each event is due. Schedules are absolute (from the start), so time lost
 * to a slow send is made up instead of adding up.
 */
abstract class Pacer {

    /** The longest single wait, so that a stop request is seen quickly. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private long startNanos = -1;

    static Pacer of(ReplayOptions options) {
        if (options.speedup() != null) {
            return new SpeedupPacer(options.speedup());
        }
        return options.rate() > 0 ? new RatePacer(options.rate()) : new Pacer() {
            @Override
            long dueNanos(CallEvent event) {
                return 0;
            }
        };
    }

    /** Nanoseconds after the start at which this event is due. */
    abstract long dueNanos(CallEvent event);

    /** Starts the schedule again (a looping replay at the end of a pass). */
    void restart() {
        this.startNanos = -1;
    }

    /**
     * Waits until the event is due; answers false if {@code stopped} turned true
     * meanwhile.
     */
    boolean await(CallEvent event, BooleanSupplier stopped) {
        if (this.startNanos < 0) {
            this.startNanos = System.nanoTime();
        }
        long due = this.startNanos + dueNanos(event);
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, SLICE_NANOS));
        }
        return !stopped.getAsBoolean();
    }

    private static final class RatePacer extends Pacer {

        private final double nanosPerEvent;

        private long index;

        RatePacer(double rate) {
            this.nanosPerEvent = TimeUnit.SECONDS.toNanos(1) / rate;
        }

        @Override
        long dueNanos(CallEvent event) {
            return (long) (this.index++ * this.nanosPerEvent);
        }

        @Override
        void restart() {
            super.restart();
            this.index = 0;
        }

    }

    private static final class SpeedupPacer extends Pacer {

        private final double speedup;

        private CallEvent first;

        SpeedupPacer(double speedup) {
            this.speedup = speedup;
        }

        /**
         * The event-time gap to the first event, shrunk; absolute, so a file-order replay
         * paces too.
         */
        @Override
        long dueNanos(CallEvent event) {
            if (this.first == null) {
                this.first = event;
            }
            Duration gap = Duration.between(this.first.callDateTime(), event.callDateTime()).abs();
            return (long) (gap.toNanos() / this.speedup);
        }

        @Override
        void restart() {
            super.restart();
            this.first = null;
        }

    }

}
