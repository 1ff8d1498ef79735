package io.sfcrime.ingest.replay;

import java.util.Arrays;

/**
 * Which events of a replay's sequence a run sends, by their number in that sequence
 * (0-based, in the replay's order, counted on over the passes of a loop): the listed
 * numbers Kafka did not acknowledge in an earlier run, then every number from
 * {@code from} on. A fresh replay sends everything.
 */
final class ResumePlan {

    static final ResumePlan EVERYTHING = new ResumePlan(new long[0], 0, null);

    private final long[] pending;

    private final long from;

    private final Long events;

    /**
     * @param pending numbers below {@code from} handed to Kafka earlier without an
     * acknowledgement, ascending
     * @param from the first number never handed to Kafka: it and every later one are sent
     * @param events the length of the whole sequence, where known
     */
    ResumePlan(long[] pending, long from, Long events) {
        this.pending = pending;
        this.from = from;
        this.events = events;
    }

    /**
     * Events handed to Kafka before without an acknowledgement: the only ones a resume
     * can duplicate.
     */
    long notAcknowledged() {
        return this.pending.length;
    }

    long from() {
        return this.from;
    }

    /** The length of the whole sequence, where known. */
    Long events() {
        return this.events;
    }

    /**
     * What a run with this plan sends in all, where the length of the sequence is known.
     */
    Long count() {
        return this.events == null ? null : this.pending.length + Math.max(0, this.events - this.from);
    }

    /** The same plan over a sequence now known to be this long. */
    ResumePlan withEvents(long length) {
        return new ResumePlan(this.pending, this.from, length);
    }

    /** True when it is known that a run with this plan would send nothing. */
    boolean isEmpty() {
        return this.pending.length == 0 && this.events != null && this.from >= this.events;
    }

    /**
     * The listed numbers at or after {@code number}: what stays pending when a run stops
     * there.
     */
    long[] pendingFrom(long number) {
        int first = Arrays.binarySearch(this.pending, number);
        int start = first >= 0 ? first : -first - 1;
        return Arrays.copyOfRange(this.pending, start, this.pending.length);
    }

    /** What a run with this plan sends, in words, for the log. */
    String describe() {
        Long count = count();
        return (count == null ? "?" : count.toString()) + " events: the " + notAcknowledged()
                + " Kafka did not acknowledge, then every event from number " + (this.from + 1)
                + (this.events == null ? " on" : " to " + this.events);
    }

    /** Walks the sequence once, in order. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Answers, number by number in ascending order, whether the plan sends it. */
    final class Cursor {

        private int next;

        boolean includes(long number) {
            if (number >= ResumePlan.this.from) {
                return true;
            }
            long[] list = ResumePlan.this.pending;
            while (this.next < list.length && list[this.next] < number) {
                this.next++;
            }
            return this.next < list.length && list[this.next] == number;
        }

    }

}
