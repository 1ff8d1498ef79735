package io.sfcrime.verify.tally;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

/** The figures of one count of one partition. Not thread-safe: the tally guards it. */
final class Counts {

    private final CrimeIdSet crimeIds = new CrimeIdSet();

    private final Map<String, Long> invalidByReason = new HashMap<>();

    private long received;

    private long valid;

    private long invalid;

    private LocalDateTime earliest;

    private LocalDateTime latest;

    /** Counts a valid call; answers whether its crime id was counted before (a duplicate). */
    boolean valid(long crimeId, LocalDateTime time) {
        this.received++;
        this.valid++;
        this.earliest = earlier(this.earliest, time);
        this.latest = later(this.latest, time);
        return !this.crimeIds.add(crimeId);
    }

    void rejected(String reason) {
        this.received++;
        this.invalid++;
        this.invalidByReason.merge(reason, 1L, Long::sum);
    }

    long received() {
        return this.received;
    }

    long valid() {
        return this.valid;
    }

    long invalid() {
        return this.invalid;
    }

    /** Invalid records by reason code. */
    Map<String, Long> invalidByReason() {
        return this.invalidByReason;
    }

    CrimeIdSet crimeIds() {
        return this.crimeIds;
    }

    LocalDateTime earliest() {
        return this.earliest;
    }

    LocalDateTime latest() {
        return this.latest;
    }

    static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
