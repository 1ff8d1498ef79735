package io.sfcrime.analytics.pipeline;

import io.sfcrime.analytics.results.AggregatesTopic;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.StoredCount;
import io.sfcrime.analytics.results.WindowCount;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code foreachBatch} sink: the rows a micro-batch changed (update mode) go to the
 * compacted topic first, then to the store. A batch Spark runs again after a crash
 * rewrites the same keys with the same counts.
 */
class BatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    /**
     * The local property Spark sets to the query's id on the thread that runs its
     * batches.
     */
    static final String QUERY_ID = "sql.streaming.queryId";

    // transient: the interface is Serializable, but Spark keeps a foreachBatch function
    // on the driver.
    private final transient ResultStore store;

    private final transient AggregatesTopic topic;

    private final transient AddedPerBatch added;

    BatchWriter(ResultStore store, AggregatesTopic topic, AddedPerBatch added) {
        this.store = store;
        this.topic = topic;
        this.added = added;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws InterruptedException {
        List<WindowCount> rows = batch.collectAsList().stream().map(CallsTransformation::windowCount).toList();
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID);
        List<StoredCount> prepared = this.store.prepare(rows, queryId == null ? "" : queryId, batchId);
        this.topic.publish(prepared);
        this.store.apply(prepared);
        this.added.put(batchId, prepared.stream().mapToLong(StoredCount::added).sum());
    }

}
