package io.sfcrime.verify.consume;

import io.sfcrime.calls.CallVerdict;
import io.sfcrime.verify.tally.Rejection;

/**
 * Thrown by the listener for a record the calls rule rejects, so that the error handler
 * dead-letters it. No stack trace: it is a verdict, not a failure, and the recoverer
 * copies the exception into the DLT record's headers. Not retried: the verdict would be
 * the same.
 */
public final class InvalidEventException extends RuntimeException {

    private final transient Rejection rejection;

    InvalidEventException(CallVerdict.Invalid invalid) {
        super(invalid.reason().code() + ": " + invalid.detail(), null, false, false);
        this.rejection = Rejection.of(invalid);
    }

    Rejection rejection() {
        return this.rejection;
    }

}
