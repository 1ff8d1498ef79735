package io.sfcrime.analytics.results;

/**
 * A result row as the store and the compacted topic hold it.
 *
 * @param row the result
 * @param queryId the id of the streaming query that wrote it: stable across restarts from
 * one checkpoint, new with a new checkpoint
 * @param batchId the micro-batch that wrote it
 * @param previousCount the count before that batch, so a micro-batch run again after a
 * crash can tell what it added itself
 */
public record StoredCount(WindowCount row, String queryId, long batchId, long previousCount) {

    /** Calls this row's batch added to its key. */
    public long added() {
        return this.row.count() - this.previousCount;
    }
}
