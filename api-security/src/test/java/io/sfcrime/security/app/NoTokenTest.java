package io.sfcrime.security.app;

import static org.assertj.core.api.Assertions.assertThat;

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

    @LocalServerPort
    private int port;

    @Test
    void changesAndHealthDetailsAreOpen() throws Exception {
        HttpResponse<String> change = ApiSecurityTest
            .send(request("/api/things").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}")));
        HttpResponse<String> health = ApiSecurityTest.send(request("/actuator/health").GET());

        assertThat(change.statusCode()).isEqualTo(200);
        assertThat(ApiSecurityTest.MAPPER.readTree(health.body())
            .at("/components/broker/details/bootstrapServers")
            .asText()).isEqualTo(ApiTestApplication.SECRET_DETAIL);
    }

    @Test
    void anUnknownPathIsStillAProblemDetail() throws Exception {
        HttpResponse<String> response = ApiSecurityTest.send(request("/nope").DELETE());

        assertThat(ApiSecurityTest.problem(response, 404).path("instance").asText()).isEqualTo("/nope");
    }

    private HttpRequest.Builder request(String path) {
        return ApiSecurityTest.at(this.port, path);
    }

}
