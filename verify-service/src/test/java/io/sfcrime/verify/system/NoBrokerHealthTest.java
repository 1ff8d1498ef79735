package io.sfcrime.verify.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.testkit.FreePorts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service pointed at a port no broker listens on: the shared {@code kafka} component
 * is DOWN with its error, the endpoint answers 503, and the listener's own component says
 * only what it knows (its containers run, retrying).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "sfcrime.verify.topic=verify-no-broker", "sfcrime.verify.group-id=verify-no-broker",
                "spring.kafka.admin.auto-create=false", "sfcrime.health.kafka.timeout=1s" })
class NoBrokerHealthTest {

    /** Free a moment ago: nothing listens there. */
    private static final String NO_BROKER = "127.0.0.1:" + FreePorts.one();

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> NO_BROKER);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void downWhenTheBrokerCannotBeReached(@Autowired TestRestTemplate rest) {
        ResponseEntity<Map> health = rest.getForEntity("/actuator/health", Map.class);

        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(HealthTest.component(health, "kafka")).containsEntry("status", "DOWN")
            .extractingByKey("details")
            .asString()
            .contains("error=Kafka not reachable: ");
        assertThat(HealthTest.component(health, "kafkaListener")).containsEntry("status", "UP");
    }

}
