package io.sfcrime.ingest.replay;

import java.time.Instant;

/**
 * What a replay has done, as {@code GET /api/replay} reports it.
 *
 * @param state where the replay is
 * @param sent events handed to the Kafka producer
 * @param acknowledged events Kafka acknowledged (acks=all): only these are on the topic
 * @param failed events Kafka did not take after the producer's retries
 * @param skipped records of the file that are not calls (counted, logged, not sent)
 * @param total events this replay sends, where known (event-time order knows it after sorting)
 * @param eventsPerSecond acknowledged events per second since the start
 * @param startedAt when the replay started
 * @param elapsedMs time since the start, or the replay's duration once it ended
 * @param etaMs estimated time to the end, where the total is known
 * @param lastError the last send or file error, if any
 * @param options the options the replay runs with
 */
record ReplayStatus(ReplayState state, long sent, long acknowledged, long failed, long skipped, Long total,
        double eventsPerSecond, Instant startedAt, Long elapsedMs, Long etaMs, String lastError,
        ReplayOptions options) {

    static final ReplayStatus IDLE = new ReplayStatus(ReplayState.IDLE, 0, 0, 0, 0, null, 0, null, null, null, null,
            null);
}
