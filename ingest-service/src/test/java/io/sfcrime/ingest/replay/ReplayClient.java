package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.testkit.PrometheusText;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * Starts a replay (or a resume) and answers its first status; it must be accepted.
     */
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

    /** The service's meters, as Prometheus reads them. */
    PrometheusText metrics() {
        return PrometheusText.parse(this.rest.getForObject("/actuator/prometheus", String.class));
    }

    /**
     * The one sample of a meter of the service (tagged {@code application}) with these
     * labels.
     */
    double meter(String name, Map<String, String> labels) {
        Map<String, String> tagged = new HashMap<>(labels);
        tagged.put("application", "ingest-service");
        return metrics().value(name, tagged);
    }

    double meter(String name) {
        return meter(name, Map.of());
    }

}
