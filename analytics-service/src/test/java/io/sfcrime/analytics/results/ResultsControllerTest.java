package io.sfcrime.analytics.results;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The results endpoints over a real store: field names, ISO local times, order, filters and problem details. */
@WebMvcTest(ResultsController.class)
@Import(ResultStore.class)
class ResultsControllerTest {

    private static final LocalDateTime T0 = LocalDateTime.parse("2018-10-01T00:00");

    @Autowired
    MockMvc mvc;

    @Autowired
    ResultStore store;

    @BeforeEach
    void fill() {
        this.store.clear();
        this.store.apply(this.store.prepare(List.of(
                row(0, "Traffic Stop", "CIT", "Cited", 5), row(0, "Traffic Stop", "ADV", "Advised", 2),
                row(0, "Passing Call", "HAN", "Handled", 7), row(1, "Traffic Stop", "CIT", "Cited", 4),
                row(1, "Noise Nuisance", "NOM", "Unknown", 1), row(2, "Passing Call", "HAN", "Handled", 3)), "q", 0));
        this.store.markComplete();
    }

    @Test
    void aStoreNotYetReadBackAnswers503NotPartialCounts() throws Exception {
        this.store.clear();
        this.store.apply(this.store.prepare(List.of(row(0, "Traffic Stop", "CIT", "Cited", 5)), "q", 0));
        for (String endpoint : List.of("/api/analytics/windows", "/api/analytics/top",
                "/api/analytics/calls-per-window")) {
            this.mvc.perform(get(endpoint))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(503))
                    .andExpect(jsonPath("$.title").value("Results not available yet"))
                    .andExpect(jsonPath("$.detail").value(containsString("/actuator/health")));
        }
        this.store.markComplete();
        this.mvc.perform(get("/api/analytics/calls-per-window"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].count").value(5));
    }

    @Test
    void windowsNewestFirstWithTheirFields() throws Exception {
        this.mvc.perform(get("/api/analytics/windows"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(6))
                .andExpect(jsonPath("$[0].windowStart").value("2018-10-01T02:00:00"))
                .andExpect(jsonPath("$[0].windowEnd").value("2018-10-01T03:00:00"))
                .andExpect(jsonPath("$[0].crimeType").value("Passing Call"))
                .andExpect(jsonPath("$[0].disposition").value("HAN"))
                .andExpect(jsonPath("$[0].dispositionDescription").value("Handled"))
                .andExpect(jsonPath("$[0].count").value(3))
                .andExpect(jsonPath("$[1].crimeType").value("Traffic Stop"))
                .andExpect(jsonPath("$[2].dispositionDescription").value("Unknown"));
    }

    @Test
    void windowsFilteredByRangeTypeAndDisposition() throws Exception {
        this.mvc.perform(get("/api/analytics/windows").param("from", "2018-10-01T00:00").param("to", "2018-10-01T02:00")
                .param("crimeType", "Traffic Stop").param("disposition", "CIT").param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].windowStart").value("2018-10-01T01:00:00"))
                .andExpect(jsonPath("$[0].count").value(4));
    }

    @Test
    void topRanksCrimeTypesWithTheirUsualDisposition() throws Exception {
        this.mvc.perform(get("/api/analytics/top").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].crimeType").value("Traffic Stop"))
                .andExpect(jsonPath("$[0].count").value(11))
                .andExpect(jsonPath("$[0].disposition").value("CIT"))
                .andExpect(jsonPath("$[0].dispositionDescription").value("Cited"))
                .andExpect(jsonPath("$[0].dispositionCount").value(9))
                .andExpect(jsonPath("$[1].crimeType").value("Passing Call"))
                .andExpect(jsonPath("$[1].count").value(10));
        this.mvc.perform(get("/api/analytics/top").param("from", "2018-10-01T01:00"))
                .andExpect(jsonPath("$[0].crimeType").value("Traffic Stop"))
                .andExpect(jsonPath("$[0].count").value(4));
    }

    @Test
    void callsPerWindowOldestFirst() throws Exception {
        this.mvc.perform(get("/api/analytics/calls-per-window").param("to", "2018-10-01T02:00"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].windowStart").value("2018-10-01T00:00:00"))
                .andExpect(jsonPath("$[0].windowEnd").value("2018-10-01T01:00:00"))
                .andExpect(jsonPath("$[0].count").value(14))
                .andExpect(jsonPath("$[1].count").value(5));
    }

    @Test
    void badParametersAreProblemDetails() throws Exception {
        for (String[] bad : List.of(new String[] {"from", "yesterday"}, new String[] {"limit", "0"},
                new String[] {"limit", "many"}, new String[] {"limit", "10001"})) {
            this.mvc.perform(get("/api/analytics/windows").param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.instance").value("/api/analytics/windows"));
        }
        this.mvc.perform(get("/api/analytics/calls-per-window").param("from", "2018-10-02T00:00")
                .param("to", "2018-10-01T00:00"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("'from' (2018-10-02T00:00) must be before 'to' (2018-10-01T00:00)"));
        this.mvc.perform(get("/api/analytics/top").param("to", "2018-13-01T00:00"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").exists());
    }

    private static WindowCount row(int hour, String type, String disposition, String description, long count) {
        return new WindowCount(T0.plusHours(hour), T0.plusHours(hour + 1), type, disposition, description, count);
    }
}
