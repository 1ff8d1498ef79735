package io.sfcrime.verify.tally;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The run's figures, the recent events and the reset. */
@RestController
@RequestMapping("/api/verify")
class VerifyController {

    private final RunTally tally;

    VerifyController(RunTally tally) {
        this.tally = tally;
    }

    @GetMapping("/summary")
    Summary summary() {
        return this.tally.summary();
    }

    @GetMapping("/recent")
    List<RecentEvent> recent(@RequestParam(defaultValue = "10") int limit) {
        if (limit < 1 || limit > this.tally.recentCapacity()) {
            throw new BadLimitException(limit, this.tally.recentCapacity());
        }
        return this.tally.recent(limit);
    }

    /** Starts a new count; answers the summary of the run it ended. Offsets are not touched. */
    @PostMapping("/reset")
    Summary reset() {
        return this.tally.reset();
    }
}
