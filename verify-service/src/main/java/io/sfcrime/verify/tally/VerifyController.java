package io.sfcrime.verify.tally;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The run's figures, the recent events and the reset. Spring MVC validates the
 * constrained parameters itself and answers a violation with a
 * {@code HandlerMethodValidationException} (no class-level {@code @Validated}: that would
 * validate through a proxy instead and throw an exception the MVC error handling does not
 * know).
 */
@RestController
@RequestMapping("/api/verify")
class VerifyController {

    private static final String LIMIT_RANGE = "must be between 1 and " + RecentEvents.CAPACITY;

    private final RunTally tally;

    VerifyController(RunTally tally) {
        this.tally = tally;
    }

    @GetMapping("/summary")
    Summary summary() {
        return this.tally.summary();
    }

    @GetMapping("/recent")
    List<RecentEvent> recent(@RequestParam(defaultValue = "10") @Min(value = 1,
            message = LIMIT_RANGE) @Max(value = RecentEvents.CAPACITY, message = LIMIT_RANGE) int limit) {
        return this.tally.recent(limit);
    }

    /**
     * Starts a new count; answers the summary of the run it ended. Offsets are not
     * touched.
     */
    @PostMapping("/reset")
    Summary reset() {
        return this.tally.reset();
    }

}
