package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.tally.Summary;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The real calls on a topic of their own (3 partitions, on this JVM's embedded broker)
 * with poison records among them, sent with a plain producer; what the group and the
 * dead-letter topic hold afterwards, read with plain clients; and the figures of the
 * whole topic the fault tests check verify's summaries against.
 */
final class PoisonedFeed {

    /** A record's place in the topic. */
    record Position(int partition, long offset) {
    }

    private final String brokers = System.getProperty("spring.embedded.kafka.brokers");

    private final String topic;

    private final List<Call> calls = RealCalls.inFileOrder();

    private final Map<Position, String> poison = new LinkedHashMap<>();

    private PoisonedFeed(String topic) {
        this.topic = topic;
    }

    /**
     * Creates the topic and sends the calls in file order, and after every {@code every}
     * of them one poison record: not JSON, empty, null, a key that is not the crime id,
     * no key, in turn.
     */
    static PoisonedFeed onNewTopic(String topic, int every) throws Exception {
        PoisonedFeed feed = new PoisonedFeed(topic);
        try (Admin admin = feed.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (PlainProducer producer = new PlainProducer(feed.brokers)) {
            for (int from = 0; from < feed.calls.size(); from += every) {
                producer.sendCalls(topic, feed.calls.subList(from, Math.min(feed.calls.size(), from + every)));
                Call call = feed.calls.get(from);
                byte[] id = PlainProducer.bytes(call.crimeId());
                byte[] json = PlainProducer.bytes(call.json());
                int kind = feed.poison.size() % 5;
                RecordMetadata sent = switch (kind) {
                    case 0 -> producer.send(topic, id, PlainProducer.bytes("this is not json"));
                    case 1 -> producer.send(topic, id, new byte[0]);
                    case 2 -> producer.send(topic, id, null);
                    case 3 -> producer.send(topic, PlainProducer.bytes("000000001"), json);
                    default -> producer.send(topic, null, json);
                };
                feed.poison.put(new Position(sent.partition(), sent.offset()),
                        List.of("not-json", "empty-value", "null-value", "key-mismatch", "missing-key").get(kind));
            }
        }
        return feed;
    }

    /** One more poison record (not JSON) on each partition. */
    void sendNotJsonToEachPartition() {
        try (PlainProducer producer = new PlainProducer(this.brokers)) {
            for (int partition = 0; partition < 3; partition++) {
                RecordMetadata sent = producer.send(this.topic, partition, null,
                        PlainProducer.bytes("not json after the others"));
                this.poison.put(new Position(sent.partition(), sent.offset()), "not-json");
            }
        }
    }

    String brokers() {
        return this.brokers;
    }

    /** Each poison record's position and the reason code verify must give it. */
    Map<Position, String> poison() {
        return this.poison;
    }

    /** Records on the topic: the calls and the poison. */
    long total() {
        return this.calls.size() + this.poison.size();
    }

    /** The poison records by reason code. */
    Map<String, Long> byReason() {
        return this.poison.values()
            .stream()
            .collect(Collectors.groupingBy(reason -> reason, TreeMap::new, Collectors.counting()));
    }

    /**
     * The position each record of the dead-letter topic had on the source topic, from its
     * headers.
     */
    List<Position> deadLettered() {
        return TopicContents.readAll(this.brokers, this.topic + ".DLT").stream().map(PoisonedFeed::original).toList();
    }

    /** The group's committed offset of each partition of the topic. */
    Map<Integer, Long> committed(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
            committed.forEach((partition, offset) -> offsets.put(partition.partition(), offset.offset()));
            return offsets;
        }
    }

    /**
     * The summaries of the instances of one group, added up, equal the whole topic's
     * figures computed from the file and from what was sent; together they cover each
     * partition once, from its log start to its end as a plain consumer sees it.
     */
    void assertTheWholeTopic(List<Summary> summaries) {
        long distinct = this.calls.stream().map(Call::crimeId).distinct().count();
        assertThat(sum(summaries, Summary::received)).isEqualTo(total());
        assertThat(sum(summaries, Summary::valid)).isEqualTo(this.calls.size()).isEqualTo(RealCalls.TOTAL);
        assertThat(sum(summaries, Summary::invalid)).isEqualTo(this.poison.size());
        assertThat(sum(summaries, Summary::distinctCrimeIds)).isEqualTo(distinct).isEqualTo(199_995);
        assertThat(sum(summaries, Summary::duplicates)).isEqualTo(this.calls.size() - distinct).isEqualTo(4);
        Map<String, Long> byReason = new TreeMap<>();
        summaries
            .forEach(summary -> summary.invalidByReason().forEach((reason, n) -> byReason.merge(reason, n, Long::sum)));
        assertThat(byReason).isEqualTo(byReason());
        assertThat(summaries.stream().map(Summary::earliestEventTime).min(Comparator.naturalOrder()).orElseThrow())
            .isEqualTo(LocalDateTime.of(2018, 10, 2, 9, 11))
            .isEqualTo(this.calls.stream().map(Call::callDateTime).min(Comparator.naturalOrder()).orElseThrow());
        assertThat(summaries.stream().map(Summary::latestEventTime).max(Comparator.naturalOrder()).orElseThrow())
            .isEqualTo(this.calls.stream().map(Call::callDateTime).max(Comparator.naturalOrder()).orElseThrow());

        Map<Integer, Long> received = new HashMap<>();
        summaries.stream().flatMap(summary -> summary.partitions().stream()).forEach(partition -> {
            assertThat(partition.startOffset()).isZero();
            assertThat(partition.rebuilding()).isFalse();
            assertThat(received.put(partition.partition(), partition.received())).as("covered twice").isNull();
        });
        assertThat(received).isEqualTo(TopicContents.endOffsets(this.brokers, this.topic));
    }

    private static long sum(List<Summary> summaries, ToLongFunction<Summary> figure) {
        return summaries.stream().mapToLong(figure).sum();
    }

    private static Position original(ConsumerRecord<String, String> record) {
        int partition = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
            .getInt();
        long offset = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong();
        return new Position(partition, offset);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers));
    }

}
