package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The replay API and the service's metrics as the tests call them, over HTTP. */
final class ReplayClient {

    private final TestRestTemplate rest;

    ReplayClient(TestRestTemplate rest) {
        this.rest = rest;
    }

    JsonNode status() {
        return this.rest.getForObject("/api/replay", JsonNode.class);
    }

    ResponseEntity<JsonNode> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return this.rest.postForEntity(path, new HttpEntity<>(body, headers), JsonNode.class);
    }

    /** Starts a replay (or a resume) and answers its first status; it must be accepted. */
    JsonNode start(String body) {
        ResponseEntity<JsonNode> started = post("/api/replay", body);
        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.ACCEPTED);
        return started.getBody();
    }

    /** Waits until the replay is no longer RUNNING and answers its final status. */
    JsonNode awaitEnd(Duration atMost) {
        await().atMost(atMost).until(() -> !"RUNNING".equals(status().get("state").asText()));
        return status();
    }

    JsonNode replayToTheEnd(String body) {
        start(body);
        return awaitEnd(Duration.ofMinutes(2));
    }

    /** A meter of the service with the {@code application} tag only, as Prometheus reads it. */
    double meter(String name) {
        String prefix = name + "{application=\"ingest-service\"} ";
        return this.rest.getForObject("/actuator/prometheus", String.class).lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not published"));
    }
}
