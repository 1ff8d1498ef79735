package io.sfcrime.verify.tally;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one count of one partition, or of several added up. Not thread-safe: the
 * tally guards it.
 */
final class Counts {

    private final CrimeIdSet crimeIds = new CrimeIdSet();

    private final Map<String, Long> invalidByReason = new HashMap<>();

    private long valid;

    private long invalid;

    private LocalDateTime earliest;

    private LocalDateTime latest;

    /**
     * Counts a valid call; answers whether its crime id was counted before (a duplicate).
     */
    boolean valid(long crimeId, LocalDateTime time) {
        this.valid++;
        this.earliest = earlier(this.earliest, time);
        this.latest = later(this.latest, time);
        return !this.crimeIds.add(crimeId);
    }

    void rejected(String reason) {
        this.invalid++;
        this.invalidByReason.merge(reason, 1L, Long::sum);
    }

    long received() {
        return this.valid + this.invalid;
    }

    /**
     * The crime ids of this count only (the ids of several counts are their union, not a
     * sum).
     */
    CrimeIdSet crimeIds() {
        return this.crimeIds;
    }

    /** Adds this count's figures, its ids apart, to {@code total}. */
    void addTo(Counts total) {
        total.valid += this.valid;
        total.invalid += this.invalid;
        this.invalidByReason.forEach((reason, n) -> total.invalidByReason.merge(reason, n, Long::sum));
        total.earliest = earlier(total.earliest, this.earliest);
        total.latest = later(total.latest, this.latest);
    }

    /**
     * The summary of these figures (a total of the partitions' counts), invalid records
     * by reason in the order of {@link Rejection#REASONS}.
     */
    Summary summary(Instant runStartedAt, long distinctCrimeIds, long crimeIdSetBytes,
            List<PartitionStatus> partitions) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        Rejection.REASONS.stream()
            .filter(this.invalidByReason::containsKey)
            .forEach(reason -> byReason.put(reason, this.invalidByReason.get(reason)));
        return new Summary(runStartedAt, received(), this.valid, this.invalid, byReason, this.valid - distinctCrimeIds,
                distinctCrimeIds, this.earliest, this.latest, crimeIdSetBytes, partitions,
                !partitions.isEmpty() && partitions.stream().allMatch(p -> p.lag() != null && p.lag() == 0),
                partitions.stream().anyMatch(PartitionStatus::rebuilding));
    }

    private static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

}
