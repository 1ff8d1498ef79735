package io.sfcrime.analytics.bench;

import static org.awaitility.Awaitility.await;

import io.sfcrime.analytics.AnalyticsApplication;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Not part of the normal test run (its name does not match surefire's patterns). Runs the
 * real service over the real file, in event-time order, on the embedded broker, once per
 * setting, and writes the figures to {@code target/benchmark-results.md}:
 *
 * <pre>./mvnw -B -pl analytics-service -am verify -Dtest=StreamingBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class StreamingBenchmark {

    private static final Logger log = LoggerFactory.getLogger(StreamingBenchmark.class);

    private static final String CALLS = "calls.benchmark";

    private static final AtomicInteger RUNS = new AtomicInteger();

    record Setting(String label, int shufflePartitions, Long maxOffsetsPerTrigger, String triggerInterval) {
    }

    @Test
    void measure() throws IOException {
        CallsTopics.create(Replays.brokers(), CALLS);
        try (PlainProducer producer = new PlainProducer(Replays.brokers())) {
            producer.sendCalls(CALLS, RealCalls.inEventTimeOrder());
        }
        List<Setting> settings = List.of(new Setting("cold JVM (first query)", 4, null, "0s"),
                new Setting("shuffle 2", 2, null, "0s"), new Setting("shuffle 8", 8, null, "0s"),
                new Setting("shuffle 200", 200, null, "0s"),
                new Setting("shuffle 2, maxOffsetsPerTrigger 20000", 2, 20_000L, "0s"),
                new Setting("shuffle 8, maxOffsetsPerTrigger 20000", 8, 20_000L, "0s"),
                new Setting("shuffle 200, maxOffsetsPerTrigger 20000", 200, 20_000L, "0s"),
                new Setting("shuffle 4, maxOffsetsPerTrigger 50000", 4, 50_000L, "0s"),
                new Setting("shuffle 4, maxOffsetsPerTrigger 20000, trigger 5s", 4, 20_000L, "5s"));
        List<String> table = new ArrayList<>(List
            .of("| setting | batches | rows/s (first batch start to last batch end) | batch ms mean | batch ms max | "
                    + "Spark processedRowsPerSecond mean |", "|---|---|---|---|---|---|"));
        for (Setting setting : settings) {
            String line = run(setting);
            log.info("BENCHMARK {}", line);
            table.add(line);
        }
        Path out = Path.of("target", "benchmark-results.md");
        Files.write(out, table);
        log.info("Benchmark results in {}:\n{}", out.toAbsolutePath(), String.join("\n", table));
    }

    private String run(Setting setting) {
        int run = RUNS.incrementAndGet();
        List<String> args = new ArrayList<>(
                List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + Replays.brokers(),
                        "--sfcrime.analytics.spark.master=local[2]", "--sfcrime.analytics.spark.ui-enabled=false",
                        "--sfcrime.analytics.query.shuffle-partitions=" + setting.shufflePartitions(),
                        "--sfcrime.analytics.query.trigger-interval=" + setting.triggerInterval(),
                        "--sfcrime.analytics.source.topic=" + CALLS,
                        "--sfcrime.analytics.sink.topic=aggregates.benchmark." + run,
                        "--sfcrime.analytics.data-dir=target/benchmark-data/" + UUID.randomUUID()));
        if (setting.maxOffsetsPerTrigger() != null) {
            args.add("--sfcrime.analytics.source.max-offsets-per-trigger=" + setting.maxOffsetsPerTrigger());
        }
        List<StreamingQueryProgress> batches;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AnalyticsApplication.class)
            .run(args.toArray(String[]::new))) {
            ResultStore store = context.getBean(ResultStore.class);
            await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> store.totalCount() == RealCalls.TOTAL);
            StreamingQuery query = SparkSession.active().streams().active()[0];
            await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Arrays.stream(query.recentProgress())
                    .mapToLong(StreamingQueryProgress::numInputRows)
                    .sum() == RealCalls.TOTAL);
            batches = List.of(query.recentProgress());
        }
        List<StreamingQueryProgress> withInput = batches.stream().filter(p -> p.numInputRows() > 0).toList();
        StreamingQueryProgress first = withInput.get(0);
        StreamingQueryProgress last = withInput.get(withInput.size() - 1);
        long wallMs = Instant.parse(last.timestamp()).toEpochMilli() + last.durationMs().get("triggerExecution")
                - Instant.parse(first.timestamp()).toEpochMilli();
        LongSummaryStatistics batchMs = withInput.stream()
            .mapToLong(p -> p.durationMs().get("triggerExecution"))
            .summaryStatistics();
        double sparkRate = withInput.stream()
            .mapToDouble(StreamingQueryProgress::processedRowsPerSecond)
            .average()
            .orElse(Double.NaN);
        return String.format("| %s | %d | %,.0f | %,.0f | %,d | %,.0f |", setting.label(), withInput.size(),
                RealCalls.TOTAL * 1000.0 / wallMs, batchMs.getAverage(), batchMs.getMax(), sparkRate);
    }

}
