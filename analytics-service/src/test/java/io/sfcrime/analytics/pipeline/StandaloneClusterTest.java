package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.AnalyticsApp;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.RealCalls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service's query on a real Spark standalone cluster: a Master and two Workers in
 * JVMs of their own ({@link SparkStandaloneCluster}), whose executors have Spark's jars
 * only, so the Kafka connector and the calls rule reach them through {@code spark.jars}
 * or not at all. The driver stays in the service, on the driver ports the settings give.
 * The real file through the real broker gives exactly the independent counts, and each
 * Worker's executor ran tasks.
 */
class StandaloneClusterTest {

    private static final String CALLS = "calls.standalone", AGGREGATES = "aggregates.standalone";

    private static final int WORKERS = 2;

    private final Path dir = Path.of("target/test-data/standalone-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void theRealFileIsCountedExactlyByExecutorsOnBothWorkers() {
        int driverPort = FreePorts.one();
        int blockManagerPort = FreePorts.one();
        Replays.replay(CALLS, RealCalls.inEventTimeOrder());
        try (SparkStandaloneCluster cluster = SparkStandaloneCluster.start(this.dir.resolve("cluster"), WORKERS, "1g");
                ConfigurableApplicationContext app = AnalyticsApp.start(Replays.brokers(),
                        "--sfcrime.analytics.spark.master=" + cluster.masterUrl(),
                        "--sfcrime.analytics.spark.driver-port=" + driverPort,
                        "--sfcrime.analytics.spark.driver-block-manager-port=" + blockManagerPort,
                        // The driver's REST API tells which executor ran how many tasks.
                        "--sfcrime.analytics.spark.ui-enabled=true",
                        "--sfcrime.analytics.spark.ui-port=" + FreePorts.one(),
                        "--sfcrime.analytics.spark.properties.spark.executor.memory=768m",
                        // One executor per Worker; no task before both are up.
                        "--sfcrime.analytics.spark.properties.spark.cores.max=" + WORKERS,
                        "--sfcrime.analytics.spark.properties.spark.scheduler.minRegisteredResourcesRatio=1.0",
                        "--sfcrime.analytics.source.topic=" + CALLS, "--sfcrime.analytics.sink.topic=" + AGGREGATES,
                        "--sfcrime.analytics.data-dir=" + this.dir.resolve("analytics"))) {
            RestResults results = RestResults.onPort(AnalyticsApp.port(app));
            JsonNode progress = await("the whole topic counted; logs under " + this.dir).atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(1))
                .until(results::progress, body -> body.at("/totals/inputRows").asLong() == RealCalls.TOTAL
                        && body.path("latest").path("offsetLag").path(CALLS).asLong(-1) == 0);
            assertThat(progress.at("/totals/malformedRows").asLong()).isZero();
            assertThat(progress.at("/totals/lateRows").asLong()).isZero();
            results.assertExactly(ExpectedCounts.hourly(RealCalls.inFileOrder()));

            SparkContext spark = app.getBean(SparkSessionLifecycle.class).session().sparkContext();
            assertThat(spark.master()).isEqualTo(cluster.masterUrl());
            assertThat(spark.getConf().get("spark.driver.port")).isEqualTo(Integer.toString(driverPort));
            JsonNode executors = RestResults.onPort(URI.create(spark.uiWebUrl().get()).getPort())
                .json("/api/v1/applications/" + spark.applicationId() + "/executors");
            Map<String, JsonNode> byId = new HashMap<>();
            executors.forEach(executor -> byId.put(executor.path("id").asText(), executor));
            assertThat(byId.get("driver").path("hostPort").asText()).isEqualTo("127.0.0.1:" + blockManagerPort);
            assertThat(byId).hasSize(WORKERS + 1);
            for (int worker = 0; worker < WORKERS; worker++) {
                List<JsonNode> ours = StreamSupport
                    .stream(cluster.workerJson(worker).path("executors").spliterator(), false)
                    .filter(executor -> executor.path("appid").asText().equals(spark.applicationId()))
                    .toList();
                assertThat(ours).as("executors of worker %d", worker).hasSize(1);
                JsonNode executor = byId.get(ours.get(0).path("id").asText());
                assertThat(executor.path("completedTasks").asInt()).as("tasks worker %d's executor completed", worker)
                    .isPositive();
                assertThat(executor.path("failedTasks").asInt()).isZero();
            }
        }
    }

}
