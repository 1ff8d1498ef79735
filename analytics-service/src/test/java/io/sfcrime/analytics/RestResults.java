package io.sfcrime.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.CrimeTypeRank;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.analytics.results.WindowTotal;
import io.sfcrime.testkit.PrometheusText;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The service's results read over REST, as a user reads them, to be held against
 * {@link ExpectedCounts}. Works against a service in this JVM or in a child process.
 */
public final class RestResults {

    private static final ParameterizedTypeReference<List<WindowCount>> WINDOWS = new ParameterizedTypeReference<>() {
    };

    private final TestRestTemplate rest;

    private final ObjectMapper mapper = new ObjectMapper();

    public RestResults(TestRestTemplate rest) {
        this.rest = rest;
    }

    /** The service at {@code http://127.0.0.1:<port>}. */
    public static RestResults onPort(int port) {
        return new RestResults(new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port)));
    }

    public <T> T get(String uri, ParameterizedTypeReference<T> type) {
        return this.rest.exchange(uri, HttpMethod.GET, null, type).getBody();
    }

    /** The body as JSON, whatever the status. */
    public JsonNode json(String uri) {
        try {
            return this.mapper.readTree(this.rest.getForObject(uri, String.class));
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("Not JSON from " + uri, ex);
        }
    }

    public int status(String uri) {
        ResponseEntity<String> response = this.rest.getForEntity(uri, String.class);
        return response.getStatusCode().value();
    }

    /**
     * The health component {@code sparkQuery}, asked for alone: the whole health waits
     * out the {@code kafka} component's timeout while the broker is down, too long a poll
     * to see a one-second backoff.
     */
    public JsonNode sparkQuery() {
        return json("/actuator/health/sparkQuery");
    }

    public JsonNode progress() {
        return json("/api/analytics/progress");
    }

    public PrometheusText metrics() {
        return PrometheusText.parse(this.rest.getForObject("/actuator/prometheus", String.class));
    }

    public List<WindowTotal> callsPerWindow() {
        return get("/api/analytics/calls-per-window", new ParameterizedTypeReference<List<WindowTotal>>() {
        });
    }

    /**
     * Calls over every window, or -1 while the service answers anything but the results.
     */
    public long totalCalls() {
        if (status("/api/analytics/calls-per-window") != 200) {
            return -1;
        }
        return callsPerWindow().stream().mapToLong(WindowTotal::count).sum();
    }

    /**
     * Every row of {@code /windows}, a day at a time (a request answers at most 10,000
     * rows), each day's page checked to be in the order the expected rows give; no row
     * may come twice.
     */
    public Map<AggregateKey, WindowCount> allWindowsDayByDay(ExpectedCounts expected) {
        Map<AggregateKey, WindowCount> rows = new HashMap<>();
        List<WindowTotal> windows = expected.perWindow();
        LocalDate last = windows.get(windows.size() - 1).windowStart().toLocalDate();
        for (LocalDate day = windows.get(0).windowStart().toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            LocalDateTime from = day.atStartOfDay();
            List<WindowCount> page = get(
                    "/api/analytics/windows?from=" + from + "&to=" + from.plusDays(1) + "&limit=10000", WINDOWS);
            assertThat(page).containsExactlyElementsOf(expected.windowsStartingIn(from, from.plusDays(1)));
            page.forEach(row -> assertThat(rows.put(row.key(), row)).isNull());
        }
        return rows;
    }

    /**
     * Calls per window, every row, and the top 25 crime types are exactly the expected
     * ones.
     */
    public void assertExactly(ExpectedCounts expected) {
        assertThat(callsPerWindow()).containsExactlyElementsOf(expected.perWindow());
        assertThat(allWindowsDayByDay(expected)).containsExactlyInAnyOrderEntriesOf(expected.rows());
        assertThat(get("/api/analytics/top?limit=25", new ParameterizedTypeReference<List<CrimeTypeRank>>() {
        })).containsExactlyElementsOf(expected.top(25));
    }

}
