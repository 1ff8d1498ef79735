package io.sfcrime.analytics.dashboard;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page at {@code /} reads and does beyond analytics' own API, same-origin, so
 * the browser needs no CORS and no other origin can use it: ingest's replay status, start
 * and stop, and verify's summary, each forwarded to one fixed path of the configured base
 * URL (nothing of the request chooses where a request goes), plus the Spark chart's
 * recent batches. A POST here needs the API token like any other (api-security); the
 * caller's {@code Authorization} header is passed on to ingest, which checks it again.
 */
@RestController
@RequestMapping("/api/dashboard")
class DashboardController {

    private final Upstream ingest;

    private final Upstream verify;

    private final ProgressHistory history;

    DashboardController(DashboardProperties properties, ProgressHistory history) {
        this.ingest = Upstream.of("ingest-service", properties.ingestUrl(), properties.timeout());
        this.verify = Upstream.of("verify-service", properties.verifyUrl(), properties.timeout());
        this.history = history;
    }

    @GetMapping("/replay")
    ResponseEntity<byte[]> replay() {
        return this.ingest.get("/api/replay");
    }

    @PostMapping(path = "/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> startReplay(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String token,
            @RequestBody byte[] options) {
        return this.ingest.post("/api/replay", token, options);
    }

    @PostMapping("/replay/stop")
    ResponseEntity<byte[]> stopReplay(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String token) {
        return this.ingest.post("/api/replay/stop", token, null);
    }

    @GetMapping("/verify")
    ResponseEntity<byte[]> verifySummary() {
        return this.verify.get("/api/verify/summary");
    }

    @GetMapping("/spark-history")
    List<ProgressHistory.BatchPoint> sparkHistory() {
        return this.history.points();
    }

}
