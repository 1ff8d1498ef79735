package io.sfcrime.ingest.replay;

import java.util.List;

/** One or more replay options are wrong; each message names its option. */
public class InvalidReplayOptionsException extends RuntimeException {

    private final List<String> errors;

    InvalidReplayOptionsException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return this.errors;
    }

}
