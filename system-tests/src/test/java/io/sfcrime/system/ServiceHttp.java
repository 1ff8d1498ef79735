package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The services' HTTP APIs as the system tests call them: JSON in, JSON (or the metrics'
 * text) out, on localhost.
 */
final class ServiceHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceHttp() {
    }

    /** GET, which must answer 200 with JSON. */
    static JsonNode get(int port, String path) {
        HttpResponse<String> response = send(port, path, HttpRequest.newBuilder(uri(port, path)).GET());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** GET of a text resource (the Prometheus exposition), which must answer 200. */
    static String text(int port, String path) {
        HttpResponse<String> response = send(port, path, HttpRequest.newBuilder(uri(port, path)).GET());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** POST of a JSON body; answers the status code and the JSON answer. */
    static Answer post(int port, String path, String body) {
        HttpResponse<String> response = send(port, path,
                HttpRequest.newBuilder(uri(port, path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        return new Answer(response.statusCode(), json(response.body()));
    }

    /** Whether anything answers HTTP on the port. */
    static boolean answers(int port) {
        try {
            HTTP.send(HttpRequest.newBuilder(uri(port, "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The JSON {@code path} answers once {@code done} holds for it, within 4 minutes. */
    static JsonNode awaitJson(int port, String path, Predicate<JsonNode> done) {
        return await().atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(2))
            .ignoreExceptions()
            .until(() -> get(port, path), done::test);
    }

    private static HttpResponse<String> send(int port, String path, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(path + " on port " + port + " failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        }
        catch (IOException ex) {
            throw new AssertionError("Not JSON: " + body, ex);
        }
    }

    record Answer(int status, JsonNode body) {
    }

}
