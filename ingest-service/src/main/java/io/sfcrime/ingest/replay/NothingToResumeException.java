package io.sfcrime.ingest.replay;

/**
 * A resume was asked for, but the last replay left nothing a resume could send, or its
 * file changed since.
 */
public class NothingToResumeException extends RuntimeException {

    NothingToResumeException(String message) {
        super(message);
    }

}
