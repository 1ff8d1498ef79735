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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

/**
 * The counts of the current run, the recent events and each partition's position, shared by the listener threads
 * (one lock: an event is counted wholly before or wholly after a reset). Metrics are counted here too, but never
 * reset: Prometheus counters only go up.
 */
@Component
public class RunTally {

    private final Clock clock;

    private final MeterRegistry registry;

    private final int previewChars;

    private final Counter validEvents;

    private final Map<InvalidReason, Counter> invalidEvents = new TreeMap<>();

    private final Counter duplicateEvents;

    private final Map<Integer, Position> positions = new TreeMap<>();

    private final RecentEvents recent;

    private Run run;

    public RunTally(VerifyProperties properties, MeterRegistry registry) {
        this.clock = Clock.systemUTC();
        this.registry = registry;
        this.previewChars = properties.recent().previewChars();
        this.recent = new RecentEvents(properties.recent().capacity());
        this.run = new Run(this.clock.instant());
        this.validEvents = eventCounter("valid", "none");
        for (InvalidReason reason : InvalidReason.values()) {
            this.invalidEvents.put(reason, eventCounter("invalid", reason.code()));
        }
        this.duplicateEvents = Counter.builder("sfcrime.verify.duplicates")
                .description("Valid events whose crime_id was already seen in the run")
                .register(registry);
        Gauge.builder("sfcrime.verify.distinct.crime.ids", this, RunTally::distinctCrimeIds)
                .description("Distinct crime ids among valid events of the current run")
                .register(registry);
    }

    /**
     * Counts one event the listener has dealt with (an invalid one is already on the dead-letter topic).
     *
     * @param endOffset the partition's end as of the last fetch, or -1 if unknown
     */
    public synchronized void record(ConsumerRecord<?, ?> record, Verdict verdict, long endOffset) {
        this.run.count(verdict);
        this.recent.add(recentEvent(record, verdict));
        position(record.partition()).read(record.offset(), endOffset);
        if (verdict instanceof Verdict.Invalid invalid) {
            this.invalidEvents.get(invalid.reason()).increment();
        } else if (this.run.lastWasDuplicate) {
            this.validEvents.increment();
            this.duplicateEvents.increment();
        } else {
            this.validEvents.increment();
        }
    }

    /** Notes a partition assigned to this instance, its next offset to read and its end. */
    public synchronized void assigned(int partition, long nextOffset, long endOffset) {
        position(partition).assigned(nextOffset, endOffset);
    }

    public synchronized void revoked(int partition) {
        position(partition).assigned = false;
    }

    public synchronized long distinctCrimeIds() {
        return this.run.crimeIds.size();
    }

    public synchronized Summary summary() {
        List<PartitionStatus> partitions = this.positions.entrySet().stream()
                .map(entry -> entry.getValue().status(entry.getKey()))
                .toList();
        boolean caughtUp = partitions.stream().anyMatch(PartitionStatus::assigned) && partitions.stream()
                .filter(PartitionStatus::assigned)
                .allMatch(status -> status.lag() != null && status.lag() == 0);
        return this.run.summary(partitions, caughtUp);
    }

    /** The last {@code limit} events received, newest first; {@code limit} from 1 to {@link #recentCapacity()}. */
    public synchronized List<RecentEvent> recent(int limit) {
        return this.recent.last(limit);
    }

    public int recentCapacity() {
        return this.recent.capacity();
    }

    /**
     * Ends the run and starts a new one: counts, ids, time range and recent events start empty. Positions stay: they
     * describe the consumer, which keeps reading where it is (offsets are neither moved nor committed).
     *
     * @return the summary of the run that ended
     */
    public synchronized Summary reset() {
        Summary ended = summary();
        this.run = new Run(this.clock.instant());
        this.recent.clear();
        return ended;
    }

    private Counter eventCounter(String result, String reason) {
        return Counter.builder("sfcrime.verify.events")
                .description("Events received by the verify listener, by result and reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(this.registry);
    }

    private Position position(int partition) {
        return this.positions.computeIfAbsent(partition, p -> {
            Gauge.builder("sfcrime.verify.lag", this, tally -> tally.lag(p))
                    .description("Records after the last one read, up to the partition's end as of the last fetch")
                    .tag("partition", Integer.toString(p))
                    .register(this.registry);
            return new Position();
        });
    }

    private synchronized double lag(int partition) {
        Long lag = this.positions.get(partition).status(partition).lag();
        return lag == null ? Double.NaN : lag;
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

    /** The counts of one run. */
    private static final class Run {

        private final Instant startedAt;

        private final CrimeIdSet crimeIds = new CrimeIdSet();

        private final Map<InvalidReason, Long> invalidByReason = new TreeMap<>();

        private long received;

        private long valid;

        private long invalid;

        private long duplicates;

        private LocalDateTime earliest;

        private LocalDateTime latest;

        private boolean lastWasDuplicate;

        Run(Instant startedAt) {
            this.startedAt = startedAt;
        }

        void count(Verdict verdict) {
            this.received++;
            this.lastWasDuplicate = false;
            if (verdict instanceof Verdict.Valid call) {
                this.valid++;
                if (!this.crimeIds.add(call.crimeId())) {
                    this.duplicates++;
                    this.lastWasDuplicate = true;
                }
                LocalDateTime time = call.callDateTime();
                this.earliest = this.earliest == null || time.isBefore(this.earliest) ? time : this.earliest;
                this.latest = this.latest == null || time.isAfter(this.latest) ? time : this.latest;
            } else if (verdict instanceof Verdict.Invalid rejected) {
                this.invalid++;
                this.invalidByReason.merge(rejected.reason(), 1L, Long::sum);
            }
        }

        Summary summary(List<PartitionStatus> partitions, boolean caughtUp) {
            Map<String, Long> byReason = new LinkedHashMap<>();
            this.invalidByReason.forEach((reason, count) -> byReason.put(reason.code(), count));
            return new Summary(this.startedAt, this.received, this.valid, this.invalid, byReason, this.duplicates,
                    this.crimeIds.size(), this.earliest, this.latest, this.crimeIds.pageBytes(), partitions,
                    caughtUp);
        }
    }

    /** Where the listener is in one partition. */
    private static final class Position {

        private long lastOffset = -1;

        private long endOffset = -1;

        private boolean assigned;

        void read(long offset, long end) {
            this.assigned = true;
            this.lastOffset = Math.max(this.lastOffset, offset);
            this.endOffset = Math.max(Math.max(this.endOffset, end), this.lastOffset + 1);
        }

        void assigned(long nextOffset, long end) {
            this.assigned = true;
            this.lastOffset = nextOffset - 1;
            this.endOffset = end;
        }

        PartitionStatus status(int partition) {
            Long offset = this.lastOffset < 0 ? null : this.lastOffset;
            Long end = this.endOffset < 0 ? null : this.endOffset;
            Long lag = end == null ? null : Math.max(0, end - (this.lastOffset + 1));
            return new PartitionStatus(partition, offset, end, lag, this.assigned);
        }
    }
}
