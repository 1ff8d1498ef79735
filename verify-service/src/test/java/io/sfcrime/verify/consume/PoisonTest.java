package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.tally.RunTally;
import io.sfcrime.verify.tally.Summary;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Poison of every kind, put straight on the topic with a plain producer between real
 * events: each lands on the DLT with its reason, every good event is counted, the
 * listener keeps going. The topic is created here with a 4 MB {@code max.message.bytes}
 * so that a 2 MB value can reach it (the broker's default limit is about 1 MB).
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sfcrime.verify.topic=" + PoisonTest.TOPIC, "sfcrime.verify.group-id=verify-poison" })
class PoisonTest {

    static final String TOPIC = "verify-poison";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Value("${spring.embedded.kafka.brokers}")
    private String brokers;

    @Autowired
    private RunTally tally;

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @BeforeAll
    static void topicThatTakesLargeValues() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getProperty("spring.embedded.kafka.brokers")))) {
            admin
                .createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024)))))
                .all()
                .get();
        }
    }

    @Test
    void eachPoisonLandsOnTheDeadLetterTopicWithItsReasonAndEveryGoodEventIsCounted() {
        List<Poison> poisons = poisons(RealCalls.inFileOrder().get(1_000));
        List<Call> good = RealCalls.inFileOrder().subList(0, 5 * poisons.size() + 10);
        int sent = 0;
        try (PlainProducer producer = new PlainProducer(this.brokers)) {
            int next = 0;
            for (Poison poison : poisons) {
                for (int i = 0; i < 5; i++, next++) {
                    sent += send(producer, good.get(next));
                }
                producer.send(TOPIC, poison.key(), poison.value());
            }
            for (; next < good.size(); next++) {
                sent += send(producer, good.get(next));
            }
        }
        int total = good.size() + poisons.size();

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(this.tally.summary().received()).isEqualTo(total);
            assertThat(TopicContents.count(this.brokers, TOPIC + ".DLT")).isEqualTo(poisons.size());
        });

        Summary summary = this.tally.summary();
        Map<String, Long> expectedByReason = poisons.stream()
            .collect(Collectors.groupingBy(Poison::reason, TreeMap::new, Collectors.counting()));
        assertThat(summary.valid()).isEqualTo(good.size()).isEqualTo(sent);
        assertThat(summary.invalid()).isEqualTo(poisons.size());
        assertThat(new TreeMap<>(summary.invalidByReason())).isEqualTo(expectedByReason);
        assertThat(summary.distinctCrimeIds()).isEqualTo(good.stream().map(Call::crimeId).distinct().count());
        assertThat(summary.earliestEventTime())
            .isEqualTo(good.stream().map(Call::callDateTime).min(Comparator.naturalOrder()).orElseThrow());
        assertThat(summary.caughtUp()).isTrue();

        List<DeadLetter> expected = poisons.stream().map(PoisonTest::deadLetter).toList();
        List<DeadLetter> actual = TopicContents.readAll(this.brokers, TOPIC + ".DLT")
            .stream()
            .map(DeadLetter::of)
            .toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(TopicContents.readAll(this.brokers, TOPIC + ".DLT")).allSatisfy(record -> assertThat(
                new String(record.headers().lastHeader(DeadLetters.DETAIL_HEADER).value(), StandardCharsets.UTF_8))
            .isNotBlank()
            .doesNotStartWith(
                    new String(record.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8)
                            + ":"));

        expectedByReason.forEach((reason,
                count) -> assertThat(this.registry.get("sfcrime.verify.events")
                    .tag("result", "invalid")
                    .tag("reason", reason)
                    .counter()
                    .count()).as(reason).isEqualTo(count.doubleValue()));
        assertThat(this.listeners.getListenerContainer(VerifyListener.ID).isRunning()).isTrue();
        assertTheListenerKeepsGoing(summary.valid(), expectedByReason.get("not-json"));
    }

    private void assertTheListenerKeepsGoing(long validBefore, long notJsonBefore) {
        List<Call> more = RealCalls.inFileOrder().subList(2_000, 2_050);
        try (PlainProducer producer = new PlainProducer(this.brokers)) {
            producer.send(TOPIC, null, PlainProducer.bytes("still not json"));
            producer.sendCalls(TOPIC, more);
        }
        await().atMost(Duration.ofMinutes(1))
            .untilAsserted(() -> assertThat(this.tally.summary().valid()).isEqualTo(validBefore + more.size()));
        assertThat(this.tally.summary().invalidByReason()).containsEntry("not-json", notJsonBefore + 1);
    }

    private static int send(PlainProducer producer, Call call) {
        producer.send(TOPIC, PlainProducer.bytes(call.crimeId()), PlainProducer.bytes(call.json()));
        return 1;
    }

    /**
     * Every kind of the test kit's poison, and one value bigger than the broker's default
     * limit too.
     */
    private static List<Poison> poisons(Call call) {
        List<Poison> poisons = new ArrayList<>(Poison.every(call));
        poisons.add(new Poison("2 MiB value", PlainProducer.bytes(call.crimeId()),
                PlainProducer.bytes(node(call).put("address", "x".repeat(2 * 1024 * 1024)).toString()), "too-large"));
        return poisons;
    }

    private static ObjectNode node(Call call) {
        try {
            return (ObjectNode) MAPPER.readTree(call.json());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static DeadLetter deadLetter(Poison poison) {
        return new DeadLetter(text(poison.key()), text(poison.value()), poison.reason());
    }

    /** A DLT record as a plain string consumer reads it: key, value, reason header. */
    private record DeadLetter(String key, String value, String reason) {

        static DeadLetter of(ConsumerRecord<String, String> record) {
            Header reason = record.headers().lastHeader(DeadLetters.REASON_HEADER);
            return new DeadLetter(record.key(), record.value(),
                    reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

}
