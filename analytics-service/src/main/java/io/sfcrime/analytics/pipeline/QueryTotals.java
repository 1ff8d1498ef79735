package io.sfcrime.analytics.pipeline;

/**
 * The service's counts since it started, over every finished micro-batch.
 *
 * @param batches micro-batches finished
 * @param inputRows Kafka records read
 * @param malformedRows records the calls rule rejected
 * @param lateRows well-formed records left out as late
 */
public record QueryTotals(long batches, long inputRows, long malformedRows, long lateRows) {

    static final QueryTotals NONE = new QueryTotals(0, 0, 0, 0);

    QueryTotals plus(ProgressSnapshot batch) {
        return new QueryTotals(this.batches + 1, this.inputRows + batch.numInputRows(),
                this.malformedRows + batch.malformedRows(), this.lateRows + batch.lateRows());
    }
}
