package io.sfcrime.verify.tally;

import io.sfcrime.calls.CallVerdict;
import io.sfcrime.calls.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Why this service turned a record away: the code of the calls rule's {@link Reason}, or
 * one of this service's own pipeline failures (a record the listener never saw, or whose
 * handling failed after retries). The code is the value of the DLT header, of the metric
 * tag and of the summary's key.
 *
 * @param reason one of {@link #REASONS}
 * @param detail what exactly was wrong, for people
 */
public record Rejection(String reason, String detail) {

    /**
     * A record the deserializer could not turn into bytes (only with a failing delegate
     * deserializer).
     */
    public static final String DESERIALIZATION_FAILED = "deserialization-failed";

    /** A record whose handling failed after the error handler's retries. */
    public static final String PROCESSING_FAILED = "processing-failed";

    /** Every reason: the rule's in its order, then the pipeline failures. */
    public static final List<String> REASONS = Stream
        .concat(Arrays.stream(Reason.values()).map(Reason::code), Stream.of(DESERIALIZATION_FAILED, PROCESSING_FAILED))
        .toList();

    public Rejection {
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("not a reason of this service: " + reason);
        }
    }

    /** The calls rule's verdict. */
    public static Rejection of(CallVerdict.Invalid invalid) {
        return new Rejection(invalid.reason().code(), invalid.detail());
    }
}
