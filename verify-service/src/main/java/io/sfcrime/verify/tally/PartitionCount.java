package io.sfcrime.verify.tally;

import java.time.Instant;

/**
 * Where this instance is in one partition it owns, and its count of it from
 * {@code startOffset} on. The count starts at the partition's log start when the
 * partition is assigned and is rebuilt from there: records below {@code resumeOffset}
 * (the group's committed offset at assignment) were checked, and dead-lettered if
 * invalid, by an earlier owner, so they are counted again and nothing else. Not
 * thread-safe: the tally guards it.
 */
final class PartitionCount {

    /**
     * What reading one record meant for the partition.
     *
     * @param recounted the record lies below the resume offset: it was checked before and
     * is only counted again
     * @param completesRebuild it is the last record below the resume offset
     */
    record Step(boolean recounted, boolean completesRebuild) {
    }

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
     * @param owner the consumer that was assigned the partition, so that a late
     * revocation by an earlier owner does not drop this count; null if not known
     * @param startOffset the first offset counted (records before it are gone, deleted by
     * retention)
     * @param resumeOffset below it, records are recounted; from it on they are checked
     * for the first time
     * @param endOffset the partition's end at assignment, or -1 if unknown
     */
    PartitionCount(int partition, Object owner, long startOffset, long resumeOffset, long endOffset, Instant assignedAt,
            long nanoTime) {
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

    /**
     * Whether the record at this offset was checked by an earlier owner, so it is only to
     * be counted again.
     */
    boolean recounting(long offset) {
        return offset < this.resumeOffset;
    }

    /**
     * Moves past one record, which the caller then counts in {@link #counts()}.
     * @param end the partition's end as of the last fetch, or -1 if unknown
     */
    Step read(long offset, long end) {
        boolean recounting = recounting(offset);
        if (recounting) {
            this.recounted++;
        }
        this.lastOffset = Math.max(this.lastOffset, offset);
        this.endOffset = Math.max(Math.max(this.endOffset, end), this.lastOffset + 1);
        return new Step(recounting, offset + 1 == this.resumeOffset);
    }

    /** The figures of the current count. */
    Counts counts() {
        return this.counts;
    }

    /**
     * A new count from the next offset to read on; the position and the rebuild bound
     * stay.
     */
    void restartCount() {
        this.startOffset = nextOffset();
        this.counts = new Counts();
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

    PartitionStatus status() {
        Long offset = this.lastOffset < 0 ? null : this.lastOffset;
        Long end = this.endOffset < 0 ? null : this.endOffset;
        Long lag = end == null ? null : Math.max(0, end - nextOffset());
        return new PartitionStatus(this.partition, offset, end, lag, true, this.startOffset, this.resumeOffset,
                nextOffset() < this.resumeOffset, this.counts.received(), this.assignedAt);
    }

    private long nextOffset() {
        return Math.max(this.startOffset, this.lastOffset + 1);
    }

}
