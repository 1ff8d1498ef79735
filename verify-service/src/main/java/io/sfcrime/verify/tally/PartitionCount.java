package io.sfcrime.verify.tally;

import io.sfcrime.verify.check.InvalidReason;
import io.sfcrime.verify.check.Verdict;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this instance counted of one partition it owns, from {@code startOffset} on, and where it is in it. The
 * count starts at the partition's log start when the partition is assigned and is rebuilt from there: records below
 * {@code resumeOffset} (the group's committed offset at assignment) were checked, and dead-lettered if invalid, by
 * an earlier owner, so they are counted again and nothing else. Not thread-safe: the tally guards it.
 */
final class PartitionCount {

    private final int partition;

    private final Object owner;

    private final long resumeOffset;

    private final Instant assignedAt;

    private final long rebuildFrom;

    private final long rebuildStartedNanos;

    private long startOffset;

    private long lastOffset;

    private long endOffset;

    private long recounted;

    private Counts counts = new Counts();

    /**
     * @param owner the consumer that was assigned the partition, so that a late revocation by an earlier owner does
     *     not drop this count; null if not known
     * @param startOffset the first offset counted (records before it are gone, deleted by retention)
     * @param resumeOffset below it, records are recounted; from it on they are checked for the first time
     * @param endOffset the partition's end at assignment, or -1 if unknown
     */
    PartitionCount(int partition, Object owner, long startOffset, long resumeOffset, long endOffset,
            Instant assignedAt, long nanoTime) {
        this.partition = partition;
        this.owner = owner;
        this.startOffset = startOffset;
        this.rebuildFrom = startOffset;
        this.resumeOffset = Math.max(startOffset, resumeOffset);
        this.lastOffset = -1;
        this.endOffset = endOffset;
        this.assignedAt = assignedAt;
        this.rebuildStartedNanos = nanoTime;
    }

    /** Whether the record at this offset was checked by an earlier owner, so it is only to be counted again. */
    boolean recounting(long offset) {
        return offset < this.resumeOffset;
    }

    /**
     * Counts one record.
     *
     * @param end the partition's end as of the last fetch, or -1 if unknown
     * @return whether it was a valid event whose crime_id this count had already seen
     */
    boolean count(long offset, Verdict verdict, long end) {
        if (recounting(offset)) {
            this.recounted++;
        }
        this.lastOffset = Math.max(this.lastOffset, offset);
        this.endOffset = Math.max(Math.max(this.endOffset, end), this.lastOffset + 1);
        return this.counts.count(verdict);
    }

    /** A new count from the next offset to read on; the position and the rebuild bound stay. */
    void restartCount() {
        this.startOffset = nextOffset();
        this.counts = new Counts();
    }

    /** Whether this record completes the rebuild: the last offset below {@code resumeOffset}. */
    boolean completesRebuild(long offset) {
        return offset + 1 == this.resumeOffset;
    }

    long rebuildMillis(long nanoTime) {
        return (nanoTime - this.rebuildStartedNanos) / 1_000_000;
    }

    /** Records counted again since the assignment, resets included. */
    long recounted() {
        return this.recounted;
    }

    /** Where the count started at the assignment. */
    long rebuildFrom() {
        return this.rebuildFrom;
    }

    boolean ownedByAnotherThan(Object consumer) {
        return this.owner != null && this.owner != consumer;
    }

    long resumeOffset() {
        return this.resumeOffset;
    }

    long received() {
        return this.counts.received;
    }

    long valid() {
        return this.counts.valid;
    }

    long invalid() {
        return this.counts.invalid;
    }

    Map<InvalidReason, Long> invalidByReason() {
        return this.counts.invalidByReason;
    }

    CrimeIdSet crimeIds() {
        return this.counts.crimeIds;
    }

    LocalDateTime earliest() {
        return this.counts.earliest;
    }

    LocalDateTime latest() {
        return this.counts.latest;
    }

    private boolean rebuilding() {
        return nextOffset() < this.resumeOffset;
    }

    PartitionStatus status() {
        Long offset = this.lastOffset < 0 ? null : this.lastOffset;
        Long end = this.endOffset < 0 ? null : this.endOffset;
        Long lag = end == null ? null : Math.max(0, end - nextOffset());
        return new PartitionStatus(this.partition, offset, end, lag, true, this.startOffset, this.resumeOffset,
                rebuilding(), this.counts.received, this.assignedAt);
    }

    private long nextOffset() {
        return Math.max(this.startOffset, this.lastOffset + 1);
    }

    /** The figures of one count. */
    private static final class Counts {

        private final CrimeIdSet crimeIds = new CrimeIdSet();

        private final Map<InvalidReason, Long> invalidByReason = new TreeMap<>();

        private long received;

        private long valid;

        private long invalid;

        private LocalDateTime earliest;

        private LocalDateTime latest;

        boolean count(Verdict verdict) {
            this.received++;
            if (verdict instanceof Verdict.Valid call) {
                this.valid++;
                LocalDateTime time = call.callDateTime();
                this.earliest = this.earliest == null || time.isBefore(this.earliest) ? time : this.earliest;
                this.latest = this.latest == null || time.isAfter(this.latest) ? time : this.latest;
                return !this.crimeIds.add(call.crimeId());
            }
            if (verdict instanceof Verdict.Invalid rejected) {
                this.invalid++;
                this.invalidByReason.merge(rejected.reason(), 1L, Long::sum);
            }
            return false;
        }
    }
}
