package io.sfcrime.testkit;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls per one-hour window, crime type and disposition, counted in plain Java from calls
 * as the test kit read them: the oracle that suite-level tests hold analytics' answers
 * against.
 */
public final class HourlyCounts {

    private HourlyCounts() {
    }

    /**
     * One (window, crime type, disposition) group.
     *
     * @param windowStart the hour the window starts, local time of San Francisco
     */
    public record Key(LocalDateTime windowStart, String crimeType, String disposition) {
    }

    public static Map<Key, Long> of(List<Call> calls) {
        Map<Key, Long> counts = new HashMap<>();
        for (Call call : calls) {
            counts.merge(
                    new Key(call.callDateTime().truncatedTo(ChronoUnit.HOURS), call.crimeType(), call.disposition()),
                    1L, Long::sum);
        }
        return counts;
    }

}
