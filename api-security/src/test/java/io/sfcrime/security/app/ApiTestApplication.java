package io.sfcrime.security.app;

import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service in miniature, in a package of its own as each service is (so only the
 * auto-configuration brings the library in): one thing to read, one to change, and a
 * health component with a detail to hide.
 */
@SpringBootApplication
class ApiTestApplication {

    static final String SECRET_DETAIL = "broker at 10.1.2.3:9092";

    @Bean
    HealthIndicator broker() {
        return () -> Health.up().withDetail("bootstrapServers", SECRET_DETAIL).build();
    }

    @RestController
    static class Things {

        @GetMapping("/api/things")
        Map<String, Object> read() {
            return Map.of("things", 3);
        }

        @PostMapping("/api/things")
        Map<String, Object> change(@RequestBody(required = false) Map<String, Object> body) {
            return Map.of("received", body == null ? Map.of() : body);
        }

    }

}
