package io.sfcrime.ingest.replay;

/** A replay was asked to start while another one runs. */
public class ReplayAlreadyRunningException extends RuntimeException {

    private final ReplayStatus running;

    ReplayAlreadyRunningException(ReplayStatus running) {
        super("A replay is already running (" + running.sent() + " sent); stop it first with POST /api/replay/stop");
        this.running = running;
    }

    public ReplayStatus running() {
        return this.running;
    }

}
