package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.AnalyticsApp;
import io.sfcrime.analytics.AnalyticsApplication;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.testkit.ChildJvm;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.RealCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * analytics as a process of its own, killed with SIGKILL three times while it catches up
 * on the whole real file in small batches, and started again each time on the same
 * working directory (checkpoint and data dir): no shutdown hook runs, a batch may be half
 * published to the result topic, its checkpoint half written. The counts it ends with
 * over REST are exactly the independent ones, and none of its input is taken for late.
 */
class KillDuringCatchUpTest {

    private static final Logger log = LoggerFactory.getLogger(KillDuringCatchUpTest.class);

    private static final String CALLS = "calls.kill";

    private static final String AGGREGATES = "aggregates.kill";

    private static final int BATCH = 10_000;

    private final Path workDir = Path.of("target/test-data/kill-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void threeKillsMidCatchUpLeaveTheCountsExact() {
        Replays.replay(CALLS, RealCalls.inEventTimeOrder());
        int port = FreePorts.one();
        ChildJvm analytics = ChildJvm.mainClass("analytics", AnalyticsApplication.class.getName(), this.workDir, "2g",
                AnalyticsApp.args(port, Replays.brokers(), "--sfcrime.analytics.source.topic=" + CALLS,
                        "--sfcrime.analytics.source.max-offsets-per-trigger=" + BATCH,
                        "--sfcrime.analytics.sink.topic=" + AGGREGATES,
                        "--sfcrime.analytics.data-dir=" + this.workDir.resolve("data")));
        RestResults rest = RestResults.onPort(port);
        try {
            // Deep into a batch after two have finished; as soon as it serves, while it
            // re-runs the batch the
            // first kill cut short; and after four more batches.
            List<Predicate<JsonNode>> killPoints = List.of(
                    progress -> progress.at("/totals/inputRows").asLong() >= 2 * BATCH
                            && progress.at("/triggerActive").asBoolean(),
                    progress -> progress.at("/state").asText().equals("ACTIVE"),
                    progress -> progress.at("/totals/inputRows").asLong() >= 4 * BATCH
                            && progress.at("/triggerActive").asBoolean());
            long lastBatch = -1;
            for (Predicate<JsonNode> killPoint : killPoints) {
                analytics.start();
                JsonNode progress = await("the kill point; see " + analytics.logFile()).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions()
                    .failFast("analytics exited; see " + analytics.logFile(), () -> !analytics.isAlive())
                    .until(() -> rest.json("/api/analytics/progress"), killPoint);
                analytics.kill();
                log.info("Killed analytics after batch {} and {} rows read in that life",
                        progress.at("/latest/batchId").asText("none"), progress.at("/totals/inputRows").asLong());
                if (progress.at("/latest/batchId").isNumber()) {
                    assertThat(progress.at("/latest/batchId").asLong()).as("batch ids go on from the checkpoint")
                        .isGreaterThan(lastBatch);
                    lastBatch = progress.at("/latest/batchId").asLong();
                }
            }

            analytics.start();
            await("the catch-up after three kills; see " + analytics.logFile()).atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("analytics exited; see " + analytics.logFile(), () -> !analytics.isAlive())
                .until(() -> rest.totalCalls() == RealCalls.TOTAL);
            JsonNode progress = await().atMost(Duration.ofMinutes(1))
                .until(() -> rest.json("/api/analytics/progress"),
                        body -> body.at("/latest/offsetLag").path(CALLS).asLong(-1) == 0);
            rest.assertExactly(ExpectedCounts.hourly(RealCalls.inFileOrder()));
            assertThat(progress.at("/latest/batchId").asLong()).isGreaterThan(lastBatch);
            assertThat(progress.at("/totals/lateRows").asLong()).isZero();
            assertThat(progress.at("/totals/malformedRows").asLong()).isZero();
            assertThat(rest.sparkQuery().at("/status").asText()).isEqualTo("UP");
        }
        finally {
            analytics.stop(Duration.ofSeconds(30));
        }
    }

}
