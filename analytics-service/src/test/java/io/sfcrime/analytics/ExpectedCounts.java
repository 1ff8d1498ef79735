package io.sfcrime.analytics;

import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.CrimeTypeRank;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.analytics.results.WindowTotal;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.Call;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The expected results computed in plain Java from the calls as the test kit read them
 * (Jackson over the file, no Spark, no product code): one-hour tumbling windows by crime
 * type and disposition.
 */
public final class ExpectedCounts {

    private final Map<AggregateKey, WindowCount> rows;

    private ExpectedCounts(Map<AggregateKey, WindowCount> rows) {
        this.rows = rows;
    }

    public static ExpectedCounts hourly(List<Call> calls) {
        RadioCodes codes = RadioCodes.bundled();
        Map<AggregateKey, Long> counts = new HashMap<>();
        for (Call call : calls) {
            LocalDateTime start = call.callDateTime().truncatedTo(ChronoUnit.HOURS);
            counts.merge(new AggregateKey(start, start.plusHours(1), call.crimeType(), call.disposition()), 1L,
                    Long::sum);
        }
        Map<AggregateKey, WindowCount> rows = new HashMap<>();
        counts.forEach((key, count) -> rows.put(key, new WindowCount(key.windowStart(), key.windowEnd(),
                key.crimeType(), key.disposition(), codes.describe(key.disposition()), count)));
        return new ExpectedCounts(rows);
    }

    /** Every expected row by key. */
    public Map<AggregateKey, WindowCount> rows() {
        return this.rows;
    }

    public long total() {
        return this.rows.values().stream().mapToLong(WindowCount::count).sum();
    }

    /** Calls per window, oldest first. */
    public List<WindowTotal> perWindow() {
        Map<LocalDateTime, Long> totals = new TreeMap<>();
        this.rows.values().forEach(row -> totals.merge(row.windowStart(), row.count(), Long::sum));
        return totals.entrySet()
            .stream()
            .map(entry -> new WindowTotal(entry.getKey(), entry.getKey().plusHours(1), entry.getValue()))
            .toList();
    }

    /**
     * Rows of windows starting on a day, as the store's newest-first order would list
     * them.
     */
    public List<WindowCount> windowsStartingIn(LocalDateTime from, LocalDateTime to) {
        return this.rows.values()
            .stream()
            .filter(row -> !row.windowStart().isBefore(from) && row.windowStart().isBefore(to))
            .sorted(Comparator.comparing(WindowCount::windowStart)
                .reversed()
                .thenComparing(Comparator.comparingLong(WindowCount::count).reversed())
                .thenComparing(WindowCount::crimeType)
                .thenComparing(WindowCount::disposition))
            .toList();
    }

    /**
     * Crime types by calls, with the most common disposition (ties to the smaller code).
     */
    public List<CrimeTypeRank> top(int limit) {
        Map<String, Map<String, Long>> byType = new HashMap<>();
        this.rows.values()
            .forEach(row -> byType.computeIfAbsent(row.crimeType(), type -> new TreeMap<>())
                .merge(row.disposition(), row.count(), Long::sum));
        RadioCodes codes = RadioCodes.bundled();
        return byType.entrySet().stream().map(entry -> {
            long total = entry.getValue().values().stream().mapToLong(Long::longValue).sum();
            String usual = null;
            long usualCount = -1;
            for (Map.Entry<String, Long> disposition : entry.getValue().entrySet()) {
                if (disposition.getValue() > usualCount) {
                    usual = disposition.getKey();
                    usualCount = disposition.getValue();
                }
            }
            return new CrimeTypeRank(entry.getKey(), total, usual, codes.describe(usual), usualCount);
        })
            .sorted(Comparator.comparingLong(CrimeTypeRank::count).reversed().thenComparing(CrimeTypeRank::crimeType))
            .limit(limit)
            .collect(Collectors.toList());
    }

}
