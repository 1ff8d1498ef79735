package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.launcher.ServiceSpec;
import io.sfcrime.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus (Debian's {@code prometheus}) on a free port of 127.0.0.1, with
 * storage of its own, scraping with the Docker setup's scrape configuration; queried
 * through its HTTP API, stopped on close.
 *
 * @param process the running prometheus
 * @param port its HTTP port on 127.0.0.1
 * @param log its output
 */
record PrometheusServer(Process process, int port, Path log) implements AutoCloseable {

    /** The Docker setup's scrape configuration, mounted into the Prometheus container. */
    static final Path CONFIG = Tools.ROOT.resolve("docker/prometheus/prometheus.yml");

    /**
     * A scrape target of the shipped configuration: "service-name:port", the service's
     * compose address.
     */
    private static final Pattern TARGET = Pattern.compile("\"([a-z-]+):\\d+\"");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Starts Prometheus on {@link #CONFIG} with each service's target changed, and
     * nothing else, to where the service listens here; answers once Prometheus is ready.
     */
    static PrometheusServer scraping(List<ServiceSpec> services, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("prometheus.yml"),
                localTargets(Files.readString(CONFIG), services));
        int port = FreePorts.one();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        await().atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .failFast("Prometheus exited; see " + log, () -> !process.isAlive())
            .until(() -> server.get("/-/ready").statusCode() == 200);
        return server;
    }

    /**
     * The configuration with each "service:port" target replaced by 127.0.0.1 and the
     * port it has here.
     */
    static String localTargets(String config, List<ServiceSpec> services) {
        Map<String, Integer> ports = new TreeMap<>();
        services.forEach(service -> ports.put(service.name(), service.port()));
        Map<String, Integer> replaced = new TreeMap<>();
        Matcher target = TARGET.matcher(config);
        StringBuilder local = new StringBuilder();
        while (target.find()) {
            String service = target.group(1);
            assertThat(ports).as("scrape target " + target.group() + " of " + CONFIG).containsKey(service);
            replaced.merge(service, 1, Integer::sum);
            target.appendReplacement(local, "\"127.0.0.1:" + ports.get(service) + "\"");
        }
        target.appendTail(local);
        Map<String, Integer> once = new TreeMap<>();
        ports.keySet().forEach(service -> once.put(service, 1));
        assertThat(replaced).as("one scrape target per service in " + CONFIG).isEqualTo(once);
        return local.toString();
    }

    /**
     * Each scrape job's health ("up", "down" or "unknown"), as Prometheus last saw it.
     */
    Map<String, String> jobHealth() {
        Map<String, String> health = new TreeMap<>();
        for (JsonNode target : api("/api/v1/targets?state=active").path("activeTargets")) {
            health.put(target.path("labels").path("job").asText(), target.path("health").asText());
        }
        return health;
    }

    /**
     * The series an instant query answers (empty: no data); a query Prometheus refuses
     * fails the test.
     */
    JsonNode query(String expr) {
        return api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).path("result");
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
        }
    }

    private JsonNode api(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        try {
            JsonNode answer = MAPPER.readTree(response.body());
            assertThat(answer.path("status").asText()).as(pathAndQuery + ": " + response.body()).isEqualTo("success");
            return answer.path("data");
        }
        catch (IOException ex) {
            throw new AssertionError(pathAndQuery + " answered " + response.body() + "; log " + this.log, ex);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Prometheus on port " + this.port + ": " + ex + "; log " + this.log, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
