package io.sfcrime.analytics.results;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The results endpoints over a real store, with the service's error advice (a
 * {@code @WebMvcTest} takes every controller advice): each body compared whole (field
 * names, ISO local times, order, filters), every error a problem detail with its exact
 * title and detail.
 */
@WebMvcTest(ResultsController.class)
@Import(ResultStore.class)
class ResultsControllerTest {

    private static final LocalDateTime T0 = LocalDateTime.parse("2018-10-01T00:00");

    private static final String BAD_PARAMETER = "Bad request parameter";

    @Autowired
    MockMvc mvc;

    @Autowired
    ResultStore store;

    @BeforeEach
    void fill() {
        this.store.clear();
        this.store.apply(this.store.prepare(
                List.of(row(0, "Traffic Stop", "CIT", "Cited", 5), row(0, "Traffic Stop", "ADV", "Advised", 2),
                        row(0, "Passing Call", "HAN", "Handled", 7), row(1, "Traffic Stop", "CIT", "Cited", 4),
                        row(1, "Noise Nuisance", "NOM", "Unknown", 1), row(2, "Passing Call", "HAN", "Handled", 3)),
                "q", 0));
        this.store.markComplete();
    }

    @Test
    void aStoreNotYetReadBackAnswers503NotPartialCounts() throws Exception {
        this.store.clear();
        this.store.apply(this.store.prepare(List.of(row(0, "Traffic Stop", "CIT", "Cited", 5)), "q", 0));
        for (String endpoint : List.of("/api/analytics/windows", "/api/analytics/top",
                "/api/analytics/calls-per-window")) {
            expectProblem(get(endpoint), 503, "Results not available yet",
                    "The results are being read back from the result topic; see /actuator/health for why it takes");
        }
        this.store.markComplete();
        expectJson(get("/api/analytics/calls-per-window"), array(total(0, 5)));
    }

    @Test
    void windowsNewestFirstWithTheirFields() throws Exception {
        expectJson(get("/api/analytics/windows"),
                array(window(2, "Passing Call", "HAN", "Handled", 3), window(1, "Traffic Stop", "CIT", "Cited", 4),
                        window(1, "Noise Nuisance", "NOM", "Unknown", 1),
                        window(0, "Passing Call", "HAN", "Handled", 7), window(0, "Traffic Stop", "CIT", "Cited", 5),
                        window(0, "Traffic Stop", "ADV", "Advised", 2)));
    }

    @Test
    void windowsFilteredByRangeTypeAndDisposition() throws Exception {
        expectJson(get("/api/analytics/windows").param("from", "2018-10-01T00:00")
            .param("to", "2018-10-01T02:00")
            .param("crimeType", "Traffic Stop")
            .param("disposition", "CIT")
            .param("limit", "1"), array(window(1, "Traffic Stop", "CIT", "Cited", 4)));
    }

    @Test
    void topRanksCrimeTypesWithTheirUsualDisposition() throws Exception {
        expectJson(get("/api/analytics/top").param("limit", "2"),
                array(rank("Traffic Stop", 11, "CIT", "Cited", 9), rank("Passing Call", 10, "HAN", "Handled", 10)));
        expectJson(get("/api/analytics/top").param("from", "2018-10-01T01:00"),
                array(rank("Traffic Stop", 4, "CIT", "Cited", 4), rank("Passing Call", 3, "HAN", "Handled", 3),
                        rank("Noise Nuisance", 1, "NOM", "Unknown", 1)));
    }

    @Test
    void callsPerWindowOldestFirst() throws Exception {
        expectJson(get("/api/analytics/calls-per-window").param("to", "2018-10-01T02:00"),
                array(total(0, 14), total(1, 5)));
    }

    @Test
    void badParametersAreProblemDetails() throws Exception {
        expectProblem(get("/api/analytics/windows").param("from", "yesterday"), 400, BAD_PARAMETER,
                "Failed to convert 'from' with value: 'yesterday'");
        expectProblem(get("/api/analytics/windows").param("limit", "0"), 400, BAD_PARAMETER,
                "'limit' must be between 1 and 10000, was 0");
        expectProblem(get("/api/analytics/windows").param("limit", "10001"), 400, BAD_PARAMETER,
                "'limit' must be between 1 and 10000, was 10001");
        expectProblem(get("/api/analytics/top").param("limit", "0"), 400, BAD_PARAMETER,
                "'limit' must be between 1 and 10000, was 0");
        expectProblem(get("/api/analytics/windows").param("limit", "many"), 400, "Bad Request",
                "Failed to convert 'limit' with value: 'many'");
        expectProblem(get("/api/analytics/calls-per-window").param("from", "2018-10-02T00:00")
            .param("to", "2018-10-01T00:00"), 400, BAD_PARAMETER, "'from' must be before 'to'");
        expectProblem(get("/api/analytics/top").param("to", "2018-13-01T00:00"), 400, BAD_PARAMETER,
                "Failed to convert 'to' with value: '2018-13-01T00:00'");
    }

    private void expectJson(MockHttpServletRequestBuilder request, String json) throws Exception {
        this.mvc.perform(request).andExpect(status().isOk()).andExpect(content().json(json, JsonCompareMode.STRICT));
    }

    private void expectProblem(MockHttpServletRequestBuilder request, int status, String title, String detail)
            throws Exception {
        String path = request.buildRequest(new MockServletContext()).getRequestURI();
        this.mvc.perform(request)
            .andExpect(status().is(status))
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.status").value(status))
            .andExpect(jsonPath("$.title").value(title))
            .andExpect(jsonPath("$.detail").value(detail))
            .andExpect(jsonPath("$.instance").value(path));
    }

    private static String array(String... elements) {
        return Stream.of(elements).collect(Collectors.joining(",", "[", "]"));
    }

    private static String window(int hour, String type, String disposition, String description, long count) {
        return "{\"windowStart\":\"" + T0.plusHours(hour) + ":00\",\"windowEnd\":\"" + T0.plusHours(hour + 1)
                + ":00\",\"crimeType\":\"" + type + "\",\"disposition\":\"" + disposition
                + "\",\"dispositionDescription\":\"" + description + "\",\"count\":" + count + "}";
    }

    private static String rank(String type, long count, String disposition, String description, long usual) {
        return "{\"crimeType\":\"" + type + "\",\"count\":" + count + ",\"disposition\":\"" + disposition
                + "\",\"dispositionDescription\":\"" + description + "\",\"dispositionCount\":" + usual + "}";
    }

    private static String total(int hour, long count) {
        return "{\"windowStart\":\"" + T0.plusHours(hour) + ":00\",\"windowEnd\":\"" + T0.plusHours(hour + 1)
                + ":00\",\"count\":" + count + "}";
    }

    private static WindowCount row(int hour, String type, String disposition, String description, long count) {
        return new WindowCount(T0.plusHours(hour), T0.plusHours(hour + 1), type, disposition, description, count);
    }

}
