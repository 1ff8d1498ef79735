package io.sfcrime.ingest.replay;

import io.sfcrime.ingest.calls.SkippedRecord;
import java.time.Instant;
import java.util.List;

/**
 * What a replay has done, as {@code GET /api/replay} reports it.
 *
 * @param state where the replay is
 * @param sent events handed to the Kafka producer
 * @param acknowledged events Kafka acknowledged (acks=all): only these are on the topic
 * @param failed events Kafka did not take after the producer's retries
 * @param skipped records not sent or not taken for good: not calls, or too large for
 * Kafka (see skippedRecords)
 * @param inFlight events handed to the producer that Kafka has not answered for yet
 * @param total events this replay sends, where known (event-time order knows it after
 * sorting)
 * @param eventsPerSecond acknowledged events per second since the start
 * @param startedAt when the replay started
 * @param elapsedMs time since the start, or the replay's duration once it ended
 * @param etaMs estimated time to the end, where the total is known
 * @param lastAcknowledgedAt when Kafka last acknowledged an event of this replay
 * @param lastError the last send or file error, or why the replay failed
 * @param skippedRecords the first skipped records, with their position, line and reason
 * @param resume what {@code POST /api/replay {"resume": true}} would send, once a replay
 * ended FAILED or STOPPED with events Kafka did not acknowledge; null otherwise
 * @param resumeOf the start of the replay this one resumes; null for a fresh replay
 * @param options the options the replay runs with
 */
public record ReplayStatus(ReplayState state, long sent, long acknowledged, long failed, long skipped, long inFlight,
        Long total, double eventsPerSecond, Instant startedAt, Long elapsedMs, Long etaMs, Instant lastAcknowledgedAt,
        String lastError, List<SkippedRecord> skippedRecords, Resume resume, Instant resumeOf, ReplayOptions options) {

    static final ReplayStatus IDLE = new ReplayStatus(ReplayState.IDLE, 0, 0, 0, 0, 0, null, 0, null, null, null, null,
            null, List.of(), null, null, null);

    /**
     * What a resume would send: the events Kafka did not acknowledge, then every event
     * never handed over, with the same file, order and limit.
     *
     * @param events how many events in all, where known (the length of the replay's
     * sequence is known once an event-time replay sorted the file, a limited replay
     * reached its limit, or a file-order one its end)
     * @param notAcknowledged events handed to Kafka without an acknowledgement: sent
     * again, so that those Kafka wrote without the acknowledgement arriving end up twice
     * on the topic (at most this many duplicates)
     * @param fromEvent the number (1-based, in the replay's order) of the first event
     * never handed over; every later one is sent too. Null when the replay had handed
     * every event over
     */
    record Resume(Long events, long notAcknowledged, Long fromEvent) {
    }
}
