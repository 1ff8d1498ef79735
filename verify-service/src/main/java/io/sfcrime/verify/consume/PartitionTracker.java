package io.sfcrime.verify.consume;

import io.sfcrime.verify.tally.RunTally;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Tells the tally which partitions this instance owns, where it starts in each and where each ends, so that an empty
 * partition or one already read to its end shows lag 0 before any record arrives. Runs on the consumer thread.
 */
@Component
class PartitionTracker implements ConsumerAwareRebalanceListener {

    private final RunTally tally;

    PartitionTracker(RunTally tally) {
        this.tally = tally;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            this.tally.assigned(partition.partition(), consumer.position(partition), ends.get(partition));
        }
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> this.tally.revoked(partition.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> this.tally.revoked(partition.partition()));
    }
}
