package io.sfcrime.analytics.pipeline;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The query's latest progress and status. */
@RestController
@RequestMapping("/api/analytics")
class ProgressController {

    private final QueryStatus status;

    private final StreamingQueryRunner runner;

    ProgressController(QueryStatus status, StreamingQueryRunner runner) {
        this.status = status;
        this.runner = runner;
    }

    @GetMapping("/progress")
    ProgressView progress() {
        return ProgressView.of(this.status, this.runner.query());
    }
}
