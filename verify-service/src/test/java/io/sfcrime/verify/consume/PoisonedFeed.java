package io.sfcrime.verify.consume;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.TopicContents;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The real calls on a topic with poison records among them, sent with a plain producer, and what the group and the
 * dead-letter topic hold afterwards, read with plain clients: the figures the fault tests check verify against.
 */
final class PoisonedFeed {

    /** A record's place in the topic. */
    record Position(int partition, long offset) {
    }

    private PoisonedFeed() {
    }

    static void createTopic(String brokers, String topic, int partitions) throws Exception {
        try (Admin admin = admin(brokers)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Sends the calls in the given order, and after every {@code every} of them one poison record: not JSON, empty,
     * null, a key that is not the crime id, no key, in turn.
     *
     * @return each poison record's position and the reason code verify must give it
     */
    static Map<Position, String> send(String brokers, String topic, List<Call> calls, int every) {
        Map<Position, String> poison = new LinkedHashMap<>();
        try (PlainProducer producer = new PlainProducer(brokers)) {
            for (int from = 0; from < calls.size(); from += every) {
                producer.sendCalls(topic, calls.subList(from, Math.min(calls.size(), from + every)));
                Call call = calls.get(from);
                byte[] id = PlainProducer.bytes(call.crimeId());
                byte[] json = PlainProducer.bytes(call.json());
                int kind = poison.size() % 5;
                RecordMetadata sent = switch (kind) {
                    case 0 -> producer.send(topic, id, PlainProducer.bytes("this is not json"));
                    case 1 -> producer.send(topic, id, new byte[0]);
                    case 2 -> producer.send(topic, id, null);
                    case 3 -> producer.send(topic, PlainProducer.bytes("000000001"), json);
                    default -> producer.send(topic, null, json);
                };
                poison.put(new Position(sent.partition(), sent.offset()), reason(kind));
            }
        }
        return poison;
    }

    /** The position each record of the dead-letter topic had on the source topic, from its headers. */
    static List<Position> deadLettered(String brokers, String deadLetterTopic) {
        return TopicContents.readAll(brokers, deadLetterTopic).stream().map(PoisonedFeed::original).toList();
    }

    /** The group's committed offset of each partition of the topic. */
    static Map<Integer, Long> committed(String brokers, String group) throws Exception {
        try (Admin admin = admin(brokers)) {
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            committed.forEach((partition, offset) -> offsets.put(partition.partition(), offset.offset()));
            return offsets;
        }
    }

    private static Position original(ConsumerRecord<String, String> record) {
        int partition = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
                .getInt();
        long offset = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
                .getLong();
        return new Position(partition, offset);
    }

    private static String reason(int kind) {
        return List.of("not-json", "empty-value", "null-value", "key-mismatch", "missing-key").get(kind);
    }

    private static Admin admin(String brokers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
    }
}
