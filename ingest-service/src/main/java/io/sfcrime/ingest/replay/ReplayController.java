package io.sfcrime.ingest.replay;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/replay", produces = MediaType.APPLICATION_JSON_VALUE)
class ReplayController {

    private final ReplayService service;

    private final ReplayOptionsResolver resolver;

    ReplayController(ReplayService service, ReplayOptionsResolver resolver) {
        this.service = service;
        this.resolver = resolver;
    }

    /**
     * JSON only; a request with no body at all takes the defaults (the consumes check
     * skips bodiless requests).
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplayStatus start(@Valid @RequestBody(required = false) ReplayRequest request) {
        ReplayRequest body = request == null ? ReplayRequest.DEFAULTS : request;
        if (body.isResume()) {
            return this.service.resume();
        }
        return this.service.start(this.resolver.resolve(body));
    }

    @PostMapping("/stop")
    ReplayStatus stop() {
        return this.service.stop();
    }

    @GetMapping
    ReplayStatus status() {
        return this.service.status();
    }

}
