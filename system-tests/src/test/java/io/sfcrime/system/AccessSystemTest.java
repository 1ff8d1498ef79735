package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.BaitServer;
import io.sfcrime.testkit.RealCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who gets into the embedded default, and what they get back, met from outside as a user,
 * a careless client or an attacker meets it: the launcher started as a process (its
 * generated API token, nothing replayed), then real HTTP against the three real services.
 * Every socket the suite listens on is on loopback; each state-changing endpoint refuses
 * a request without the token and takes one with it; health details go to the token's
 * holder only; the replay file option reaches nothing outside its directory and fetches
 * no URL; a battery of bad requests is answered with 4xx problem details, never a 5xx,
 * and the services keep serving.
 */
class AccessSystemTest {

    private static final int KAFKA_PORT = FreePorts.one();

    private static final int INGEST = FreePorts.consecutive(3);

    private static final int VERIFY = INGEST + 1;

    private static final int ANALYTICS = INGEST + 2;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private static final Path WORK = Tools.ROOT.resolve("system-tests/target/access-suite");

    /** The launcher's default directory for replay files, under its work directory. */
    private static final Path FILES = WORK.resolve("replay-files");

    private static final String MARKER = "SECRET-MARKER-4711";

    private static Process launcher;

    private static String token;

    @BeforeAll
    static void launchTheSuiteWithoutAReplay() throws IOException {
        Files.createDirectories(WORK);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sfcrime.launcher.LocalSuite", "--root=" + Tools.ROOT,
                "--work-dir=" + WORK, "--kafka-port=" + KAFKA_PORT, "--port-base=" + INGEST, "--replay=false")
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve("launcher.log").toFile());
        // The default: no token chosen, so the launcher makes one.
        builder.environment().remove("SFCRIME_API_TOKEN");
        launcher = builder.start();
        await().atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .failFast("the launcher exited; see " + WORK.resolve("launcher.log"), () -> !launcher.isAlive())
            .until(() -> Files.readString(WORK.resolve("launcher.log")).contains("SF Crime Streaming is up"));
        token = Files.readString(WORK.resolve("api-token")).trim();
    }

    @AfterAll
    static void stopTheSuite() throws InterruptedException {
        if (launcher != null) {
            launcher.destroy();
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher stopped").isTrue();
        }
    }

    @Test
    void theLauncherMadeATokenOnlyTheUserCanReadAndPrintedHowToUseIt() throws Exception {
        String log = Files.readString(WORK.resolve("launcher.log"));

        assertThat(token).hasSize(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(WORK.resolve("api-token"))))
            .isEqualTo("rw-------");
        assertThat(log).contains("Everything listens on 127.0.0.1 only")
            .contains("curl -X POST -H \"Authorization: Bearer $(cat " + WORK.resolve("api-token") + ")\"")
            .doesNotContain(token);
    }

    @Test
    void everySocketTheSuiteListensOnIsOnLoopback() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux's /proc");
        Set<Long> processes = Stream.concat(Stream.of(launcher.toHandle()), launcher.toHandle().descendants())
            .map(ProcessHandle::pid)
            .collect(Collectors.toSet());

        Map<Integer, String> listening = listeningSockets(processes);

        assertThat(listening.keySet()).as("the broker, the three services and Spark's UI at least")
            .contains(KAFKA_PORT, INGEST, VERIFY, ANALYTICS, sparkUiPort());
        assertThat(listening).allSatisfy(
                (port, address) -> assertThat(address).as("port " + port).isIn("127.0.0.1", "::ffff:127.0.0.1", "::1"));
    }

    @Test
    void sparksUiHasItsKillLinksOff() throws Exception {
        String ui = "http://127.0.0.1:" + sparkUiPort();
        String application = MAPPER.readTree(send(get(ui + "/api/v1/applications")).body()).get(0).path("id").asText();

        JsonNode environment = MAPPER
            .readTree(send(get(ui + "/api/v1/applications/" + application + "/environment")).body());

        Map<String, String> properties = new HashMap<>();
        environment.path("sparkProperties").forEach(pair -> properties.put(pair.get(0).asText(), pair.get(1).asText()));
        assertThat(properties).containsEntry("spark.ui.killEnabled", "false");
    }

    @Test
    void eachStateChangingEndpointRefusesARequestWithoutTheTokenAndTakesOneWithIt() throws Exception {
        String summaryBefore = MAPPER.readTree(send(get(url(VERIFY, "/api/verify/summary"))).body())
            .path("runStartedAt")
            .asText();
        long sentBefore = replayStatus().path("sent").asLong();
        String[][] endpoints = { { url(INGEST, "/api/replay"), "{\"limit\": 10}" },
                { url(INGEST, "/api/replay/stop"), null }, { url(VERIFY, "/api/verify/reset"), null } };

        for (String[] endpoint : endpoints) {
            for (String authorization : new String[] { null, "Bearer wrong-" + token, "Basic " + token, token }) {
                HttpRequest.Builder request = post(endpoint[0], endpoint[1]);
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                assertProblem(send(request), 401, endpoint[0] + " with " + authorization);
            }
        }
        assertThat(replayStatus().path("sent").asLong()).as("nothing was replayed").isEqualTo(sentBefore);
        assertThat(MAPPER.readTree(send(get(url(VERIFY, "/api/verify/summary"))).body()).path("runStartedAt").asText())
            .as("nothing was reset")
            .isEqualTo(summaryBefore);

        await().atMost(Duration.ofMinutes(1)).until(() -> !"RUNNING".equals(replayStatus().path("state").asText()));
        assertThat(send(authorised(post(endpoints[0][0], endpoints[0][1]))).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> !"RUNNING".equals(replayStatus().path("state").asText()));
        assertThat(replayStatus().path("acknowledged").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(send(authorised(post(endpoints[1][0], null))).statusCode()).isEqualTo(200);
        HttpResponse<String> reset = send(authorised(post(endpoints[2][0], null)));
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(send(get(url(VERIFY, "/api/verify/summary"))).body()).path("runStartedAt").asText())
            .as("a new run")
            .isNotEqualTo(summaryBefore);
    }

    @Test
    void healthShowsDetailsOnlyToTheTokensHolder() throws Exception {
        for (int port : new int[] { INGEST, VERIFY, ANALYTICS }) {
            HttpResponse<String> anonymous = send(get(url(port, "/actuator/health")));
            JsonNode authorised = MAPPER.readTree(send(authorised(get(url(port, "/actuator/health")))).body());

            assertThat(MAPPER.readTree(anonymous.body())).as("port " + port)
                .isEqualTo(MAPPER.readTree("{\"status\":\"UP\"}"));
            assertThat(anonymous.body()).doesNotContain("127.0.0.1").doesNotContain("clusterId");
            assertThat(authorised.path("components").isObject()).as("port " + port).isTrue();
        }
    }

    @Test
    void aReplayFileOutsideItsDirectoryIsRefusedAndTheAnswerHoldsNothingOfIt() throws Exception {
        Path outside = Files.createDirectories(WORK.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.json"),
                "[" + RealCalls.inFileOrder().get(0).json().replace(RealCalls.inFileOrder().get(0).crimeId(), MARKER)
                        + "]");
        Files.writeString(FILES.resolve("not-calls.txt"), "root:x:0:0:" + MARKER);
        Path link = FILES.resolve("link.json");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, secret);
        long sentBefore = replayStatus().path("sent").asLong();

        for (String file : new String[] { secret.toString(), "../outside/secret.json", "link.json",
                "./../outside/secret.json", "/etc/passwd", "/etc/shadow", "/proc/self/environ", "not-calls.txt",
                "file:" + secret, "classpath:../../outside/secret.json" }) {
            HttpResponse<String> response = send(
                    authorised(post(url(INGEST, "/api/replay"), MAPPER.writeValueAsString(Map.of("file", file)))));

            JsonNode problem = assertProblem(response, 400, file);
            assertThat(problem.path("errors").get(0).asText()).as(file).startsWith("file: ");
            assertThat(response.body()).as(file)
                .doesNotContain(MARKER)
                .doesNotContain("root:")
                .doesNotContain("PATH=")
                .doesNotContain("crime_id");
        }
        assertThat(replayStatus().path("sent").asLong()).as("nothing was replayed").isEqualTo(sentBefore);
    }

    @Test
    void aFileInsideTheDirectoryIsReplayed() throws Exception {
        Files.writeString(FILES.resolve("three.json"),
                RealCalls.inFileOrder()
                    .subList(0, 3)
                    .stream()
                    .map(call -> call.json())
                    .collect(Collectors.joining(",", "[", "]")));
        await().atMost(Duration.ofMinutes(1)).until(() -> !"RUNNING".equals(replayStatus().path("state").asText()));

        HttpResponse<String> started = send(
                authorised(post(url(INGEST, "/api/replay"), "{\"file\": \"three.json\", \"order\": \"file\"}")));

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> "COMPLETED".equals(replayStatus().path("state").asText()));
        assertThat(replayStatus().path("acknowledged").asLong()).isEqualTo(3);
    }

    @Test
    void aUrlFileOptionIsNeverFetched() throws Exception {
        try (BaitServer server = BaitServer.serving(RealCalls.inFileOrder().subList(0, 1))) {
            String base = server.base();
            for (String url : new String[] { base + "/calls.json", base.replace("http:", "https:") + "/calls.json",
                    "jar:" + base + "/calls.jar!/calls.json", url(VERIFY, "/api/verify/summary"),
                    "ftp://127.0.0.1:" + server.port() + "/calls.json" }) {
                assertProblem(
                        send(authorised(
                                post(url(INGEST, "/api/replay"), MAPPER.writeValueAsString(Map.of("file", url))))),
                        400, url);
            }
            assertThat(server.requests()).as("requests the test's own HTTP server saw").isZero();
        }
    }

    @Test
    void badRequestsAreEach4xxProblemDetailsAndTheServicesKeepServing() throws Exception {
        long sentBefore = replayStatus().path("sent").asLong();
        List<BadRequest> battery = battery();
        assertThat(battery).hasSizeGreaterThanOrEqualTo(50);
        Map<Integer, Long> perService = battery.stream()
            .collect(Collectors.groupingBy(BadRequest::port, TreeMap::new, Collectors.counting()));
        assertThat(perService.keySet()).containsExactly(INGEST, VERIFY, ANALYTICS);

        List<String> wrong = new ArrayList<>();
        for (BadRequest bad : battery) {
            HttpResponse<String> response = send(bad.request());
            String problem = problemOf(response, bad.status());
            if (problem != null) {
                wrong.add(bad.name() + ": " + problem);
            }
        }

        send(authorised(post(url(INGEST, "/api/replay/stop"), null)));
        assertThat(wrong).as("bad requests not answered as expected").isEmpty();
        assertThat(replayStatus().path("sent").asLong()).as("no bad request started a replay").isEqualTo(sentBefore);
        for (int port : new int[] { INGEST, VERIFY, ANALYTICS }) {
            assertThat(MAPPER.readTree(send(get(url(port, "/actuator/health"))).body()).path("status").asText())
                .as("health on " + port)
                .isEqualTo("UP");
        }
        assertThat(send(get(url(VERIFY, "/api/verify/recent?limit=5"))).statusCode()).isEqualTo(200);
        assertThat(send(get(url(ANALYTICS, "/api/analytics/top?limit=5"))).statusCode()).isEqualTo(200);
    }

    /**
     * Malformed, huge and nested bodies, wrong types, NaN and Infinity, out-of-range
     * numbers, wrong methods and content types, unknown paths, traversal and URL file
     * options, missing and wrong tokens.
     */
    private static List<BadRequest> battery() {
        List<BadRequest> battery = new ArrayList<>();
        String replay = url(INGEST, "/api/replay");
        String nestedArrays = "[".repeat(20_000) + "]".repeat(20_000);
        String nestedObjects = "{\"rate\":".repeat(6_000) + "1" + "}".repeat(6_000);
        String nestedValue = "{\"rate\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String huge = "{\"rate\": 1, \"order\": \"" + "x".repeat(200_000) + "\"}";
        for (String[] body : new String[][] { { "truncated JSON", "{\"rate\": " }, { "not JSON", "not json" },
                { "an array", "[1, 2]" }, { "a string", "\"event-time\"" }, { "deeply nested arrays", nestedArrays },
                { "deeply nested objects", nestedObjects }, { "a deeply nested value", nestedValue },
                { "rate as text", "{\"rate\": \"fast\"}" }, { "rate NaN", "{\"rate\": NaN}" },
                { "rate \"NaN\"", "{\"rate\": \"NaN\"}" }, { "rate Infinity", "{\"rate\": Infinity}" },
                { "rate \"Infinity\"", "{\"rate\": \"Infinity\"}" }, { "rate -Infinity", "{\"rate\": \"-Infinity\"}" },
                { "rate 1e999", "{\"rate\": 1e999}" }, { "rate negative", "{\"rate\": -1}" },
                { "speedup 0", "{\"speedup\": 0}" }, { "speedup negative", "{\"speedup\": -3}" },
                { "speedup NaN", "{\"speedup\": \"NaN\"}" }, { "rate and speedup", "{\"rate\": 1, \"speedup\": 2}" },
                { "limit 0", "{\"limit\": 0}" }, { "limit negative", "{\"limit\": -5}" },
                { "limit 1e30", "{\"limit\": 1e30}" }, { "limit beyond long", "{\"limit\": 99999999999999999999}" },
                { "limit as text", "{\"limit\": \"ten\"}" }, { "loop as text", "{\"loop\": \"yes\"}" },
                { "loop as number", "{\"loop\": 2}" }, { "order unknown", "{\"order\": \"random\"}" },
                { "order as number", "{\"order\": 5}" }, { "unknown option", "{\"rat\": 1}" },
                { "file traversal", "{\"file\": \"../../../../etc/passwd\"}" },
                { "file absolute elsewhere", "{\"file\": \"/etc/shadow\"}" },
                { "file /proc", "{\"file\": \"/proc/self/environ\"}" },
                { "file URL", "{\"file\": \"http://127.0.0.1:" + VERIFY + "/api/verify/summary\"}" },
                { "file file: URL", "{\"file\": \"file:///etc/passwd\"}" },
                { "file classpath elsewhere", "{\"file\": \"classpath:application.yml\"}" },
                { "file empty", "{\"file\": \"\"}" }, { "file NUL", "{\"file\": \"a\\u0000b\"}" },
                { "file as number", "{\"file\": {\"path\": 1}}" } }) {
            battery.add(new BadRequest("ingest " + body[0], INGEST, authorised(post(replay, body[1])), 400));
        }
        battery.add(new BadRequest("ingest huge body", INGEST, authorised(post(replay, huge)), 413));
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers
            .ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)));
        battery.add(new BadRequest("ingest huge chunked body", INGEST, authorised(
                HttpRequest.newBuilder(URI.create(replay)).header("Content-Type", "application/json").POST(chunked)),
                413));
        battery.add(new BadRequest("ingest text/plain", INGEST,
                authorised(HttpRequest.newBuilder(URI.create(replay))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"rate\": 1}"))),
                415));
        battery.add(new BadRequest("ingest XML", INGEST,
                authorised(HttpRequest.newBuilder(URI.create(replay))
                    .header("Content-Type", "application/xml")
                    .POST(HttpRequest.BodyPublishers.ofString("<rate>1</rate>"))),
                415));
        battery.add(new BadRequest("ingest form post", INGEST,
                authorised(HttpRequest.newBuilder(URI.create(replay))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("rate=1"))),
                415));
        battery.add(new BadRequest("ingest PUT", INGEST, authorised(method(replay, "PUT")), 405));
        battery.add(new BadRequest("ingest DELETE", INGEST, authorised(method(replay, "DELETE")), 405));
        battery.add(new BadRequest("ingest PATCH stop", INGEST, authorised(method(replay + "/stop", "PATCH")), 405));
        battery.add(new BadRequest("ingest GET stop", INGEST, get(replay + "/stop"), 405));
        battery.add(new BadRequest("ingest unknown path", INGEST, get(url(INGEST, "/api/replays")), 404));
        battery.add(new BadRequest("ingest unknown actuator", INGEST, get(url(INGEST, "/actuator/env")), 404));
        battery.add(new BadRequest("ingest path parameter", INGEST, get(replay + ";jsessionid=1"), 400));
        battery.add(new BadRequest("ingest no token", INGEST, post(replay, "{}"), 401));
        battery.add(new BadRequest("ingest wrong token", INGEST,
                post(replay, "{}").header("Authorization", "Bearer " + token + "0"), 401));
        battery.add(new BadRequest("ingest stop without token", INGEST, post(replay + "/stop", null), 401));
        battery.add(new BadRequest("ingest GET with a wrong token", INGEST,
                get(replay).header("Authorization", "Bearer nope"), 401));
        battery.add(new BadRequest("ingest POST on health without token", INGEST,
                post(url(INGEST, "/actuator/health"), null), 401));

        String recent = url(VERIFY, "/api/verify/recent?limit=");
        for (String limit : new String[] { "0", "-1", "1001", "abc", "99999999999", "NaN", "Infinity", "1e3", "1.5" }) {
            battery.add(new BadRequest("verify limit " + limit, VERIFY, get(recent + limit), 400));
        }
        String reset = url(VERIFY, "/api/verify/reset");
        battery.add(new BadRequest("verify reset without token", VERIFY, post(reset, null), 401));
        battery.add(new BadRequest("verify reset wrong token", VERIFY,
                post(reset, null).header("Authorization", "Bearer " + token.substring(1)), 401));
        battery.add(new BadRequest("verify reset huge body", VERIFY, authorised(post(reset, huge)), 413));
        battery.add(new BadRequest("verify GET reset", VERIFY, get(reset), 405));
        battery.add(new BadRequest("verify DELETE summary", VERIFY,
                authorised(method(url(VERIFY, "/api/verify/summary"), "DELETE")), 405));
        battery.add(new BadRequest("verify unknown path", VERIFY, get(url(VERIFY, "/api/verify/everything")), 404));

        String windows = url(ANALYTICS, "/api/analytics/windows?");
        for (String query : new String[] { "limit=0", "limit=10001", "limit=abc", "limit=NaN", "from=yesterday",
                "from=2018-13-45T00:00", "to=Infinity", "from=2018-10-02", "from=2018-10-02T10:00&to=2018-10-02T09:00",
                "from=2018-10-02T10:00&to=2018-10-02T10:00" }) {
            battery.add(new BadRequest("analytics windows " + query, ANALYTICS, get(windows + query), 400));
        }
        battery.add(new BadRequest("analytics top limit -1", ANALYTICS,
                get(url(ANALYTICS, "/api/analytics/top?limit=-1")), 400));
        battery.add(new BadRequest("analytics top limit 1e9", ANALYTICS,
                get(url(ANALYTICS, "/api/analytics/top?limit=1000000000")), 400));
        battery.add(new BadRequest("analytics calls-per-window bad date", ANALYTICS,
                get(url(ANALYTICS, "/api/analytics/calls-per-window?to=soon")), 400));
        battery.add(new BadRequest("analytics POST without token", ANALYTICS,
                post(url(ANALYTICS, "/api/analytics/top"), "{}"), 401));
        battery.add(new BadRequest("analytics POST with token", ANALYTICS,
                authorised(post(url(ANALYTICS, "/api/analytics/top"), "{}")), 405));
        battery.add(new BadRequest("analytics huge body", ANALYTICS,
                authorised(post(url(ANALYTICS, "/api/analytics/top"), huge)), 413));
        battery.add(new BadRequest("analytics unknown path", ANALYTICS, get(url(ANALYTICS, "/api/analytics")), 404));
        battery.add(new BadRequest("analytics path parameter", ANALYTICS, get(url(ANALYTICS, "/api/analytics/top;x=1")),
                400));
        return battery;
    }

    /** A request of the battery and the status it must get. */
    private record BadRequest(String name, int port, HttpRequest.Builder request, int status) {
    }

    /**
     * Null when the response is the expected problem detail, else what is wrong with it.
     */
    private static String problemOf(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            return "status " + response.statusCode() + " (wanted " + status + "): " + abbreviate(response.body());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return "Content-Type " + response.headers().firstValue("Content-Type").orElse("none");
        }
        try {
            JsonNode problem = MAPPER.readTree(response.body());
            if (problem.path("status").asInt() != status || problem.path("title").asText().isEmpty()) {
                return "not a problem detail of status " + status + ": " + abbreviate(response.body());
            }
            return null;
        }
        catch (IOException ex) {
            return "not JSON: " + abbreviate(response.body());
        }
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String what) throws IOException {
        assertThat(problemOf(response, status)).as(what).isNull();
        return MAPPER.readTree(response.body());
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static JsonNode replayStatus() throws Exception {
        return MAPPER.readTree(send(get(url(INGEST, "/api/replay"))).body());
    }

    /**
     * The port of Spark's UI, from the line analytics-service logs when it starts the
     * SparkSession.
     */
    private static int sparkUiPort() throws IOException {
        Matcher ui = Pattern.compile("Spark UI at http://[^:]+:(\\d+)")
            .matcher(Files.readString(WORK.resolve("logs/analytics-service.log")));
        assertThat(ui.find()).as("analytics-service logged its Spark UI").isTrue();
        return Integer.parseInt(ui.group(1));
    }

    /**
     * The TCP sockets in LISTEN state that the given processes hold, port to local
     * address, from /proc: each process's socket inodes (its fd links), matched against
     * the kernel's socket tables.
     */
    private static Map<Integer, String> listeningSockets(Set<Long> pids) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            Path fds = Path.of("/proc", Long.toString(pid), "fd");
            try (Stream<Path> links = Files.list(fds)) {
                for (Path link : links.toList()) {
                    try {
                        String target = Files.readSymbolicLink(link).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    }
                    catch (IOException ex) {
                        // A descriptor closed while the directory was listed.
                    }
                }
            }
        }
        Map<Integer, String> listening = new TreeMap<>();
        for (String table : new String[] { "/proc/net/tcp", "/proc/net/tcp6" }) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    listening.put(Integer.parseInt(local[1], 16), address(local[0]));
                }
            }
        }
        return listening;
    }

    /** /proc/net's hexadecimal address (little-endian words) as text. */
    private static String address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) Integer
                    .parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes)
            .getHostAddress()
            .replaceFirst("^0:0:0:0:0:ffff:", "::ffff:")
            .replace("0:0:0:0:0:0:0:1", "::1");
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    }

    private static HttpRequest.Builder post(String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            return request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder method(String url, String method) {
        return HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
