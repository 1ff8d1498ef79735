package io.sfcrime.verify.tally;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The tally's meters. The counters count what this process checked and recounted since it
 * started and are never reset (Prometheus counters only go up); every reason is
 * registered at 0 from the start. The gauges read the tally: one lag series per partition
 * owned, and the distinct crime ids.
 */
@Component
class VerifyMetrics {

    private final MeterRegistry registry;

    private final Counter valid;

    private final Map<String, Counter> invalid = new HashMap<>();

    private final Counter duplicates;

    private final Counter recounted;

    private final Map<Integer, Gauge> lags = new HashMap<>();

    VerifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.valid = events("valid", "none");
        Rejection.REASONS.forEach(reason -> this.invalid.put(reason, events("invalid", reason)));
        this.duplicates = Counter.builder("sfcrime.verify.duplicates")
            .description("Valid events checked whose crime_id their partition's count had already seen")
            .register(registry);
        this.recounted = Counter.builder("sfcrime.verify.recounted.events")
            .description("Records below the group's committed offset counted again to rebuild a partition's "
                    + "count, not dead-lettered again")
            .register(registry);
    }

    /** Registers the gauge of the distinct crime ids of the partitions owned. */
    void bindDistinctCrimeIds(Supplier<Number> distinct) {
        Gauge.builder("sfcrime.verify.distinct.crime.ids", distinct)
            .description("Distinct crime ids among valid events of the partitions this instance owns")
            .register(this.registry);
    }

    /** Adds the lag series of a partition now owned, unless it has one. */
    void bindLag(int partition, Supplier<Number> lag) {
        this.lags.computeIfAbsent(partition,
                p -> Gauge.builder("sfcrime.verify.lag", lag)
                    .description("Records after the last one read, up to the partition's end as of the last fetch")
                    .tag("partition", Integer.toString(p))
                    .register(this.registry));
    }

    /** Removes the lag series of a partition no longer owned. */
    void unbindLag(int partition) {
        Gauge lag = this.lags.remove(partition);
        if (lag != null) {
            this.registry.remove(lag);
        }
    }

    void checkedValid(boolean duplicate) {
        this.valid.increment();
        if (duplicate) {
            this.duplicates.increment();
        }
    }

    void checkedInvalid(String reason) {
        this.invalid.get(reason).increment();
    }

    void recounted() {
        this.recounted.increment();
    }

    private Counter events(String result, String reason) {
        return Counter.builder("sfcrime.verify.events")
            .description("Events checked by the verify listener past the group's committed offset, by result "
                    + "and reason")
            .tag("result", result)
            .tag("reason", reason)
            .register(this.registry);
    }

}
