package io.sfcrime.verify.check;

import io.sfcrime.calls.CallVerdict;
import java.time.LocalDateTime;

/** The outcome of checking one event. */
public sealed interface Verdict {

    /** The calls rule's verdict in this service's terms. */
    static Verdict of(CallVerdict verdict) {
        if (verdict instanceof CallVerdict.Valid valid) {
            return new Valid(Long.parseLong(valid.crimeId()), valid.callDateTime());
        }
        CallVerdict.Invalid invalid = (CallVerdict.Invalid) verdict;
        return new Invalid(InvalidReason.of(invalid.reason()), invalid.detail());
    }

    /**
     * An event that passed every check.
     *
     * @param crimeId {@code crime_id} as a number (nine digits)
     * @param callDateTime {@code call_date_time}
     */
    record Valid(long crimeId, LocalDateTime callDateTime) implements Verdict {
    }

    /**
     * An event that failed a check.
     *
     * @param reason the first check that failed
     * @param detail what exactly was wrong, for people
     */
    record Invalid(InvalidReason reason, String detail) implements Verdict {
    }
}
