package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.calls.CallsTopic;
import io.sfcrime.testkit.ChildJvm;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.TopicContents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * analytics-service's web page in a real headless Chromium, against the three service
 * jars as child processes on a KRaft broker in its own process, with an API token set: a
 * replay is started from the page (the token typed into it), its progress bar moves, the
 * replay is stopped from the page, the charts fill; once the stream settles every figure
 * the page shows equals what the services' REST APIs answer, and the calls per window
 * equal a count of the topic's records made here; then verify-service is killed (SIGKILL)
 * and the page reports it down with the reason. Screenshots go to
 * {@code system-tests/target/web-page/}.
 */
class WebPageSystemTest {

    private static final Logger log = LoggerFactory.getLogger(WebPageSystemTest.class);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String TOKEN = "web-page-system-test-token";

    /**
     * 80 s for the whole limit: the page stops it long before, once the bar has moved.
     */
    private static final int RATE = 250;

    private static final int LIMIT = 20_000;

    private static final Path WORK = Tools.ROOT.resolve("system-tests/target/web-page");

    private static final int PORT_BASE = FreePorts.consecutive(3);

    private static final int INGEST = PORT_BASE;

    private static final int VERIFY = PORT_BASE + 1;

    private static final int ANALYTICS = PORT_BASE + 2;

    private static final String PAGE = "http://localhost:" + ANALYTICS + "/";

    private static final List<ChildJvm> services = new ArrayList<>();

    private static KafkaBrokerProcess broker;

    private static ChromeDriver browser;

    @BeforeAll
    static void startTheSuiteAndABrowser() throws IOException {
        Chromium.require();
        FileSystemUtils.deleteRecursively(WORK);
        broker = new KafkaBrokerProcess(WORK.resolve("kafka"), Map.of()).start();
        broker.createTopic(CallsTopic.NAME, 3, Map.of());
        services.addAll(ServiceJars.startAndAwaitUp(PORT_BASE, broker.bootstrapServers(), WORK,
                "--sfcrime.security.api-token=" + TOKEN));
        browser = Chromium.start(1280, 2200, WORK.resolve("chromedriver.log"));
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        services.forEach(service -> service.stop(Duration.ofSeconds(60)));
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void thePageIsServedByAnalyticsAloneAndItsProxyAsksForTheToken() {
        HttpResponse<String> page = http("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
            .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
        for (String asset : List.of("/dashboard.js", "/dashboard.css", "/favicon.svg")) {
            assertThat(http("GET", asset, null).statusCode()).as(asset).isEqualTo(200);
        }
        HttpResponse<String> missing = http("GET", "/no-such-page", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> anonymous = http("POST", "/api/dashboard/replay/stop", null);
        HttpResponse<String> wrongToken = http("POST", "/api/dashboard/replay/stop", "Bearer not-the-token-at-all");
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(wrongToken.statusCode()).as(wrongToken.body()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"title\":\"Unauthorized\"");
    }

    @Test
    void aReplayDrivenFromThePageShowsWhatTheServicesAnswerAndADownServiceWithItsReason() throws IOException {
        browser.get(PAGE);
        awaitPage("ingest shown up", () -> hasClass("svc-ingest", "up"));
        List<String> external = browser.findElements(By.cssSelector("script[src], link[href], img[src], a[href]"))
            .stream()
            .map(element -> element.getDomProperty(
                    element.getTagName().equals("script") || element.getTagName().equals("img") ? "src" : "href"))
            .filter(url -> !url.startsWith(PAGE))
            .toList();
        assertThat(external).as("everything the page loads or links is this service's").isEmpty();

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        choose("pace", "rate");
        type("pace-value", String.valueOf(RATE));
        choose("order", "event-time");
        type("limit", String.valueOf(LIMIT));
        browser.findElement(By.id("start")).click();

        Set<Double> positions = new TreeSet<>();
        awaitPage("the progress bar moving", () -> {
            double position = ((Number) browser
                .executeScript("return document.getElementById('replay-progress').position")).doubleValue();
            if (position > 0 && position < 1) {
                positions.add(position);
            }
            return positions.size() >= 3;
        });
        assertThat(text("replay-state")).isEqualTo("RUNNING");
        browser.findElement(By.id("stop")).click();
        awaitPage("the replay shown stopped", () -> "STOPPED".equals(text("replay-state")));
        JsonNode replay = ServiceHttp.get(INGEST, "/api/replay");
        assertThat(replay.path("state").asText()).isEqualTo("STOPPED");
        long acknowledged = replay.path("acknowledged").asLong();
        assertThat(acknowledged).isBetween(1L, LIMIT - 1L);
        log.info("Stopped from the page at {} of {} events; progress bar seen at {}", acknowledged, LIMIT, positions);

        // Spark's first batch in a fresh JVM is slow (a minute on a busy machine), so the
        // charts fill after the stop. Then the stream settles: every acknowledged event
        // checked by verify and counted by analytics.
        awaitPage("the charts filled", () -> !rowsOf("top-table").isEmpty() && !rowsOf("windows-table").isEmpty()
                && !rowsOf("spark-table").isEmpty());
        ServiceHttp.awaitJson(VERIFY, "/api/verify/summary",
                s -> s.path("received").asLong() == acknowledged && s.path("caughtUp").asBoolean());
        ServiceHttp.awaitJson(ANALYTICS, "/api/analytics/calls-per-window",
                w -> AnalyticsResults.total(w) == acknowledged);
        JsonNode summary = ServiceHttp.get(VERIFY, "/api/verify/summary");
        JsonNode top = ServiceHttp.get(ANALYTICS, "/api/analytics/top?limit=10");
        JsonNode windows = ServiceHttp.get(ANALYTICS, "/api/analytics/calls-per-window");
        JsonNode progress = ServiceHttp.awaitJson(ANALYTICS, "/api/analytics/progress",
                p -> p.at("/totals/inputRows").asLong() == acknowledged);

        awaitPage("the page showing what the APIs answer", () -> {
            assertThat(number("replay-acknowledged")).isEqualTo(acknowledged);
            assertThat(number("verify-received")).isEqualTo(summary.path("received").asLong());
            assertThat(number("verify-valid")).isEqualTo(summary.path("valid").asLong());
            assertThat(number("verify-invalid")).isEqualTo(summary.path("invalid").asLong());
            assertThat(number("verify-duplicates")).isEqualTo(summary.path("duplicates").asLong());
            assertThat(number("verify-dead-lettered")).isEqualTo(summary.path("invalid").asLong());
            assertThat(rowsOf("verify-partitions"))
                .isEqualTo(rows(summary.path("partitions"), "partition", "received", "offset", "endOffset", "lag"));
            assertThat(rowsOf("top-table")).isEqualTo(
                    rows(top, "crimeType", "count", "disposition", "dispositionDescription", "dispositionCount"));
            assertThat(rowsOf("windows-table")).isEqualTo(rows(windows, "windowStart", "windowEnd", "count"));
            assertThat(number("query-input")).isEqualTo(progress.at("/totals/inputRows").asLong());
            assertThat(number("query-late")).isEqualTo(progress.at("/totals/lateRows").asLong());
            assertThat(number("query-malformed")).isEqualTo(progress.at("/totals/malformedRows").asLong());
            return true;
        });
        assertThat(windowTotalsShown()).as("calls per window: the page vs the topic's records counted here")
            .isEqualTo(windowTotalsOnTheTopic());
        Chromium.screenshot(browser, 1280, WORK.resolve("dashboard.png"));
        Chromium.screenshot(browser, 390, WORK.resolve("dashboard-phone.png"));
        assertThat(browser.executeScript("return document.documentElement.scrollWidth"))
            .as("no sideways scrolling at phone width")
            .isEqualTo(browser.executeScript("return document.documentElement.clientWidth"));
        browser.manage().window().setSize(new Dimension(1280, 2200));

        ChildJvm verify = services.get(1);
        verify.kill();
        awaitPage("verify shown down with the reason",
                () -> hasClass("svc-verify", "down") && browser.findElement(By.id("verify-alert")).isDisplayed()
                        && text("verify-alert").contains("verify-service is not reachable"));
        log.info("The page says: {}", text("verify-alert"));
        assertThat(text("verify-alert")).contains("/api/verify/summary");
        assertThat(hasClass("svc-ingest", "up")).isTrue();
        Chromium.screenshot(browser, 1280, WORK.resolve("dashboard-verify-down.png"));
    }

    private static void awaitPage(String what, Callable<Boolean> condition) {
        await(what).atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(condition);
    }

    private static void type(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static void choose(String select, String value) {
        browser.findElement(By.cssSelector("#" + select + " option[value='" + value + "']")).click();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private static long number(String id) {
        return Long.parseLong(text(id).replace(",", ""));
    }

    private static boolean hasClass(String id, String name) {
        return List.of(browser.findElement(By.id(id)).getDomAttribute("class").split(" ")).contains(name);
    }

    /**
     * A table's body as text, cell by cell; read from the DOM, as a screen reader would,
     * also where its {@code details} is closed.
     */
    @SuppressWarnings("unchecked")
    private static List<List<String>> rowsOf(String table) {
        return (List<List<String>>) browser.executeScript("return Array.from(document.querySelectorAll('#" + table
                + " tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent.replace(/,/g, '')));");
    }

    /** The same fields of each element of a JSON array, as the page writes them. */
    private static List<List<String>> rows(JsonNode array, String... fields) {
        return StreamSupport.stream(array.spliterator(), false)
            .map(row -> List.of(fields)
                .stream()
                .map(field -> row.path(field).isNull() ? "–" : row.path(field).asText())
                .toList())
            .toList();
    }

    private static Map<String, Long> windowTotalsShown() {
        Map<String, Long> shown = new TreeMap<>();
        rowsOf("windows-table").forEach(row -> shown.put(row.get(0), Long.parseLong(row.get(2))));
        return shown;
    }

    /** Calls per hour of call_date_time, over every record on the calls topic. */
    private static Map<String, Long> windowTotalsOnTheTopic() {
        Map<String, Long> counted = new TreeMap<>();
        for (ConsumerRecord<String, String> record : TopicContents.readAll(broker.bootstrapServers(),
                CallsTopic.NAME)) {
            try {
                LocalDateTime at = LocalDateTime.parse(MAPPER.readTree(record.value()).path("call_date_time").asText());
                counted.merge(at.truncatedTo(ChronoUnit.HOURS).toString() + ":00", 1L, Long::sum);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return counted;
    }

    private static HttpResponse<String> http(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + ANALYTICS + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
