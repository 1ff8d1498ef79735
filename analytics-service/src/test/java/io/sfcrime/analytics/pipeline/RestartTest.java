package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.analytics.AnalyticsApp;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.testkit.RealCalls;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service is stopped half way through the real file and started again on the same
 * checkpoint and result topic: the restarted service serves the first run's results at
 * once (rebuilt from the compacted topic, even for windows Spark's state no longer
 * holds), resumes where the first stopped, and ends with exact counts.
 */
class RestartTest {

    private static final String CALLS = "calls.restart";

    private static final String AGGREGATES = "aggregates.restart";

    private final String dataDir = "target/test-data/restart-" + UUID.randomUUID();

    @Test
    void aRestartedServiceLosesNothingAndCountsNothingTwice() {
        Replays.replay(CALLS, RealCalls.inEventTimeOrder());

        long servedBeforeStop;
        long readByFirst;
        try (ConfigurableApplicationContext first = start()) {
            QueryStatus status = first.getBean(QueryStatus.class);
            await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> status.totals().inputRows() >= RealCalls.TOTAL / 2);
            servedBeforeStop = first.getBean(ResultStore.class).totalCount();
            readByFirst = status.totals().inputRows();
        }
        assertThat(readByFirst).isLessThan(RealCalls.TOTAL);

        try (ConfigurableApplicationContext second = start()) {
            ResultStore store = second.getBean(ResultStore.class);
            assertThat(store.totalCount()).as("rebuilt from the topic before the query starts")
                .isGreaterThanOrEqualTo(servedBeforeStop);
            QueryStatus status = second.getBean(QueryStatus.class);
            await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> status.latest() != null && status.latest().offsetLag().getOrDefault(CALLS, -1L) == 0
                        && store.totalCount() == RealCalls.TOTAL);

            assertThat(store.windows(TimeRange.ALL, null, null, Integer.MAX_VALUE)
                .stream()
                .collect(Collectors.toMap(WindowCount::key, Function.identity())))
                .containsExactlyInAnyOrderEntriesOf(ExpectedCounts.hourly(RealCalls.inFileOrder()).rows());
            assertThat(status.totals().inputRows()).as("resumed from the checkpoint, not from the beginning")
                .isLessThanOrEqualTo(RealCalls.TOTAL - readByFirst + 20_000);
            assertThat(status.totals().lateRows()).isZero();
        }
    }

    private ConfigurableApplicationContext start() {
        return AnalyticsApp.start(Replays.brokers(), "--sfcrime.analytics.source.topic=" + CALLS,
                "--sfcrime.analytics.source.max-offsets-per-trigger=20000",
                "--sfcrime.analytics.sink.topic=" + AGGREGATES, "--sfcrime.analytics.data-dir=" + this.dataDir);
    }

}
