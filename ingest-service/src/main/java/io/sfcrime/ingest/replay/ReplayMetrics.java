package io.sfcrime.ingest.replay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The replay's meters. Counters add up over every replay since the service started; the
 * gauges show the current (or last) replay.
 */
@Component
class ReplayMetrics {

    private final Counter sent;

    private final Counter failed;

    private final Counter skipped;

    ReplayMetrics(MeterRegistry registry) {
        this.sent = Counter.builder("sfcrime.replay.events.sent")
            .description("Events Kafka acknowledged")
            .register(registry);
        this.failed = Counter.builder("sfcrime.replay.events.failed")
            .description("Events Kafka did not take after the producer's retries")
            .register(registry);
        this.skipped = Counter.builder("sfcrime.replay.events.skipped")
            .description("Records of the calls file that are not calls, or that Kafka refused as too large")
            .register(registry);
    }

    /** Registers the gauges that read the replay's status. */
    void bind(MeterRegistry registry, Supplier<ReplayStatus> status) {
        for (ReplayState state : ReplayState.values()) {
            Gauge.builder("sfcrime.replay.state", () -> status.get().state() == state ? 1 : 0)
                .description("1 for the replay's current state, 0 for the others")
                .tag("state", state.name())
                .register(registry);
        }
        Gauge.builder("sfcrime.replay.events.per.second", () -> status.get().eventsPerSecond())
            .description("Acknowledged events per second of the current or last replay")
            .register(registry);
        Gauge.builder("sfcrime.replay.progress", () -> progress(status.get()))
            .description("Share of the current or last replay's events that Kafka answered for (0-1)")
            .register(registry);
    }

    private static double progress(ReplayStatus status) {
        if (status.total() == null || status.total() == 0) {
            return status.state() == ReplayState.COMPLETED ? 1 : 0;
        }
        return (double) (status.sent() - status.inFlight()) / status.total();
    }

    void sent() {
        this.sent.increment();
    }

    void failed() {
        this.failed.increment();
    }

    void skipped() {
        this.skipped.increment();
    }

}
