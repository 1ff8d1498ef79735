package io.sfcrime.analytics.bench;

import static org.awaitility.Awaitility.await;

import io.sfcrime.analytics.AnalyticsApplication;
import io.sfcrime.analytics.AnalyticsProperties;
import io.sfcrime.analytics.pipeline.WindowSpec;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.system.SparkKafkaOptions;
import io.sfcrime.testkit.HourlyCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One catch-up of the real service in this JVM: a Spring context with its SparkSession, a
 * fresh checkpoint and result topic, the settings of one cell on top of the shipped
 * defaults. Timed from the query's first trigger to the moment the result store holds
 * every call of the topic.
 */
final class ServiceCatchUp {

    /**
     * @param counted the store's counts and the wall time
     * @param batches micro-batches that read records
     * @param phaseMillis Spark's {@code durationMs} of those batches, summed per phase
     * @param staticBatch baseline (a) on the same session, if asked for
     * @param sourceRead Spark's Kafka source alone on the same session, if asked for
     */
    record Result(Counted counted, int batches, Map<String, Long> phaseMillis, Counted staticBatch,
            SourceReadFloor.Read sourceRead) {
    }

    private ServiceCatchUp() {
    }

    /**
     * @param settings {@code --sfcrime.analytics.*} arguments of the cell
     */
    static Result run(String label, String brokers, String topic, int calls, List<String> settings, Path workDir,
            boolean withBaselines) {
        String run = UUID.randomUUID().toString();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + brokers,
                // No UI port to bind beside other runs; the UI only watches the query.
                "--sfcrime.analytics.spark.ui-enabled=false",
                // Keeps the progress of every batch of a 2,000-per-trigger run.
                "--sfcrime.analytics.spark.properties.spark.sql.streaming.numRecentProgressUpdates=1000",
                "--sfcrime.analytics.source.topic=" + topic, "--sfcrime.analytics.sink.topic=bench.aggregates." + run,
                "--sfcrime.analytics.data-dir=" + workDir.resolve(run).toAbsolutePath()));
        args.addAll(settings);
        try (CpuSampler cpuClock = new CpuSampler();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(AnalyticsApplication.class)
                    .run(args.toArray(String[]::new))) {
            ResultStore store = context.getBean(ResultStore.class);
            await(label + " counting " + calls + " calls").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> store.complete() && store.totalCount() == calls);
            long done = System.currentTimeMillis();
            double cpuAtEnd = Counted.processCpuMillis();
            StreamingQuery query = SparkSession.active().streams().active()[0];
            // Spark reports a batch's progress after its sink has run.
            await(label + " reporting its batches").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Stream.of(query.recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum(),
                        rows -> rows == calls);
            List<StreamingQueryProgress> withInput = Stream.of(query.recentProgress())
                .filter(progress -> progress.numInputRows() > 0)
                .toList();
            long firstTrigger = Instant.parse(query.recentProgress()[0].timestamp()).toEpochMilli();
            Map<String, Long> phases = new TreeMap<>();
            withInput
                .forEach(progress -> progress.durationMs().forEach((phase, ms) -> phases.merge(phase, ms, Long::sum)));
            Map<HourlyCounts.Key, Long> counts = new HashMap<>();
            store.windows(TimeRange.ALL, null, null, Integer.MAX_VALUE)
                .forEach(row -> counts.merge(StaticBatchBaseline.key(row), row.count(), Long::sum));
            Counted staticBatch = null;
            SourceReadFloor.Read sourceRead = null;
            if (withBaselines) {
                AnalyticsProperties properties = context.getBean(AnalyticsProperties.class);
                AnalyticsProperties.Query window = properties.query();
                Map<String, String> kafkaOptions = context.getBean(SparkKafkaOptions.class).options();
                Integer minPartitions = properties.source().minPartitions();
                staticBatch = StaticBatchBaseline.run(SparkSession.active(), kafkaOptions, topic, minPartitions,
                        new WindowSpec(window.windowDuration(), window.slideDuration(), window.watermark()));
                sourceRead = SourceReadFloor.run(SparkSession.active(), kafkaOptions, topic, minPartitions);
            }
            return new Result(new Counted(label, done - firstTrigger, cpuAtEnd - cpuClock.cpuAt(firstTrigger), counts),
                    withInput.size(), phases, staticBatch, sourceRead);
        }
    }

}
