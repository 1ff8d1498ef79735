package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.tally.PartitionStatus;
import io.sfcrime.verify.tally.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances of verify-service in child JVMs, one listener thread each, in one group:
 * the first reads the whole topic; when the second joins, one partition moves to it,
 * leaves the first's summary and is rebuilt by the second; together they cover every
 * partition once and add up to the figures of the whole topic, also for records sent
 * after the split; when the second stops, the first gets the partition back and rebuilds
 * it.
 */
class TwoInstancesTest {

    static final String TOPIC = "verify-two-instances";

    @Test
    void togetherTheirSummariesCoverEveryPartitionOnceAndAddUpToTheWholeTopic() throws Exception {
        PoisonedFeed feed = PoisonedFeed.onNewTopic(TOPIC, 20_000);

        try (VerifyProcess first = new VerifyProcess("verify-first", TOPIC, TOPIC, "--sfcrime.verify.concurrency=1");
                VerifyProcess second = new VerifyProcess("verify-second", TOPIC, TOPIC,
                        "--sfcrime.verify.concurrency=1")) {
            first.start();
            Summary alone = awaitCoverage(List.of(first), feed.total()).get(0);
            feed.assertTheWholeTopic(List.of(alone));

            second.start();
            List<Summary> split = awaitCoverage(List.of(first, second), feed.total());
            assertThat(split.get(0).partitions()).hasSize(2);
            assertThat(split.get(1).partitions()).hasSize(1);
            feed.assertTheWholeTopic(split);
            Map<Integer, Long> ends = TopicContents.endOffsets(feed.brokers(), TOPIC);
            PartitionStatus moved = split.get(1).partitions().get(0);
            assertThat(moved.startOffset()).isZero();
            assertThat(moved.resumeOffset()).as("what the first instance had committed")
                .isEqualTo(ends.get(moved.partition()));
            assertThat(second.prometheus().sum("sfcrime_verify_recounted_events_total"))
                .isEqualTo(split.get(1).received());
            assertThat(second.prometheus().sum("sfcrime_verify_events_total")).isZero();

            // Records after the split: each instance checks those of its own partitions.
            feed.sendNotJsonToEachPartition();
            split = awaitCoverage(List.of(first, second), feed.total());
            feed.assertTheWholeTopic(split);
            assertThat(first.prometheus().sum("sfcrime_verify_events_total")
                    + second.prometheus().sum("sfcrime_verify_events_total"))
                .isEqualTo(feed.total());
            assertThat(feed.deadLettered()).as("each poison record dead-lettered once, none again by the rebuild")
                .containsExactlyInAnyOrderElementsOf(feed.poison().keySet());

            second.stop();
            Summary back = awaitCoverage(List.of(first), feed.total()).get(0);
            feed.assertTheWholeTopic(List.of(back));
            assertThat(back.partitions()).filteredOn(p -> p.partition() == moved.partition())
                .singleElement()
                .satisfies(p -> assertThat(p.assignedAt()).isAfter(alone.partitions().get(0).assignedAt()));
        }
    }

    /**
     * Waits until the instances' summaries together cover partitions 0, 1 and 2, each
     * once, with every instance caught up and at least the given number of events
     * received in all; answers those summaries.
     */
    private static List<Summary> awaitCoverage(List<VerifyProcess> instances, long received) {
        return await("partitions 0-2 covered once by " + instances).atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> instances.stream().map(VerifyProcess::summary).toList(),
                    summaries -> summaries.stream().allMatch(summary -> summary != null && summary.caughtUp())
                            && summaries.stream()
                                .flatMap(summary -> summary.partitions().stream())
                                .map(PartitionStatus::partition)
                                .sorted()
                                .toList()
                                .equals(List.of(0, 1, 2))
                            && summaries.stream().mapToLong(Summary::received).sum() >= received);
    }

}
