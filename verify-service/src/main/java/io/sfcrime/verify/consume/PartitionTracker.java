package io.sfcrime.verify.consume;

import io.sfcrime.verify.tally.RunTally;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Starts the count of each partition assigned to this instance at the partition's log
 * start, and seeks the consumer there, so that the listener rebuilds the count up to the
 * group's committed offset (counting only: those records were checked and dead-lettered
 * before) and then goes on checking from it. Also gives the tally each partition's end,
 * so that an empty partition shows lag 0 before any record arrives, and drops the count
 * of a partition revoked or lost. Runs on the consumer thread.
 */
@Component
class PartitionTracker implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionTracker.class);

    private final RunTally tally;

    PartitionTracker(RunTally tally) {
        this.tally = tally;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long start = starts.get(partition);
            long end = ends.get(partition);
            long committed = consumer.position(partition);
            long resume = Math.max(start, committed);
            if (committed > end) {
                // Only a log other than the one the group committed on (a topic deleted
                // and created again) ends
                // before the committed offset: none of its records were checked.
                log.warn("Partition {}: the group's offset {} is past the end {}; checking it all from {}", partition,
                        committed, end, start);
                resume = start;
            }
            this.tally.assigned(consumer, partition.partition(), start, resume, end);
            if (committed != start) {
                consumer.seek(partition, start);
            }
            if (resume > start) {
                log.info(
                        "Partition {} assigned: rebuilding its count from the log start {} up to the group's "
                                + "offset {} (counted again, not dead-lettered again), then checking on (end now {})",
                        partition, start, resume, end);
            }
            else {
                log.info("Partition {} assigned: checking from its log start {} (end now {})", partition, start, end);
            }
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> this.tally.revoked(consumer, partition.partition()));
        if (!partitions.isEmpty()) {
            log.info("Partitions {} revoked: their counts leave the summary", partitions);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> this.tally.revoked(consumer, partition.partition()));
        if (!partitions.isEmpty()) {
            log.warn("Partitions {} lost: their counts leave the summary", partitions);
        }
    }

}
