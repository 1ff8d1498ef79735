package io.sfcrime.analytics.results;

import java.time.LocalDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The results, read from the store. Times are ISO-8601 local date-times of San Francisco. While the store is
 * being read back from the result topic (at start-up, or retrying that with the broker away) every endpoint
 * answers 503 rather than partial counts.
 */
@RestController
@RequestMapping("/api/analytics")
class ResultsController {

    static final int MAX_LIMIT = 10_000;

    private final ResultStore store;

    ResultsController(ResultStore store) {
        this.store = store;
    }

    @GetMapping("/windows")
    List<WindowCount> windows(@RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime to,
            @RequestParam(required = false) String crimeType, @RequestParam(required = false) String disposition,
            @RequestParam(defaultValue = "100") int limit) {
        return complete().windows(new TimeRange(from, to), blankToNull(crimeType), blankToNull(disposition),
                checkLimit(limit));
    }

    @GetMapping("/top")
    List<CrimeTypeRank> top(@RequestParam(defaultValue = "10") int limit,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime to) {
        return complete().top(new TimeRange(from, to), checkLimit(limit));
    }

    @GetMapping("/calls-per-window")
    List<WindowTotal> callsPerWindow(
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE_TIME) LocalDateTime to) {
        return complete().callsPerWindow(new TimeRange(from, to));
    }

    private ResultStore complete() {
        if (!this.store.complete()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The results are being read back from the result topic; see /actuator/health for why it takes");
            problem.setTitle("Results not available yet");
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        }
        return this.store;
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
