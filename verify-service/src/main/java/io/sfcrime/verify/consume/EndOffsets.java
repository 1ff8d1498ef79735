package io.sfcrime.verify.consume;

import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition's end as the consumer knows it from its last fetch, without a call to the
 * broker.
 */
final class EndOffsets {

    private EndOffsets() {
    }

    /**
     * The end (high watermark) of the record's partition, or -1 if the consumer does not
     * know it yet.
     */
    static long of(Consumer<?, ?> consumer, ConsumerRecord<?, ?> record) {
        if (consumer == null) {
            return -1;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        OptionalLong lag = consumer.currentLag(partition);
        return lag.isPresent() ? consumer.position(partition) + lag.getAsLong() : -1;
    }

}
