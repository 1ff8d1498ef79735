package io.sfcrime.verify.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sfcrime.testkit.ChildJvm;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.PrometheusText;
import io.sfcrime.verify.VerifyApplication;
import io.sfcrime.verify.tally.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * verify-service in a child JVM (its main class, this test JVM's class path) on this
 * JVM's embedded broker, on a free port, working in {@code target/children/<name>}: for
 * tests that kill it with SIGKILL and start it again. Its consumers poll small batches,
 * so that a kill lands part-way, and have a short session timeout, so that the group
 * notices a killed instance in seconds rather than Kafka's default 45.
 */
final class VerifyProcess implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    private final ChildJvm jvm;

    private final URI base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    VerifyProcess(String name, String topic, String group, String... settings) {
        int port = FreePorts.one();
        List<String> args = new ArrayList<>(List.of("--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + System.getProperty("spring.embedded.kafka.brokers"),
                "--sfcrime.verify.topic=" + topic, "--sfcrime.verify.group-id=" + group,
                "--spring.kafka.consumer.max-poll-records=100",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
        args.addAll(List.of(settings));
        Path workDir = Path.of("target", "children", name).toAbsolutePath();
        this.jvm = ChildJvm.mainClass(name, VerifyApplication.class.getName(), workDir, "512m", args);
        this.base = URI.create("http://127.0.0.1:" + port);
        try {
            Files.deleteIfExists(this.jvm.logFile());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    VerifyProcess start() {
        this.jvm.start();
        return this;
    }

    /** SIGKILL: nothing is committed or flushed on the way out. */
    void kill() {
        this.jvm.kill();
    }

    /** SIGTERM: the consumers commit and leave the group. */
    void stop() {
        this.jvm.stop(Duration.ofSeconds(30));
    }

    /** The summary, or null while the service does not answer (starting, or dead). */
    Summary summary() {
        String body = get("/api/verify/summary");
        try {
            return body == null ? null : JSON.readValue(body, Summary.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Its {@code /actuator/prometheus} page. */
    PrometheusText prometheus() {
        String body = get("/actuator/prometheus");
        if (body == null) {
            throw new IllegalStateException(this + " does not answer");
        }
        return PrometheusText.parse(body);
    }

    @Override
    public void close() {
        this.jvm.stop(Duration.ofSeconds(30));
    }

    @Override
    public String toString() {
        return this.jvm.toString();
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
