package io.sfcrime.analytics.bench;

import static org.awaitility.Awaitility.await;

import io.sfcrime.analytics.pipeline.CallsTransformation;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.testkit.HourlyCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * Baseline (c), what many would pick instead of Spark: a Kafka Streams topology with the
 * same one-hour tumbling windows and counts, in-memory window stores, at-least-once,
 * Kafka Streams' defaults otherwise (one stream thread). The calls rule runs once per
 * record and sets the record's time to the call's; regrouping by (crime type,
 * disposition) goes through a repartition topic, as it must in Kafka Streams.
 */
final class KafkaStreamsBaseline {

    /**
     * After the repartition topic, each task's stream time runs ahead of the slower input
     * partitions' records, so a grace as short as the service's one-hour watermark would
     * drop records as late: the grace covers the whole file instead, to count exactly
     * what the service counts.
     */
    private static final Duration GRACE = Duration.ofDays(3650);

    private static final Duration WINDOW = Duration.ofHours(1);

    private static final String SEPARATOR = "\u0000";

    private KafkaStreamsBaseline() {
    }

    /**
     * Timed from {@link KafkaStreams#start()} until the counts emitted add up to
     * {@code validCalls}.
     */
    static Counted run(String brokers, String topic, long validCalls, Path stateDir) {
        Map<HourlyCounts.Key, Long> counts = new ConcurrentHashMap<>();
        AtomicLong total = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
            .process(CheckCall::new)
            .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
            .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
            .count(Materialized
                .<String, Long>as(Stores.inMemoryWindowStore("calls-per-window", GRACE.plus(WINDOW), WINDOW, false)))
            .toStream()
            .foreach((window, count) -> {
                String[] typeAndDisposition = window.key().split(SEPARATOR, 2);
                HourlyCounts.Key key = new HourlyCounts.Key(
                        LocalDateTime.ofEpochSecond(window.window().start() / 1000, 0, ZoneOffset.UTC),
                        typeAndDisposition[0], typeAndDisposition[1]);
                Long previous = counts.put(key, count);
                total.addAndGet(count - (previous == null ? 0 : previous));
            });
        Topology topology = builder.build();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-streams-" + UUID.randomUUID());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // Emits (and so shows) the cached counts every 100 ms instead of every 30 s.
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try (KafkaStreams streams = new KafkaStreams(topology, config)) {
            long started = System.nanoTime();
            double cpu = Counted.processCpuMillis();
            streams.start();
            await("Kafka Streams counting " + validCalls + " calls").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(20))
                .failFast(() -> streams.state() == KafkaStreams.State.ERROR)
                .until(() -> total.get() == validCalls);
            double millis = (System.nanoTime() - started) / 1e6;
            double cpuMillis = Counted.processCpuMillis() - cpu;
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return new Counted("Kafka Streams", millis, cpuMillis, Map.copyOf(counts));
        }
    }

    /**
     * The calls rule on each record: a valid call goes on keyed by its crime type and
     * disposition, at its own time (the call's wall time read as UTC, as the service
     * reads it); a rejected record goes nowhere.
     */
    static final class CheckCall implements Processor<byte[], byte[], String, byte[]> {

        private static final byte[] NOTHING = new byte[0];

        private ProcessorContext<String, byte[]> context;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (CallsTransformation.RULE.check(record.key(), record.value()) instanceof CallVerdict.Valid call) {
                this.context.forward(new Record<>(call.crimeType() + SEPARATOR + call.disposition(), NOTHING,
                        call.callDateTime().toInstant(ZoneOffset.UTC).toEpochMilli()));
            }
        }

    }

}
