package io.sfcrime.ingest.replay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sfcrime.ingest.calls.CallsFile;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.KafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * Replay throughput of the whole real file, as fast as possible, into a real KRaft broker
 * in this JVM, for a few producer settings and both orders. Not part of the normal test
 * run (its name does not match surefire's patterns) and asserts nothing but complete
 * delivery: it measures, and writes the figures to {@code target/benchmark-results.md}:
 *
 * <pre>./mvnw -B -pl ingest-service -am verify -Dtest=ReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * {@code -Druns=N} sets the measured runs per case (default 3, after one warm-up).
 */
class ReplayBenchmark {

    private static final Logger log = LoggerFactory.getLogger(ReplayBenchmark.class);

    /** What the service's application.yml sets on top of acks=all and idempotence. */
    private static final Map<String, Object> SERVICE_PRODUCER = Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.BATCH_SIZE_CONFIG, 262144, ProducerConfig.LINGER_MS_CONFIG, 20);

    @Test
    void measure() throws IOException {
        int runs = Integer.getInteger("runs", 3);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
        try {
            Map<String, Map<String, Object>> producers = new LinkedHashMap<>();
            producers.put("kafka defaults (none, 16 KB, linger 0)", Map.of());
            producers.put("service (lz4, 256 KB, linger 20)", SERVICE_PRODUCER);
            producers.put("no compression, 256 KB, linger 20",
                    Map.of(ProducerConfig.BATCH_SIZE_CONFIG, 262144, ProducerConfig.LINGER_MS_CONFIG, 20));
            List<String> lines = new ArrayList<>();
            double baseline = 0;
            int topic = 0;
            for (Map.Entry<String, Map<String, Object>> producer : producers.entrySet()) {
                for (ReplayOrder order : ReplayOrder.values()) {
                    List<Double> rates = new ArrayList<>();
                    for (int run = 0; run <= runs; run++) {
                        String name = "bench-" + topic++;
                        CallsTopics.create(broker.getBrokersAsString(), name);
                        double rate = replay(broker.getBrokersAsString(), name, producer.getValue(), order);
                        if (run > 0) {
                            rates.add(rate);
                        }
                    }
                    rates.sort(null);
                    double median = rates.get(rates.size() / 2);
                    if (baseline == 0) {
                        baseline = median;
                    }
                    lines.add(String.format("%-36s %-10s median %,9.0f events/s  [%,.0f-%,.0f]  x%.2f",
                            producer.getKey(), order.value(), median, rates.get(0), rates.get(rates.size() - 1),
                            median / baseline));
                }
            }
            lines.add(0, "Replay of the real file, as fast as possible (" + runs
                    + " measured runs each after a warm-up; ratio to the first line):");
            Files.write(Path.of("target", "benchmark-results.md"), lines);
            log.info("{}", String.join("\n", lines));
        }
        finally {
            broker.destroy();
        }
    }

    /**
     * The service's producer settings into one broker process (replication factor 1) and
     * into a {@link KafkaCluster} of three (replication factor 3,
     * {@code min.insync.replicas} 2, so each acknowledgement waits for a follower's
     * fetch), all on this machine's cores; writes {@code target/replication-results.md}:
     *
     * <pre>./mvnw -B -pl ingest-service -am verify -Dtest='ReplayBenchmark#replicated' -Dsurefire.failIfNoSpecifiedTests=false</pre>
     */
    @Test
    void replicated() throws IOException {
        int runs = Integer.getInteger("runs", 3);
        Path dir = Files.createTempDirectory("replication-benchmark");
        List<String> lines = new ArrayList<>();
        double baseline;
        try (KafkaBrokerProcess single = new KafkaBrokerProcess(dir.resolve("single"), Map.of()).start()) {
            baseline = measureReplicated(single.bootstrapServers(), (short) 1, Map.of(), runs,
                    "1 broker, replication factor 1", 0, lines);
        }
        try (KafkaCluster cluster = new KafkaCluster(dir.resolve("cluster"), 3, Map.of()).start()) {
            measureReplicated(cluster.bootstrapServers(), (short) 3,
                    Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"), runs,
                    "3 brokers, replication factor 3, min ISR 2", baseline, lines);
        }
        FileSystemUtils.deleteRecursively(dir);
        lines.add(0, "Replay of the real file in event-time order, the service's producer settings (" + runs
                + " measured runs each after a warm-up; ratio to the first line):");
        Files.write(Path.of("target", "replication-results.md"), lines);
        log.info("{}", String.join("\n", lines));
    }

    /**
     * Answers the median rate; adds a line for it (its ratio to {@code baseline}, if
     * set).
     */
    private static double measureReplicated(String brokers, short replicas, Map<String, String> configs, int runs,
            String label, double baseline, List<String> lines) {
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            String name = "replicated-" + run;
            CallsTopics.create(brokers, name, replicas, configs);
            double rate = replay(brokers, name, SERVICE_PRODUCER, ReplayOrder.EVENT_TIME);
            if (run > 0) {
                rates.add(rate);
            }
        }
        rates.sort(null);
        double median = rates.get(rates.size() / 2);
        lines.add(String.format("%-44s median %,9.0f events/s  [%,.0f-%,.0f]  x%.2f", label, median, rates.get(0),
                rates.get(rates.size() - 1), median / (baseline == 0 ? median : baseline)));
        return median;
    }

    private static double replay(String brokers, String topic, Map<String, Object> overrides, ReplayOrder order) {
        Map<String, Object> config = new LinkedHashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        config.putAll(overrides);
        DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new StringSerializer());
        try {
            ReplayProperties properties = new ReplayProperties(ReplayProperties.BUNDLED_FILE,
                    new ReplayProperties.Topic(topic, 3, (short) 1, null),
                    new ReplayProperties.Defaults(0, null, order, null, false), Duration.ofMinutes(5), 100, false,
                    null);
            ReplayOptions options = new ReplayOptions(0.0, null, order, null, false, ReplayProperties.BUNDLED_FILE,
                    new CallsFile(new ClassPathResource("calls/police-department-calls-for-service.json.gz")),
                    "bundled");
            ReplayRun run = new ReplayRun(options, ResumePlan.EVERYTHING, null, new KafkaTemplate<>(factory),
                    () -> null, properties, new ReplayMetrics(new SimpleMeterRegistry()));
            ReplayStatus status = run.status(run.call());
            if (status.state() != ReplayState.COMPLETED || status.acknowledged() != 199_999) {
                throw new IllegalStateException("Replay did not deliver the whole file: " + status);
            }
            return status.eventsPerSecond();
        }
        finally {
            factory.destroy();
        }
    }

}
