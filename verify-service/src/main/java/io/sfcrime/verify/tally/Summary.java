package io.sfcrime.verify.tally;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * What the listener saw since the run started.
 *
 * @param runStartedAt when this run's count started (start-up or the last reset)
 * @param received events received: valid + invalid
 * @param valid events that passed every check, duplicates included
 * @param invalid events rejected (each also on the dead-letter topic)
 * @param invalidByReason invalid events by reason code
 * @param duplicates valid events whose crime_id this run had already seen
 * @param distinctCrimeIds distinct crime ids among valid events
 * @param earliestEventTime earliest call_date_time among valid events
 * @param latestEventTime latest call_date_time among valid events
 * @param crimeIdSetBytes memory of the id set's pages
 * @param partitions position and lag in each partition seen
 * @param caughtUp every assigned partition has a known end and lag 0
 */
public record Summary(Instant runStartedAt, long received, long valid, long invalid,
        Map<String, Long> invalidByReason, long duplicates, long distinctCrimeIds, LocalDateTime earliestEventTime,
        LocalDateTime latestEventTime, long crimeIdSetBytes, List<PartitionStatus> partitions, boolean caughtUp) {
}
