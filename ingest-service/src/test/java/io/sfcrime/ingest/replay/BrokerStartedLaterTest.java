package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.calls.CallsTopic;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.KafkaCluster;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service starts while its broker is not there yet (a KRaft node in a process of its
 * own, not started), so Boot's {@code KafkaAdmin} cannot create the calls topic. The
 * broker then starts, with auto-creation off as the launcher's: a replay creates the
 * topic as the service declares it (4 partitions here; the broker would give 1) and puts
 * every event on it once. Before the topic was created at a replay's start, this replay
 * failed at its first send (the topic never appeared in the producer's metadata).
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.admin.operation-timeout=2s", "sfcrime.replay.topic.partitions=4" })
class BrokerStartedLaterTest {

    private static final int EVENTS = 20_000;

    @TempDir
    static Path dir;

    static KafkaCluster broker;

    @Autowired
    private TestRestTemplate rest;

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
    void aReplayCreatesTheDeclaredTopicThatStartUpCouldNot() {
        broker.start();

        JsonNode status = new ReplayClient(this.rest).replayToTheEnd("{\"limit\": " + EVENTS + "}");

        assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("COMPLETED");
        assertThat(status.get("acknowledged").asLong()).isEqualTo(EVENTS);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(broker.describe(CallsTopic.NAME).partitions()).hasSize(4);
        assertThat(TopicContents.readAll(broker.bootstrapServers(), CallsTopic.NAME)
            .stream()
            .map(ConsumerRecord::value)
            .sorted()
            .toList())
            .isEqualTo(RealCalls.inEventTimeOrder().subList(0, EVENTS).stream().map(Call::json).sorted().toList());
    }

}
