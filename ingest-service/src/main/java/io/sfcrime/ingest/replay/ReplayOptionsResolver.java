package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.CallsFile;
import io.sfcrime.ingest.calls.CallsFileException;
import java.io.IOException;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/** Turns a request into options with a checked file, filling gaps from the settings. */
@Component
class ReplayOptionsResolver {

    /** The options a request leaves out. */
    private final ReplayProperties.Defaults defaults;

    /** The file a request without one replays. */
    private final String defaultFile;

    private final ReplayFiles files;

    ReplayOptionsResolver(ReplayProperties properties, ReplayFiles files) {
        this.defaults = properties.defaults();
        this.defaultFile = properties.file();
        this.files = files;
    }

    /**
     * @param request a request within its limits (see {@link ReplayRequest}), not a
     * resume
     * @throws InvalidReplayOptionsException if the file cannot be replayed
     */
    ReplayOptions resolve(ReplayRequest request) {
        ReplayProperties.Defaults defaults = this.defaults;
        Double speedup = request.speedup() != null ? request.speedup()
                : request.rate() != null ? null : defaults.speedup();
        Double rate = speedup == null ? (request.rate() != null ? request.rate() : defaults.rate()) : null;
        ReplayOrder order = request.order() != null ? ReplayOrder.parse(request.order()).orElseThrow()
                : defaults.order();
        Long limit = request.limit() != null ? request.limit() : defaults.limit();
        boolean loop = request.loop() != null ? request.loop() : defaults.loop();
        String location = request.file() != null ? request.file() : this.defaultFile;
        CallsFile callsFile;
        try {
            callsFile = checkedFile(location);
        }
        catch (CallsFileException ex) {
            throw new InvalidReplayOptionsException(List.of("file: " + ex.getMessage()));
        }
        return new ReplayOptions(rate, speedup, order, limit, loop, location, callsFile, version(location));
    }

    /**
     * The options of the replay to resume, its file checked again: it must still be there
     * and be the same file (size and modification time), since a resume finds its events
     * by their number in the file's order.
     * @throws NothingToResumeException if the file is gone or changed
     */
    ReplayOptions forResume(ReplayOptions previous) {
        try {
            checkedFile(previous.file());
        }
        catch (CallsFileException ex) {
            throw new NothingToResumeException("Cannot resume: file: " + ex.getMessage());
        }
        String now = version(previous.file());
        if (!now.equals(previous.fileVersion())) {
            throw new NothingToResumeException("Cannot resume: " + previous.file() + " changed since the replay "
                    + "started (" + previous.fileVersion() + ", now " + now + "); start a new replay instead");
        }
        return previous;
    }

    /**
     * @throws CallsFileException naming what is wrong with the file or its location
     */
    private CallsFile checkedFile(String location) {
        if (location == null || location.isBlank()) {
            throw new CallsFileException("must name a calls file");
        }
        CallsFile file = new CallsFile(this.files.resolve(location), "'" + location + "'");
        file.check();
        return file;
    }

    /** Called once the file passed {@link #checkedFile}: it resolves. */
    private String version(String location) {
        Resource resource = this.files.resolve(location);
        try {
            return resource.contentLength() + " bytes, modified " + resource.lastModified();
        }
        catch (IOException ex) {
            return "size and modification time unknown";
        }
    }

}
