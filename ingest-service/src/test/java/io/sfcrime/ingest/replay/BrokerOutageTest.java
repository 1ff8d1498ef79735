package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The broker really goes away in the middle of a replay (SIGKILL of its process) and comes back 20 s later on the
 * same data and port. With the service's own producer settings the replay waits and carries on: nothing fails,
 * and every event is on the topic exactly once (the idempotent producer's retries are not duplicated, the broker
 * rebuilt its producer state from its log).
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerOutageTest {

    private static final String TOPIC = "police.department.calls";

    private static final int EVENTS = 60_000;

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static KafkaBrokerProcess broker;

    @Autowired
    private TestRestTemplate rest;

    @DynamicPropertySource
    static void brokerOfItsOwn(DynamicPropertyRegistry registry) {
        broker = new KafkaBrokerProcess(dir.resolve("kafka"), Map.of()).start();
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopTheBroker() {
        broker.close();
    }

    @Test
    void aReplayWaitsThroughAnOutageAndDeliversEveryEventOnce() {
        ReplayClient replay = new ReplayClient(this.rest);
        replay.start("{\"rate\": 3000, \"limit\": " + EVENTS + "}");
        await().atMost(Duration.ofMinutes(1)).until(() -> replay.status().get("acknowledged").asLong() >= 10_000);

        broker.kill();
        Instant killedAt = Instant.now();
        await("the replay waiting, nothing failed, while the broker is away").during(OUTAGE)
                .atMost(OUTAGE.plusSeconds(10))
                .until(() -> {
                    JsonNode status = replay.status();
                    return "RUNNING".equals(status.get("state").asText()) && status.get("failed").asLong() == 0;
                });
        JsonNode during = replay.status();
        assertThat(during.get("inFlight").asLong()).isPositive();
        assertThat(Instant.parse(during.get("lastAcknowledgedAt").asText())).isBefore(killedAt.plusMillis(100));
        broker.start();
        JsonNode status = replay.awaitEnd(Duration.ofMinutes(3));

        assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("sent").asLong()).isEqualTo(EVENTS);
        assertThat(status.get("acknowledged").asLong()).isEqualTo(EVENTS);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("inFlight").asLong()).isZero();
        assertThat(status.get("lastError").isNull()).isTrue();
        assertThat(status.get("resume").isNull()).isTrue();
        List<ConsumerRecord<String, String>> records = TopicContents.readAll(broker.bootstrapServers(), TOPIC);
        // Sorted copies compared in one pass: exactly the events, each once (the file's own duplicates included).
        assertThat(records.stream().map(ConsumerRecord::value).sorted().toList()).isEqualTo(
                RealCalls.inEventTimeOrder().subList(0, EVENTS).stream().map(Call::json).sorted().toList());
    }
}
