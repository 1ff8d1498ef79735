package io.sfcrime.verify.consume;

import io.sfcrime.verify.check.InvalidReason;

/**
 * Carries a rejected event's reason to the dead-letter recoverer. No stack trace: it is a verdict, not a failure,
 * and the recoverer copies the exception into the DLT record's headers.
 */
final class InvalidEventException extends RuntimeException {

    private final InvalidReason reason;

    private final String detail;

    InvalidEventException(InvalidReason reason, String detail) {
        super(reason.code() + ": " + detail, null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    String detail() {
        return this.detail;
    }

    InvalidReason reason() {
        return this.reason;
    }
}
