package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.KafkaCluster;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.VerifyProperties;
import io.sfcrime.verify.tally.RunTally;
import io.sfcrime.verify.tally.Summary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts while its broker is not there yet (a KRaft node in a process of its
 * own, not started), so Boot's {@code KafkaAdmin} cannot create the dead-letter topic.
 * The broker then starts, with auto-creation off as the launcher's; a separate client
 * creates the calls topic, as a replay would, and sends real calls and one poison record.
 * The poison reaches a dead-letter topic with the service's partitions and record limit,
 * on its own partition number, and every call is counted. Before the DLT was created at
 * the first dead letter, the dead letter's send waited for a topic nobody created, and
 * the poison was handled again and again.
 */
@DirtiesContext
@SpringBootTest(properties = { "spring.kafka.admin.operation-timeout=2s",
        "sfcrime.verify.topic=" + BrokerStartedLaterTest.TOPIC, "sfcrime.verify.group-id=verify-broker-later" })
class BrokerStartedLaterTest {

    static final String TOPIC = "verify-broker-later";

    private static final int POISONED_PARTITION = 2;

    @TempDir
    static Path dir;

    static KafkaCluster broker;

    @Autowired
    private RunTally tally;

    @Autowired
    private VerifyProperties properties;

    @DynamicPropertySource
    static void brokerNotStartedYet(DynamicPropertyRegistry registry) {
        broker = new KafkaCluster(dir.resolve("kafka"), 1, Map.of());
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopTheBroker() {
        broker.close();
    }

    @Test
    void theFirstDeadLetterGoesToTheDeclaredTopicThatStartUpCouldNotCreate() {
        broker.start();
        broker.nodes().get(0).createTopic(TOPIC, 3, Map.of());
        List<Call> calls = RealCalls.inFileOrder().subList(0, 1_000);
        try (PlainProducer producer = new PlainProducer(broker.bootstrapServers())) {
            producer.sendCalls(TOPIC, calls);
            producer.send(TOPIC, POISONED_PARTITION, null, PlainProducer.bytes("not json"));
        }
        String dlt = TOPIC + ".DLT";

        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
            assertThat(this.tally.summary().received()).isEqualTo(calls.size() + 1);
            assertThat(TopicContents.count(broker.bootstrapServers(), dlt)).isEqualTo(1);
        });

        Summary summary = this.tally.summary();
        assertThat(summary.valid()).isEqualTo(calls.size());
        assertThat(summary.invalidByReason()).isEqualTo(Map.of("not-json", 1L));
        List<ConsumerRecord<String, String>> deadLetters = TopicContents.readAll(broker.bootstrapServers(), dlt);
        assertThat(deadLetters).singleElement().satisfies(record -> {
            assertThat(record.value()).isEqualTo("not json");
            assertThat(record.partition()).isEqualTo(POISONED_PARTITION);
        });
        assertThat(broker.describe(dlt).partitions()).hasSize(this.properties.partitions()).hasSizeGreaterThan(1);
        assertThat(broker.topicConfig(dlt, TopicConfig.MAX_MESSAGE_BYTES_CONFIG))
            .isEqualTo(Integer.toString(this.properties.dlt().maxMessageBytes()));
    }

}
