package io.sfcrime.verify.check;

import io.sfcrime.calls.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Why this service turned an event away: one of the calls rule's {@link Reason}s, or one of this service's own
 * pipeline failures (a record the listener never saw, or whose handling failed after retries). {@link #code()} is the
 * value of the DLT header and of the metric tag. One instance per reason, ordered as {@link #values()} lists them.
 */
public final class InvalidReason implements Comparable<InvalidReason> {

    private static final Map<Reason, InvalidReason> OF_RULE = new EnumMap<>(Reason.class);

    private static final List<InvalidReason> VALUES = new ArrayList<>();

    static {
        for (Reason reason : Reason.values()) {
            OF_RULE.put(reason, new InvalidReason(reason.code()));
        }
    }

    /** A record the deserializer could not turn into bytes (only with a failing delegate deserializer). */
    public static final InvalidReason DESERIALIZATION_FAILED = new InvalidReason("deserialization-failed");

    /** A record whose handling failed after the error handler's retries, e.g. the DLT did not take it. */
    public static final InvalidReason PROCESSING_FAILED = new InvalidReason("processing-failed");

    private final String code;

    private final int rank;

    private InvalidReason(String code) {
        this.code = code;
        this.rank = VALUES.size();
        VALUES.add(this);
    }

    /** The reason the calls rule gave. */
    public static InvalidReason of(Reason reason) {
        return OF_RULE.get(reason);
    }

    /** Every reason: the rule's in its order, then the pipeline failures. */
    public static List<InvalidReason> values() {
        return Collections.unmodifiableList(VALUES);
    }

    public String code() {
        return this.code;
    }

    @Override
    public int compareTo(InvalidReason other) {
        return Integer.compare(this.rank, other.rank);
    }

    @Override
    public String toString() {
        return this.code;
    }
}
