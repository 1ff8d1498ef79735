package io.sfcrime.verify.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Health follows the listener containers ({@code kafkaListener}, this service's) and the
 * broker ({@code kafka}, service-support's), each on its own: stopping the listener
 * leaves the broker UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "sfcrime.verify.topic=verify-health", "sfcrime.verify.group-id=verify-health" })
class HealthTest {

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private KafkaListenerEndpointRegistry registry;

    @Test
    @SuppressWarnings("rawtypes")
    void upWhileTheListenerRunsDownWhenItStopsUpAgainWhenItRestarts() {
        ResponseEntity<Map> up = await().atMost(Duration.ofSeconds(30))
            .until(this::health, health -> health.getStatusCode() == HttpStatus.OK);
        assertThat(component(up, "kafkaListener")).containsEntry("status", "UP")
            .containsEntry("details", Map.of("listenerContainers", 1, "running", 1));
        assertThat(component(up, "kafka")).containsEntry("status", "UP")
            .extractingByKey("details")
            .asInstanceOf(InstanceOfAssertFactories.MAP)
            .containsEntry("nodes", 1)
            .containsKeys("clusterId", "bootstrapServers");

        this.registry.stop();
        try {
            ResponseEntity<Map> down = await().atMost(Duration.ofSeconds(30))
                .until(this::health, health -> health.getStatusCode() == HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(down.getBody()).containsEntry("status", "DOWN");
            assertThat(component(down, "kafkaListener")).containsEntry("status", "DOWN")
                .containsEntry("details", Map.of("listenerContainers", 1, "running", 0));
            assertThat(component(down, "kafka")).containsEntry("status", "UP");
        }
        finally {
            this.registry.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(this::health, health -> health.getStatusCode() == HttpStatus.OK);
    }

    @SuppressWarnings("rawtypes")
    private ResponseEntity<Map> health() {
        return this.rest.getForEntity("/actuator/health", Map.class);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    static Map<String, Object> component(ResponseEntity<Map> health, String name) {
        return (Map<String, Object>) ((Map<String, Object>) health.getBody().get("components")).get(name);
    }

}
