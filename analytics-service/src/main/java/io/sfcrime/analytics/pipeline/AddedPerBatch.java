package io.sfcrime.analytics.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What each micro-batch added to the counts, the one hand-over between the sink and the
 * listener: the sink puts a batch's figure once the batch is published, the listener
 * takes it when Spark reports that batch's progress (the late-row count needs both the
 * figure and the batch's input metrics, which only the progress carries). A figure is
 * taken once, so the map holds at most the batches not yet reported.
 */
@Component
class AddedPerBatch {

    private final Map<Long, Long> added = new ConcurrentHashMap<>();

    void put(long batchId, long calls) {
        this.added.put(batchId, calls);
    }

    /** Calls the batch added to the counts; zero when it had no output. */
    long take(long batchId) {
        Long calls = this.added.remove(batchId);
        return calls == null ? 0 : calls;
    }

}
