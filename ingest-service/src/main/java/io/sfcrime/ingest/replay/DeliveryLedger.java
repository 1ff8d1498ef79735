package io.sfcrime.ingest.replay;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What Kafka answered for each event of a run, by the event's number in the replay's
 * sequence, so that a resume can send exactly what was not acknowledged. Memory follows
 * the events in flight, not the length of the replay: every number below {@code base} is
 * settled, one bit per number from there on, and only failures are listed. Thread-safe:
 * the replay thread hands events over, the producer's thread answers.
 */
final class DeliveryLedger {

    /**
     * The settled prefix is cut off once this long, so the bit set stays about as long as
     * what is in flight.
     */
    private static final int COMPACT_AT = 1 << 16;

    private long base;

    /**
     * Bit i: number {@code base + i} is settled (acknowledged, refused as too large,
     * failed, or not sent).
     */
    private BitSet settled = new BitSet();

    /** The first clear bit: everything before it is settled. */
    private int low;

    private long[] failed = new long[16];

    private int failedCount;

    /**
     * Kafka acknowledged the event, refused it for good (too large), or the run did not
     * have to send it.
     */
    synchronized void settle(long number) {
        int bit = Math.toIntExact(number - this.base);
        this.settled.set(bit);
        if (bit == this.low) {
            this.low = this.settled.nextClearBit(this.low);
            if (this.low >= COMPACT_AT) {
                this.settled = this.settled.get(this.low, Math.max(this.low, this.settled.length()));
                this.base += this.low;
                this.low = 0;
            }
        }
    }

    /** Kafka did not take the event: a resume sends it again. */
    synchronized void fail(long number) {
        if (this.failedCount == this.failed.length) {
            this.failed = Arrays.copyOf(this.failed, this.failedCount * 2);
        }
        this.failed[this.failedCount++] = number;
        settle(number);
    }

    /**
     * What a resume of this run sends: what failed, what was handed over and never
     * answered, what the run's own plan still had pending beyond where it stopped, and
     * everything from {@code next} (or the plan's own start, if later) on.
     * @param next the first number the run did not look at
     * @param plan the plan the run followed
     * @param events the length of the whole sequence, where known
     */
    synchronized ResumePlan resumePlan(long next, ResumePlan plan, Long events) {
        long[] unanswered = new long[0];
        int count = 0;
        for (int bit = this.settled.nextClearBit(this.low); this.base + bit < next; bit = this.settled
            .nextClearBit(bit + 1)) {
            if (count == unanswered.length) {
                unanswered = Arrays.copyOf(unanswered, Math.max(16, count * 2));
            }
            unanswered[count++] = this.base + bit;
        }
        long[] later = plan.pendingFrom(next);
        long[] pending = new long[this.failedCount + count + later.length];
        System.arraycopy(this.failed, 0, pending, 0, this.failedCount);
        System.arraycopy(unanswered, 0, pending, this.failedCount, count);
        System.arraycopy(later, 0, pending, this.failedCount + count, later.length);
        Arrays.sort(pending);
        return new ResumePlan(pending, Math.max(next, plan.from()), events);
    }

}
