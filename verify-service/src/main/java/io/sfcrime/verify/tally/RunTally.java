package io.sfcrime.verify.tally;

import io.sfcrime.calls.CallVerdict;
import io.sfcrime.verify.VerifyProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The counts of the current run, one per partition this instance owns, shared by the
 * listener threads (one lock: an event is counted wholly before or wholly after a reset
 * or a rebalance), with the recent events and the meters. A partition's count starts at
 * its log start when it is assigned and is rebuilt by the listener from there, so the
 * summary describes each partition from its beginning whatever happened before; a
 * partition revoked leaves the summary.
 */
@Component
public class RunTally {

    private static final Logger log = LoggerFactory.getLogger(RunTally.class);

    private final Clock clock = Clock.systemUTC();

    private final VerifyMetrics metrics;

    private final int previewChars;

    private final Map<Integer, PartitionCount> partitions = new TreeMap<>();

    private final RecentEvents recent = new RecentEvents(RecentEvents.CAPACITY);

    private Instant runStartedAt;

    RunTally(VerifyProperties properties, VerifyMetrics metrics) {
        this.metrics = metrics;
        this.previewChars = properties.recent().previewChars();
        this.runStartedAt = this.clock.instant();
        metrics.bindDistinctCrimeIds(this::distinctCrimeIds);
    }

    /**
     * Starts the count of a partition assigned to this instance, replacing any earlier
     * one.
     * @param owner the consumer it was assigned to
     * @param startOffset the partition's log start: the count covers it from there
     * @param resumeOffset the group's committed offset: records before it are only
     * counted again
     * @param endOffset the partition's end
     */
    public synchronized void assigned(Object owner, int partition, long startOffset, long resumeOffset,
            long endOffset) {
        start(new PartitionCount(partition, owner, startOffset, resumeOffset, endOffset, this.clock.instant(),
                System.nanoTime()), partition);
    }

    /**
     * Drops the count of a partition the consumer no longer owns; a later owner's count
     * stays.
     */
    public synchronized void revoked(Object owner, int partition) {
        PartitionCount count = this.partitions.get(partition);
        if (count == null || count.ownedByAnotherThan(owner)) {
            return;
        }
        this.partitions.remove(partition);
        this.metrics.unbindLag(partition);
    }

    /**
     * Whether the record was checked, and dead-lettered if invalid, before this instance
     * was assigned its partition (it lies below the group's committed offset then): it is
     * to be counted, nothing else.
     */
    public synchronized boolean recounting(ConsumerRecord<?, ?> record) {
        PartitionCount count = this.partitions.get(record.partition());
        return count != null && count.recounting(record.offset());
    }

    /**
     * Counts a valid call.
     * @param endOffset the partition's end as of the last fetch, or -1 if unknown
     */
    public synchronized void valid(ConsumerRecord<?, ?> record, CallVerdict.Valid call, long endOffset) {
        PartitionCount count = partition(record);
        PartitionCount.Step step = read(count, record, endOffset);
        boolean duplicate = count.counts().valid(Long.parseLong(call.crimeId()), call.callDateTime());
        this.recent.add(RecentEvent.of(record, "valid", this.previewChars));
        if (!step.recounted()) {
            this.metrics.checkedValid(duplicate);
        }
    }

    /**
     * Counts a rejected record, which is already on the dead-letter topic (now or, if
     * {@link #recounting recounted}, before).
     * @param endOffset the partition's end as of the last fetch, or -1 if unknown
     */
    public synchronized void rejected(ConsumerRecord<?, ?> record, Rejection rejection, long endOffset) {
        PartitionCount count = partition(record);
        PartitionCount.Step step = read(count, record, endOffset);
        count.counts().rejected(rejection.reason());
        this.recent.add(RecentEvent.of(record, rejection.reason(), this.previewChars));
        if (!step.recounted()) {
            this.metrics.checkedInvalid(rejection.reason());
        }
    }

    public synchronized long distinctCrimeIds() {
        return Summary.distinctCrimeIds(this.partitions.values());
    }

    public synchronized Summary summary() {
        return Summary.of(this.runStartedAt, this.partitions.values());
    }

    /** The last {@code limit} events received, newest first. */
    public synchronized List<RecentEvent> recent(int limit) {
        return this.recent.last(limit);
    }

    /**
     * Ends the run and starts a new one: each partition's count starts empty at the next
     * offset to read, and the recent events are cleared. Positions stay: they describe
     * the consumer, which keeps reading where it is (offsets are neither moved nor
     * committed). A partition assigned later (restart, rebalance) is counted from its log
     * start again. The meters are not reset.
     * @return the summary of the run that ended
     */
    public synchronized Summary reset() {
        Summary ended = summary();
        this.runStartedAt = this.clock.instant();
        this.partitions.values().forEach(PartitionCount::restartCount);
        this.recent.clear();
        return ended;
    }

    private void start(PartitionCount count, int partition) {
        this.partitions.put(partition, count);
        this.metrics.bindLag(partition, () -> lag(partition));
    }

    /**
     * The record's partition count; a partition no assignment announced (as in tests) is
     * counted from it on.
     */
    private PartitionCount partition(ConsumerRecord<?, ?> record) {
        PartitionCount count = this.partitions.get(record.partition());
        if (count == null) {
            count = new PartitionCount(record.partition(), null, record.offset(), record.offset(), -1,
                    this.clock.instant(), System.nanoTime());
            start(count, record.partition());
        }
        return count;
    }

    private PartitionCount.Step read(PartitionCount count, ConsumerRecord<?, ?> record, long endOffset) {
        PartitionCount.Step step = count.read(record.offset(), endOffset);
        if (step.recounted()) {
            this.metrics.recounted();
        }
        if (step.completesRebuild()) {
            log.info(
                    "Partition {} rebuilt in {} ms: {} records from offset {} counted again; checking from offset {} "
                            + "on",
                    record.partition(), count.rebuildMillis(System.nanoTime()), count.recounted(), count.rebuildFrom(),
                    count.resumeOffset());
        }
        return step;
    }

    private synchronized double lag(int partition) {
        PartitionCount count = this.partitions.get(partition);
        Long lag = count == null ? null : count.status().lag();
        return lag == null ? Double.NaN : lag;
    }

}
