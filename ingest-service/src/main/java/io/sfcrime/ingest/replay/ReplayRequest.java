package io.sfcrime.ingest.replay;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/replay}: every field optional, a missing one takes its
 * default. Each option's limits are Bean Validation constraints; the rules between
 * options are {@link ReplayRequestRules}.
 *
 * @param rate events per second, 0 for as fast as possible
 * @param speedup replay at this many times event time; not together with {@code rate}
 * @param order {@code event-time} or {@code file}
 * @param limit only the first N events
 * @param loop start again at the end
 * @param file another calls file of the same format (gzip or plain), as a path or
 * resource location
 * @param resume send what the last replay (FAILED or STOPPED) left unacknowledged, with
 * its options; alone
 */
@ReplayRequestRules
record ReplayRequest(
        @PositiveOrZero(message = ReplayRequest.RATE) @DecimalMax(value = ReplayRequest.FINITE,
                message = ReplayRequest.RATE) Double rate,
        @Positive(message = ReplayRequest.SPEEDUP) @DecimalMax(value = ReplayRequest.FINITE,
                message = ReplayRequest.SPEEDUP) Double speedup,
        String order, @Min(value = 1, message = "must be 1 or more, not ${validatedValue}") Long limit, Boolean loop,
        String file, Boolean resume) {

    static final ReplayRequest DEFAULTS = new ReplayRequest(null, null, null, null, null, null, null);

    /**
     * The largest double: a number over it is infinite (JSON's {@code 1e999}), which
     * paces nothing.
     */
    static final String FINITE = "1.7976931348623157E308";

    static final String RATE = "must be a number of events per second, 0 or more (0 = as fast as possible), not "
            + "${validatedValue}";

    static final String SPEEDUP = "must be a number above 0 (times event time), not ${validatedValue}";

    boolean isResume() {
        return Boolean.TRUE.equals(this.resume);
    }

    /** The options a resume would not use, by name. */
    List<String> optionsBesidesResume() {
        List<String> given = new ArrayList<>();
        addIf(given, this.rate, "rate");
        addIf(given, this.speedup, "speedup");
        addIf(given, this.order, "order");
        addIf(given, this.limit, "limit");
        addIf(given, this.loop, "loop");
        addIf(given, this.file, "file");
        return given;
    }

    private static void addIf(List<String> given, Object value, String name) {
        if (value != null) {
            given.add(name);
        }
    }
}
