package io.sfcrime.analytics.pipeline;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The query's latest progress and status. */
@RestController
@RequestMapping("/api/analytics")
class ProgressController {

    private final QueryStatus status;

    private final QuerySupervisor supervisor;

    ProgressController(QueryStatus status, QuerySupervisor supervisor) {
        this.status = status;
        this.supervisor = supervisor;
    }

    @GetMapping("/progress")
    ProgressView progress() {
        return ProgressView.of(this.status, this.supervisor.query());
    }

}
