package io.sfcrime.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a topic holds with a plain consumer: record counts and every record, for
 * assertions.
 */
public final class TopicContents {

    private TopicContents() {
    }

    /** Records on the topic: the sum over partitions of end minus beginning offsets. */
    public static long count(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        }
    }

    /**
     * The end offset of each partition, by partition number: where the next record will
     * go.
     */
    public static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
            return consumer.endOffsets(partitions(consumer, topic))
                .entrySet()
                .stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue));
        }
    }

    /** Every record on the topic, partition by partition, each in offset order. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return readFrom(bootstrapServers, topic, Map.of());
    }

    /**
     * The records after the given offsets (by partition number; a partition not named is
     * read from its beginning), partition by partition, each in offset order.
     */
    public static List<ConsumerRecord<String, String>> readFrom(String bootstrapServers, String topic,
            Map<Integer, Long> from) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.stream()
                .filter(tp -> from.containsKey(tp.partition()))
                .forEach(tp -> consumer.seek(tp, from.get(tp.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records.stream()
                .sorted((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                        : Long.compare(a.offset(), b.offset()))
                .collect(Collectors.toList());
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    }

    private static KafkaConsumer<String, String> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024), new StringDeserializer(),
                new StringDeserializer());
    }

}
