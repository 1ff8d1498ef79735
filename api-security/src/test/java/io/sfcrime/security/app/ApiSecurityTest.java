package io.sfcrime.security.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The token, the limits and the problem details over real HTTP, on a real Tomcat, with a
 * token set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "sfcrime.security.api-token=" + ApiSecurityTest.TOKEN, "sfcrime.security.max-request-body=1KB",
                "management.endpoint.health.show-details=when-authorized" })
class ApiSecurityTest {

    static final String TOKEN = "test-token-0123456789abcdef";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    private int port;

    @Test
    void readsAreOpenToAnyone() throws Exception {
        HttpResponse<String> response = send(request("/api/things").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).path("things").asInt()).isEqualTo(3);
    }

    @Test
    void aChangeWithoutTheTokenIs401AsAProblemDetail() throws Exception {
        HttpResponse<String> response = send(request("/api/things").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}")));

        JsonNode problem = problem(response, 401);
        assertThat(problem.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.path("detail").asText()).startsWith("POST /api/things needs the API token");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/things");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sfcrime\"");
    }

    @Test
    void aWrongTokenOrAnotherSchemeIs401OnAnyMethod() throws Exception {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString(("user:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        for (String authorization : new String[] { "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), basic,
                "Bearer", "Bearer  ", TOKEN }) {
            for (String method : new String[] { "GET", "POST", "DELETE" }) {
                HttpResponse<String> response = send(request("/api/things").header("Authorization", authorization)
                    .method(method, HttpRequest.BodyPublishers.noBody()));

                JsonNode problem = problem(response, 401);
                assertThat(problem.path("detail").asText()).as(method + " with " + authorization)
                    .isIn("The bearer token is not this suite's API token",
                            "Only 'Authorization: Bearer <token>' is accepted");
                assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"sfcrime\", error=\"invalid_token\"");
            }
        }
    }

    @Test
    void aChangeWithTheTokenGoesThrough() throws Exception {
        HttpResponse<String> response = send(request("/api/things").header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).at("/received/a").asInt()).isEqualTo(1);
    }

    @Test
    void healthShowsItsStatusToAnyoneAndItsDetailsOnlyToTheTokenHolder() throws Exception {
        HttpResponse<String> anonymous = send(request("/actuator/health").GET());
        HttpResponse<String> authorised = send(
                request("/actuator/health").header("Authorization", "Bearer " + TOKEN).GET());

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(anonymous.body())).isEqualTo(MAPPER.readTree("{\"status\":\"UP\"}"));
        assertThat(anonymous.body()).doesNotContain(ApiTestApplication.SECRET_DETAIL);
        assertThat(MAPPER.readTree(authorised.body()).at("/components/broker/details/bootstrapServers").asText())
            .isEqualTo(ApiTestApplication.SECRET_DETAIL);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrChunked() throws Exception {
        byte[] large = ("{\"a\": \"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> declared = send(request("/api/things").header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(large)));
        HttpResponse<String> chunked = send(request("/api/things").header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))));

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            JsonNode problem = problem(response, 413);
            assertThat(problem.path("detail").asText())
                .isEqualTo("The request body is larger than 1024 bytes (sfcrime.security.max-request-body)");
        }
        HttpResponse<String> withinLimit = send(request("/api/things").header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream("{\"a\": 2}".getBytes(StandardCharsets.UTF_8)))));
        assertThat(withinLimit.statusCode()).as("a chunked body within the limit reaches the handler").isEqualTo(200);
        assertThat(MAPPER.readTree(withinLimit.body()).at("/received/a").asInt()).isEqualTo(2);
    }

    @Test
    void errorsSpringAnswersWithoutAHandlerAreProblemDetailsToo() throws Exception {
        JsonNode notFound = problem(send(request("/api/nothing-here").header("Accept", "text/html").GET()), 404);
        JsonNode wrongMethod = problem(send(request("/api/things").header("Authorization", "Bearer " + TOKEN)
            .PUT(HttpRequest.BodyPublishers.noBody())), 405);
        JsonNode wrongType = problem(send(request("/api/things").header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("a=1"))), 415);
        JsonNode rejected = problem(send(request("/api/things;jsessionid=1").GET()), 400);
        JsonNode errorPage = problem(send(request("/error").GET()), 404);

        assertThat(notFound.path("detail").asText()).isEqualTo("Nothing is served at /api/nothing-here");
        assertThat(wrongMethod.path("status").asInt()).isEqualTo(405);
        assertThat(wrongType.path("status").asInt()).isEqualTo(415);
        assertThat(rejected.path("title").asText()).isEqualTo("Request rejected");
        assertThat(errorPage.path("status").asInt()).isEqualTo(404);
    }

    private HttpRequest.Builder request(String path) {
        return at(this.port, path);
    }

    static HttpRequest.Builder at(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

}
