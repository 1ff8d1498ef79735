package io.sfcrime.ingest.calls;

/** The calls file is missing, unreadable, or not a JSON array of calls. */
public class CallsFileException extends RuntimeException {

    public CallsFileException(String message) {
        super(message);
    }

    public CallsFileException(String message, Throwable cause) {
        super(message, cause);
    }

}
