package io.sfcrime.verify.tally;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sfcrime.verify.VerifyProperties;
import io.sfcrime.verify.check.InvalidReason;
import io.sfcrime.verify.check.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The counts of the current run, one per partition this instance owns, the recent events and each partition's
 * position, shared by the listener threads (one lock: an event is counted wholly before or wholly after a reset or a
 * rebalance). A partition's count starts at its log start when it is assigned and is rebuilt by the listener from
 * there, so the summary describes each partition from its beginning whatever happened before; a partition revoked
 * leaves the summary. Metrics are counted here too, but never reset: Prometheus counters only go up.
 */
@Component
public class RunTally {

    private static final Logger log = LoggerFactory.getLogger(RunTally.class);

    private final Clock clock;

    private final MeterRegistry registry;

    private final int previewChars;

    private final Counter validEvents;

    private final Map<InvalidReason, Counter> invalidEvents = new TreeMap<>();

    private final Counter duplicateEvents;

    private final Counter recountedEvents;

    private final Map<Integer, PartitionCount> partitions = new TreeMap<>();

    private final Map<Integer, Gauge> lagGauges = new HashMap<>();

    private final RecentEvents recent;

    private Instant runStartedAt;

    public RunTally(VerifyProperties properties, MeterRegistry registry) {
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.previewChars = properties.recent().previewChars();
        this.recent = new RecentEvents(properties.recent().capacity());
        this.runStartedAt = this.clock.instant();
        this.validEvents = eventCounter("valid", "none");
        for (InvalidReason reason : InvalidReason.values()) {
            this.invalidEvents.put(reason, eventCounter("invalid", reason.code()));
        }
        this.duplicateEvents = Counter.builder("sfcrime.verify.duplicates")
                .description("Valid events checked whose crime_id their partition's count had already seen")
                .register(registry);
        this.recountedEvents = Counter.builder("sfcrime.verify.recounted.events")
                .description("Records below the group's committed offset counted again to rebuild a partition's "
                        + "count, not dead-lettered again")
                .register(registry);
        Gauge.builder("sfcrime.verify.distinct.crime.ids", this, RunTally::distinctCrimeIds)
                .description("Distinct crime ids among valid events of the partitions this instance owns")
                .register(registry);
    }

    /**
     * Starts the count of a partition assigned to this instance, replacing any earlier one.
     *
     * @param owner the consumer it was assigned to
     * @param startOffset the partition's log start: the count covers it from there
     * @param resumeOffset the group's committed offset: records before it are only counted again
     * @param endOffset the partition's end
     */
    public synchronized void assigned(Object owner, int partition, long startOffset, long resumeOffset,
            long endOffset) {
        this.partitions.put(partition, new PartitionCount(partition, owner, startOffset, resumeOffset, endOffset,
                this.clock.instant(), System.nanoTime()));
        this.lagGauges.computeIfAbsent(partition, this::lagGauge);
    }

    /** Drops the count of a partition the consumer no longer owns; a later owner's count stays. */
    public synchronized void revoked(Object owner, int partition) {
        PartitionCount count = this.partitions.get(partition);
        if (count == null || count.ownedByAnotherThan(owner)) {
            return;
        }
        this.partitions.remove(partition);
        Gauge lag = this.lagGauges.remove(partition);
        if (lag != null) {
            this.registry.remove(lag);
        }
    }

    /**
     * Whether the record was checked, and dead-lettered if invalid, before this instance was assigned its partition
     * (it lies below the group's committed offset then): it is to be counted, nothing else.
     */
    public synchronized boolean recounting(ConsumerRecord<?, ?> record) {
        PartitionCount count = this.partitions.get(record.partition());
        return count != null && count.recounting(record.offset());
    }

    /**
     * Counts one event the listener has dealt with (an invalid one is already on the dead-letter topic, now or, if
     * {@link #recounting recounted}, before).
     *
     * @param endOffset the partition's end as of the last fetch, or -1 if unknown
     */
    public synchronized void record(ConsumerRecord<?, ?> record, Verdict verdict, long endOffset) {
        PartitionCount count = this.partitions.get(record.partition());
        if (count == null) {
            count = unannounced(record.partition(), record.offset());
        }
        boolean recounted = count.recounting(record.offset());
        boolean duplicate = count.count(record.offset(), verdict, endOffset);
        this.recent.add(recentEvent(record, verdict));
        if (recounted) {
            this.recountedEvents.increment();
            if (count.completesRebuild(record.offset())) {
                log.info("Partition {} rebuilt in {} ms: {} records from offset {} counted again; checking from "
                        + "offset {} on", record.partition(), count.rebuildMillis(System.nanoTime()),
                        count.recounted(), count.rebuildFrom(), count.resumeOffset());
            }
        } else if (verdict instanceof Verdict.Invalid invalid) {
            this.invalidEvents.get(invalid.reason()).increment();
        } else {
            this.validEvents.increment();
            if (duplicate) {
                this.duplicateEvents.increment();
            }
        }
    }

    public synchronized long distinctCrimeIds() {
        return CrimeIdSet.distinct(this.partitions.values().stream().map(PartitionCount::crimeIds).toList());
    }

    public synchronized Summary summary() {
        List<PartitionStatus> statuses = this.partitions.values().stream().map(PartitionCount::status).toList();
        boolean caughtUp = !statuses.isEmpty()
                && statuses.stream().allMatch(status -> status.lag() != null && status.lag() == 0);
        long received = 0;
        long valid = 0;
        long invalid = 0;
        long setBytes = 0;
        Map<InvalidReason, Long> invalidByReason = new TreeMap<>();
        LocalDateTime earliest = null;
        LocalDateTime latest = null;
        for (PartitionCount count : this.partitions.values()) {
            received += count.received();
            valid += count.valid();
            invalid += count.invalid();
            setBytes += count.crimeIds().pageBytes();
            count.invalidByReason().forEach((reason, n) -> invalidByReason.merge(reason, n, Long::sum));
            earliest = earlier(earliest, count.earliest());
            latest = later(latest, count.latest());
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        invalidByReason.forEach((reason, n) -> byReason.put(reason.code(), n));
        long distinct = distinctCrimeIds();
        return new Summary(this.runStartedAt, received, valid, invalid, byReason, valid - distinct, distinct,
                earliest, latest, setBytes, statuses, caughtUp,
                statuses.stream().anyMatch(PartitionStatus::rebuilding));
    }

    /** The last {@code limit} events received, newest first; {@code limit} from 1 to {@link #recentCapacity()}. */
    public synchronized List<RecentEvent> recent(int limit) {
        return this.recent.last(limit);
    }

    public int recentCapacity() {
        return this.recent.capacity();
    }

    /**
     * Ends the run and starts a new one: each partition's count starts empty at the next offset to read, and the
     * recent events are cleared. Positions stay: they describe the consumer, which keeps reading where it is
     * (offsets are neither moved nor committed). A partition assigned later (restart, rebalance) is counted from its
     * log start again.
     *
     * @return the summary of the run that ended
     */
    public synchronized Summary reset() {
        Summary ended = summary();
        this.runStartedAt = this.clock.instant();
        this.partitions.values().forEach(PartitionCount::restartCount);
        this.recent.clear();
        return ended;
    }

    private Counter eventCounter(String result, String reason) {
        return Counter.builder("sfcrime.verify.events")
                .description("Events checked by the verify listener past the group's committed offset, by result "
                        + "and reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(this.registry);
    }

    /** A partition no assignment announced (the tally fed directly, as in tests): counted from this record on. */
    private PartitionCount unannounced(int partition, long offset) {
        PartitionCount count = new PartitionCount(partition, null, offset, offset, -1, this.clock.instant(),
                System.nanoTime());
        this.partitions.put(partition, count);
        this.lagGauges.computeIfAbsent(partition, this::lagGauge);
        return count;
    }

    private Gauge lagGauge(int partition) {
        return Gauge.builder("sfcrime.verify.lag", this, tally -> tally.lag(partition))
                .description("Records after the last one read, up to the partition's end as of the last fetch")
                .tag("partition", Integer.toString(partition))
                .register(this.registry);
    }

    private synchronized double lag(int partition) {
        PartitionCount count = this.partitions.get(partition);
        Long lag = count == null ? null : count.status().lag();
        return lag == null ? Double.NaN : lag;
    }

    private static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }

    private RecentEvent recentEvent(ConsumerRecord<?, ?> record, Verdict verdict) {
        String result = verdict instanceof Verdict.Invalid invalid ? invalid.reason().code() : "valid";
        Object value = record.value();
        int valueBytes = value instanceof byte[] bytes ? bytes.length : record.serializedValueSize();
        return new RecentEvent(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                text(record.key(), 200), result, text(value, this.previewChars), Math.max(valueBytes, 0));
    }

    private static String text(Object value, int maxChars) {
        if (value == null) {
            return null;
        }
        String text;
        if (value instanceof byte[] bytes) {
            int head = (int) Math.min(bytes.length, (long) maxChars * 4);
            text = new String(bytes, 0, head, StandardCharsets.UTF_8);
        } else {
            text = String.valueOf(value);
        }
        return text.length() > maxChars ? text.substring(0, maxChars) : text;
    }
}
