package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.verify.VerifyProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Health follows the listener containers and the broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "sfcrime.verify.topic=verify-health",
        "sfcrime.verify.group-id=verify-health"})
class HealthTest {

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private KafkaListenerEndpointRegistry registry;

    @Autowired
    private VerifyProperties properties;

    @Test
    void upWhileTheListenerRunsDownWhenItStopsUpAgainWhenItRestarts() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(health().getStatusCode())
                .isEqualTo(HttpStatus.OK));
        assertThat(health().getBody()).containsEntry("status", "UP");

        MessageListenerContainer container = this.registry.getListenerContainer(VerifyListener.ID);
        container.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ResponseEntity<Map> health = health();
                assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(health.getBody()).containsEntry("status", "DOWN");
            });
        } finally {
            container.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(health().getStatusCode())
                .isEqualTo(HttpStatus.OK));
    }

    @Test
    void downWhenTheBrokerCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Admin unreachable = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + closedPort))) {
            Health health = new ListenerHealthIndicator(this.registry, unreachable, this.properties).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("running", 1L)
                    .hasEntrySatisfying("broker", broker -> assertThat(broker.toString()).startsWith("unreachable"));
        }
    }

    @SuppressWarnings("rawtypes")
    private ResponseEntity<Map> health() {
        return this.rest.getForEntity("/actuator/health", Map.class);
    }
}
