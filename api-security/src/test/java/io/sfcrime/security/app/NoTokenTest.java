package io.sfcrime.security.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Without a token nothing asks for one: every caller may change things and read health
 * details, as the log says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.health.show-details=when-authorized")
class NoTokenTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    private int port;

    @Test
    void changesAndHealthDetailsAreOpen() throws Exception {
        HttpResponse<String> change = HTTP.send(request("/api/things").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = HTTP.send(request("/actuator/health").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(change.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(health.body()).at("/components/broker/details/bootstrapServers").asText())
            .isEqualTo(ApiTestApplication.SECRET_DETAIL);
    }

    @Test
    void anUnknownPathIsStillAProblemDetail() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/nope").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ApiSecurityTest.problem(response, 404).path("instance").asText()).isEqualTo("/nope");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
    }

}
