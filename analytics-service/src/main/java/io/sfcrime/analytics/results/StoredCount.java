package io.sfcrime.analytics.results;

/**
 * A result row as the store and the compacted topic hold it.
 *
 * @param row the result
 * @param batchId the micro-batch that wrote it
 * @param previousCount the count before that batch, so a micro-batch run again after a crash can tell what it
 *        added itself
 */
public record StoredCount(WindowCount row, long batchId, long previousCount) {

    /** Calls this row's batch added to its key. */
    public long added() {
        return this.row.count() - this.previousCount;
    }
}
