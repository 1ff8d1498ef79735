package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The replay against Kafka in a container, for machines with Docker; skipped without it.
 * The same behaviour is covered on the in-JVM broker by {@link ReplayIntegrationTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayTestcontainersTest {

    @Container
    @ServiceConnection
    static KafkaContainer kafka = new KafkaContainer("apache/kafka-native:3.9.1");

    @Autowired
    private TestRestTemplate rest;

    @Test
    void replaysTheFirstThousandEventsIntoContainerisedKafka() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(
                this.rest.postForEntity("/api/replay", new HttpEntity<>("{\"limit\": 1000}", headers), JsonNode.class)
                    .getStatusCode())
            .isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofMinutes(2))
            .until(() -> "COMPLETED"
                .equals(this.rest.getForObject("/api/replay", JsonNode.class).get("state").asText()));

        assertThat(TopicContents.count(kafka.getBootstrapServers(), "police.department.calls")).isEqualTo(1000);
        assertThat(TopicContents.endOffsets(kafka.getBootstrapServers(), "police.department.calls"))
            .isNotEqualTo(Map.of());
    }

}
