package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallsFile;
import io.sfcrime.ingest.calls.CallsFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/** Turns a request into checked options, filling gaps from the settings; collects every error at once. */
@Component
class ReplayOptionsResolver {

    private final ReplayProperties properties;

    private final ReplayFiles files;

    ReplayOptionsResolver(ReplayProperties properties, ReplayFiles files) {
        this.properties = properties;
        this.files = files;
    }

    ReplayOptions resolve(ReplayRequest request) {
        ReplayProperties.Defaults defaults = this.properties.defaults();
        List<String> errors = new ArrayList<>();
        if (request.rate() != null && request.speedup() != null) {
            errors.add("rate and speedup: give one or the other, not both");
        }
        Double speedup = request.speedup() != null ? request.speedup()
                : request.rate() != null ? null : defaults.speedup();
        Double rate = speedup == null ? (request.rate() != null ? request.rate() : defaults.rate()) : null;
        Double rateToCheck = request.rate() != null ? request.rate() : rate;
        if (rateToCheck != null && (rateToCheck.isNaN() || rateToCheck.isInfinite() || rateToCheck < 0)) {
            errors.add("rate: must be a number of events per second, 0 or more (0 = as fast as possible), not "
                    + rateToCheck);
        }
        if (speedup != null && (speedup.isNaN() || speedup.isInfinite() || speedup <= 0)) {
            errors.add("speedup: must be a number above 0 (times event time), not " + speedup);
        }
        String orderText = request.order() != null ? request.order() : defaults.order();
        Optional<ReplayOrder> order = ReplayOrder.parse(orderText);
        if (order.isEmpty()) {
            errors.add("order: must be 'event-time' or 'file', not '" + orderText + "'");
        }
        Long limit = request.limit() != null ? request.limit() : defaults.limit();
        if (limit != null && limit < 1) {
            errors.add("limit: must be 1 or more, not " + limit);
        }
        boolean loop = request.loop() != null ? request.loop() : defaults.loop();
        String location = request.file() != null ? request.file() : this.properties.file();
        CallsFile callsFile = checkedFile(location, errors);
        if (!errors.isEmpty()) {
            throw new InvalidReplayOptionsException(errors);
        }
        return new ReplayOptions(rate, speedup, order.get(), limit, loop, location, callsFile, version(location));
    }

    /** A resume takes every option from the replay it resumes: any other option in its request is an error. */
    void checkResumeRequest(ReplayRequest request) {
        List<String> others = request.optionsBesidesResume();
        if (!others.isEmpty()) {
            throw new InvalidReplayOptionsException(List.of("resume: sends the rest of the last replay with its own "
                    + "options; give no other option (given: " + String.join(", ", others) + ")"));
        }
    }

    /**
     * The options of the replay to resume, its file checked again: it must still be there and be the same file
     * (size and modification time), since a resume finds its events by their number in the file's order.
     *
     * @throws NothingToResumeException if the file is gone or changed
     */
    ReplayOptions forResume(ReplayOptions previous) {
        List<String> errors = new ArrayList<>();
        checkedFile(previous.file(), errors);
        if (!errors.isEmpty()) {
            throw new NothingToResumeException("Cannot resume: " + String.join("; ", errors));
        }
        String now = version(previous.file());
        if (!now.equals(previous.fileVersion())) {
            throw new NothingToResumeException("Cannot resume: " + previous.file() + " changed since the replay "
                    + "started (" + previous.fileVersion() + ", now " + now + "); start a new replay instead");
        }
        return previous;
    }

    private CallsFile checkedFile(String location, List<String> errors) {
        if (location == null || location.isBlank()) {
            errors.add("file: must name a calls file");
            return null;
        }
        try {
            CallsFile file = new CallsFile(this.files.resolve(location), "'" + location + "'");
            file.check();
            return file;
        } catch (CallsFileException ex) {
            errors.add("file: " + ex.getMessage());
            return null;
        }
    }

    /** Called once the file passed {@link #checkedFile}: it resolves. */
    private String version(String location) {
        Resource resource = this.files.resolve(location);
        try {
            return resource.contentLength() + " bytes, modified " + resource.lastModified();
        } catch (IOException ex) {
            return "size and modification time unknown";
        }
    }
}
