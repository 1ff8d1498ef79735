package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.RealCalls;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With no broker at the configured address: the service starts, says so, and a replay
 * fails at its first send (the producer waits {@code max.block.ms} for the topic's
 * metadata), naming the broker and offering a resume.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.admin.operation-timeout=2s", "spring.kafka.producer.properties.max.block.ms=500" })
class BrokerDownTest {

    @Autowired
    private TestRestTemplate rest;

    @Value("${spring.kafka.bootstrap-servers}")
    private String brokers;

    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) {
        // A port that was free a moment ago: nothing listens there.
        int port = FreePorts.one();
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + port);
    }

    @Test
    void healthIsDownWithTheReason() {
        ResponseEntity<JsonNode> health = this.rest.getForEntity("/actuator/health", JsonNode.class);

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(health.getBody().at("/components/kafka/status").asText()).isEqualTo("DOWN");
        assertThat(health.getBody().at("/components/kafka/details/error").asText()).startsWith("Kafka not reachable");
    }

    @Test
    void aReplayFailsAtTheFirstTimeoutNamingTheBrokerAndAResumeSendsTheSameEventsAgain() {
        ReplayClient replay = new ReplayClient(this.rest);
        replay.start("{}");

        JsonNode status = replay.awaitEnd(Duration.ofMinutes(1));

        assertThat(status.get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("acknowledged").asLong()).isZero();
        assertThat(status.get("sent").asLong()).isEqualTo(1);
        assertThat(status.get("failed").asLong()).isEqualTo(1);
        assertThat(status.get("lastError").asText()).contains("is unreachable or does not have the topic")
            .contains(this.brokers)
            .contains("not present in metadata")
            .contains("\"resume\": true");
        assertResumeSendsTheWholeFile(status);

        replay.start("{\"resume\": true}");
        JsonNode again = replay.awaitEnd(Duration.ofMinutes(1));

        assertThat(again.get("state").asText()).isEqualTo("FAILED");
        assertThat(again.get("resumeOf").asText()).isEqualTo(status.get("startedAt").asText());
        assertThat(again.get("sent").asLong()).isEqualTo(1);
        assertResumeSendsTheWholeFile(again);
    }

    private static void assertResumeSendsTheWholeFile(JsonNode status) {
        assertThat(status.at("/resume/events").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.at("/resume/notAcknowledged").asLong()).isEqualTo(1);
        assertThat(status.at("/resume/fromEvent").asLong()).isEqualTo(2);
    }

}
