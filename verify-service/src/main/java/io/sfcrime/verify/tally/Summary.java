package io.sfcrime.verify.tally;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What this instance counted of the partitions it owns ({@code partitions}), each from
 * its {@code startOffset}: the log start, so after a restart or a rebalance too, or the
 * next offset at the last reset. Partitions owned by other instances of the group are not
 * covered.
 *
 * @param runStartedAt when this count started: start-up or the last reset
 * @param received events received: valid + invalid
 * @param valid events that passed every check, duplicates included
 * @param invalid events rejected (each also on the dead-letter topic)
 * @param invalidByReason invalid events by reason code
 * @param duplicates valid events whose crime_id was already counted:
 * {@code valid - distinctCrimeIds}
 * @param distinctCrimeIds distinct crime ids among valid events of all the partitions
 * covered
 * @param earliestEventTime earliest call_date_time among valid events
 * @param latestEventTime latest call_date_time among valid events
 * @param crimeIdSetBytes memory of the id sets' pages (one set per partition)
 * @param partitions the partitions covered, what each count covers and the position and
 * lag in each
 * @param caughtUp at least one partition owned, and every one has a known end and lag 0
 * @param rebuilding a partition's count is still being rebuilt up to the group's
 * committed offset
 */
public record Summary(Instant runStartedAt, long received, long valid, long invalid, Map<String, Long> invalidByReason,
        long duplicates, long distinctCrimeIds, LocalDateTime earliestEventTime, LocalDateTime latestEventTime,
        long crimeIdSetBytes, List<PartitionStatus> partitions, boolean caughtUp, boolean rebuilding) {

    /**
     * The partitions' counts added up; ids are counted once whichever partitions they are
     * on.
     */
    static Summary of(Instant runStartedAt, Collection<PartitionCount> partitions) {
        Counts total = new Counts();
        partitions.forEach(partition -> partition.counts().addTo(total));
        return total.summary(runStartedAt, distinctCrimeIds(partitions),
                partitions.stream().mapToLong(partition -> partition.counts().crimeIds().pageBytes()).sum(),
                partitions.stream().map(PartitionCount::status).toList());
    }

    static long distinctCrimeIds(Collection<PartitionCount> partitions) {
        return CrimeIdSet.distinct(partitions.stream().map(count -> count.counts().crimeIds()).toList());
    }
}
