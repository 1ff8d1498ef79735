package io.sfcrime.analytics.results;

import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The results, read from the store. Times are ISO-8601 local date-times of San Francisco.
 * While the store is being read back from the result topic (at start-up, or retrying that
 * with the broker away) every endpoint answers 503 rather than partial counts.
 *
 * <p>
 * Not {@code @Validated}: that would validate through an AOP proxy and throw
 * ConstraintViolationException, a 500; without it Spring MVC's own method validation
 * checks the constraints below and answers HandlerMethodValidationException, a 400
 * problem detail.
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
    List<WindowCount> windows(@Valid TimeRange range, @RequestParam(required = false) String crimeType,
            @RequestParam(required = false) String disposition,
            @RequestParam(defaultValue = "100") @ResultLimit int limit) {
        return complete().windows(range, blankToNull(crimeType), blankToNull(disposition), limit);
    }

    @GetMapping("/top")
    List<CrimeTypeRank> top(@RequestParam(defaultValue = "10") @ResultLimit int limit, @Valid TimeRange range) {
        return complete().top(range, limit);
    }

    @GetMapping("/calls-per-window")
    List<WindowTotal> callsPerWindow(@Valid TimeRange range) {
        return complete().callsPerWindow(range);
    }

    private ResultStore complete() {
        if (!this.store.complete()) {
            throw new ResultsUnavailableException();
        }
        return this.store;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

}
