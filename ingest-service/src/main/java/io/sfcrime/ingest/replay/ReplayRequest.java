package io.sfcrime.ingest.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/replay}: every field optional, a missing one takes its default.
 *
 * @param rate events per second, 0 for as fast as possible
 * @param speedup replay at this many times event time; not together with {@code rate}
 * @param order {@code event-time} or {@code file}
 * @param limit only the first N events
 * @param loop start again at the end
 * @param file another calls file of the same format (gzip or plain), as a path or resource location
 * @param resume send what the last replay (FAILED or STOPPED) left unacknowledged, with its options; alone
 */
record ReplayRequest(Double rate, Double speedup, String order, Long limit, Boolean loop, String file,
        Boolean resume) {

    static final ReplayRequest DEFAULTS = new ReplayRequest(null, null, null, null, null, null, null);

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
