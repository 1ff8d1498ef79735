package io.sfcrime.analytics.bench;

import io.sfcrime.analytics.pipeline.CallsTransformation;
import io.sfcrime.calls.CallRule;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.testkit.HourlyCounts;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Baseline (b): one thread, a plain {@link KafkaConsumer} of bytes, the calls module's
 * {@link CallRule} (the rule the service runs as its UDF, Jackson's streaming parser
 * inside) and a {@link HashMap} of (hour, crime type, disposition) to count. What the
 * hardware allows with no framework at all; nothing is durable.
 */
final class PlainConsumerBaseline {

    private PlainConsumerBaseline() {
    }

    static Counted run(String brokers, String topic) {
        long started = System.nanoTime();
        double cpu = Counted.processCpuMillis();
        Map<HourlyCounts.Key, Long> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (CallsTransformation.RULE.check(record.key(),
                            record.value()) instanceof CallVerdict.Valid call) {
                        counts.merge(new HourlyCounts.Key(call.callDateTime().truncatedTo(ChronoUnit.HOURS),
                                call.crimeType(), call.disposition()), 1L, Long::sum);
                    }
                }
            }
        }
        return new Counted("KafkaConsumer + CallRule + HashMap", (System.nanoTime() - started) / 1e6,
                Counted.processCpuMillis() - cpu, counts);
    }

}
