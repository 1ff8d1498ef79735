package io.sfcrime.analytics.results;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The results REST serves: one row per window, crime type and disposition, upserted by
 * key. Thread-safe: a micro-batch is applied under a write lock, so a reader sees whole
 * batches only. A store is complete once it holds everything the result topic held (see
 * {@link #markComplete()}); until then its rows are partial.
 */
@Component
public class ResultStore {

    private static final Comparator<WindowCount> NEWEST_FIRST = Comparator.comparing(WindowCount::windowStart)
        .reversed()
        .thenComparing(Comparator.comparingLong(WindowCount::count).reversed())
        .thenComparing(WindowCount::crimeType)
        .thenComparing(WindowCount::disposition);

    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final Map<AggregateKey, StoredCount> rows = new HashMap<>();

    private volatile boolean complete;

    /**
     * The rows a micro-batch would store, each with the count the same query had for its
     * key before the batch. A key the same batch already wrote (a batch run again after a
     * crash) keeps the count from before that batch; a key another query wrote (a new
     * checkpoint over an old topic) starts from zero, since the new query counts from
     * scratch.
     */
    public List<StoredCount> prepare(List<WindowCount> batch, String queryId, long batchId) {
        this.lock.readLock().lock();
        try {
            List<StoredCount> prepared = new ArrayList<>(batch.size());
            for (WindowCount row : batch) {
                StoredCount existing = this.rows.get(row.key());
                long previous = existing == null || !queryId.equals(existing.queryId()) ? 0
                        : existing.batchId() == batchId ? existing.previousCount() : existing.row().count();
                prepared.add(new StoredCount(row, queryId, batchId, previous));
            }
            return prepared;
        }
        finally {
            this.lock.readLock().unlock();
        }
    }

    /** Upserts rows by key, all or nothing for readers. */
    public void apply(List<StoredCount> counts) {
        this.lock.writeLock().lock();
        try {
            counts.forEach(count -> this.rows.put(count.row().key(), count));
        }
        finally {
            this.lock.writeLock().unlock();
        }
    }

    /** Empties the store, which is incomplete until {@link #markComplete()}. */
    public void clear() {
        this.lock.writeLock().lock();
        try {
            this.complete = false;
            this.rows.clear();
        }
        finally {
            this.lock.writeLock().unlock();
        }
    }

    /**
     * The store holds every row of the result topic: what it serves is whole, as of the
     * last batch applied.
     */
    public void markComplete() {
        this.complete = true;
    }

    public boolean complete() {
        return this.complete;
    }

    /**
     * Rows of windows starting in {@code [from, to)}, optionally of one crime type and
     * disposition, newest first.
     */
    public List<WindowCount> windows(TimeRange range, String crimeType, String disposition, int limit) {
        Predicate<WindowCount> filter = row -> range.contains(row.windowStart())
                && (crimeType == null || crimeType.equals(row.crimeType()))
                && (disposition == null || disposition.equals(row.disposition()));
        return read(rows -> rows.filter(filter).sorted(NEWEST_FIRST).limit(limit).toList());
    }

    /**
     * Crime types by calls in windows starting in the range, most first, each with its
     * usual disposition.
     */
    public List<CrimeTypeRank> top(TimeRange range, int limit) {
        Map<String, List<WindowCount>> byType = read(rows -> rows.filter(row -> range.contains(row.windowStart()))
            .collect(Collectors.groupingBy(WindowCount::crimeType)));
        return byType.entrySet()
            .stream()
            .map(entry -> rank(entry.getKey(), entry.getValue()))
            .sorted(Comparator.comparingLong(CrimeTypeRank::count).reversed().thenComparing(CrimeTypeRank::crimeType))
            .limit(limit)
            .toList();
    }

    /**
     * Every window starting in the range that has calls, oldest first, with its calls
     * over all keys.
     */
    public List<WindowTotal> callsPerWindow(TimeRange range) {
        Map<LocalDateTime, WindowTotal> totals = new TreeMap<>();
        read(rows -> {
            rows.filter(row -> range.contains(row.windowStart()))
                .forEach(row -> totals.merge(row.windowStart(),
                        new WindowTotal(row.windowStart(), row.windowEnd(), row.count()),
                        (a, b) -> new WindowTotal(a.windowStart(), a.windowEnd(), a.count() + b.count())));
            return null;
        });
        return List.copyOf(totals.values());
    }

    /** Calls counted over all rows. */
    public long totalCount() {
        return read(rows -> rows.mapToLong(WindowCount::count).sum());
    }

    public int size() {
        return read(rows -> (int) rows.count());
    }

    private static CrimeTypeRank rank(String crimeType, List<WindowCount> rows) {
        Map<String, Long> perDisposition = new TreeMap<>();
        Map<String, String> descriptions = new HashMap<>();
        for (WindowCount row : rows) {
            perDisposition.merge(row.disposition(), row.count(), Long::sum);
            descriptions.put(row.disposition(), row.dispositionDescription());
        }
        Map.Entry<String, Long> usual = perDisposition.entrySet()
            .stream()
            .max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.<String, Long>comparingByKey().reversed()))
            .orElseThrow();
        long total = perDisposition.values().stream().mapToLong(Long::longValue).sum();
        return new CrimeTypeRank(crimeType, total, usual.getKey(), descriptions.get(usual.getKey()), usual.getValue());
    }

    private <T> T read(Function<Stream<WindowCount>, T> query) {
        this.lock.readLock().lock();
        try {
            return query.apply(this.rows.values().stream().map(StoredCount::row));
        }
        finally {
            this.lock.readLock().unlock();
        }
    }

}
