package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With no broker at the configured address: the service starts, says so, and a replay fails fast and clearly. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.kafka.admin.operation-timeout=2s",
    "spring.kafka.producer.properties.max.block.ms=500",
    "sfcrime.replay.abort-after-consecutive-failures=3" })
class BrokerDownTest {

    @Autowired
    private TestRestTemplate rest;

    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) throws IOException {
        // A port that was free a moment ago: nothing listens there.
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + port);
        }
    }

    @Test
    void healthIsDownWithTheReason() {
        ResponseEntity<JsonNode> health = this.rest.getForEntity("/actuator/health", JsonNode.class);

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(health.getBody().at("/components/kafka/status").asText()).isEqualTo("DOWN");
        assertThat(health.getBody().at("/components/kafka/details/error").asText()).startsWith("Kafka not reachable");
    }

    @Test
    void aReplayFailsAfterAFewFailedSendsAndReportsNothingAsDelivered() {
        ResponseEntity<JsonNode> started = this.rest.postForEntity("/api/replay", null, JsonNode.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofMinutes(1))
                .until(() -> !"RUNNING".equals(status().get("state").asText()));

        JsonNode status = status();
        assertThat(status.get("state").asText()).isEqualTo("FAILED");
        assertThat(status.get("acknowledged").asLong()).isZero();
        assertThat(status.get("failed").asLong()).isEqualTo(status.get("sent").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(status.get("lastError").asText()).contains("sends in a row failed").contains("Timeout");
    }

    private JsonNode status() {
        return this.rest.getForObject("/api/replay", JsonNode.class);
    }
}
