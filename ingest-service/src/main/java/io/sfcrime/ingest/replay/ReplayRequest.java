package io.sfcrime.ingest.replay;

/**
 * The body of {@code POST /api/replay}: every field optional, a missing one takes its default.
 *
 * @param rate events per second, 0 for as fast as possible
 * @param speedup replay at this many times event time; not together with {@code rate}
 * @param order {@code event-time} or {@code file}
 * @param limit only the first N events
 * @param loop start again at the end
 * @param file another calls file of the same format (gzip or plain), as a path or resource location
 */
record ReplayRequest(Double rate, Double speedup, String order, Long limit, Boolean loop, String file) {

    static final ReplayRequest DEFAULTS = new ReplayRequest(null, null, null, null, null, null);
}
