package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.testkit.HourlyCounts;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Every row analytics-service serves over REST, read a day at a time (one day's rows fit
 * one answer).
 */
final class AnalyticsResults {

    private static final int LIMIT = 10_000;

    private AnalyticsResults() {
    }

    /**
     * The rows of windows starting from {@code first} to {@code last}, days inclusive.
     */
    static Map<HourlyCounts.Key, Long> rows(int port, LocalDate first, LocalDate last) {
        Map<HourlyCounts.Key, Long> rows = new HashMap<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            JsonNode answer = ServiceHttp.get(port, "/api/analytics/windows?limit=" + LIMIT + "&from="
                    + day.atStartOfDay() + "&to=" + day.plusDays(1).atStartOfDay());
            assertThat(answer.size()).as("rows of " + day + " fit one answer").isLessThan(LIMIT);
            for (JsonNode row : answer) {
                HourlyCounts.Key key = new HourlyCounts.Key(LocalDateTime.parse(row.path("windowStart").asText()),
                        row.path("crimeType").asText(), row.path("disposition").asText());
                assertThat(rows.put(key, row.path("count").asLong())).as("one row per key: " + key).isNull();
            }
        }
        return rows;
    }

    /** The calls of every window of a {@code calls-per-window} answer. */
    static long total(JsonNode windows) {
        return StreamSupport.stream(windows.spliterator(), false).mapToLong(w -> w.path("count").asLong()).sum();
    }

}
