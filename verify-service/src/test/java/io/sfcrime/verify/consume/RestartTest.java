package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.verify.consume.PoisonedFeed.Position;
import io.sfcrime.verify.tally.PartitionStatus;
import io.sfcrime.verify.tally.Summary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * verify-service in a child JVM killed with SIGKILL part-way through the real file and
 * poison, then started again on the same group: its summary equals the figures of the
 * whole topic, computed from the file and from what was sent; the records before the
 * committed offset were counted again, never dead-lettered twice.
 */
class RestartTest {

    static final String TOPIC = "verify-restart";

    private static final Logger log = LoggerFactory.getLogger(RestartTest.class);

    @Test
    void aSummaryAfterAKillAndARestartMidStreamIsExact() throws Exception {
        PoisonedFeed feed = PoisonedFeed.onNewTopic(TOPIC, 10_000);
        long total = feed.total();

        try (VerifyProcess verify = new VerifyProcess("verify-restart", TOPIC, TOPIC)) {
            verify.start();
            Summary beforeKill = await("more than 50,000 received by " + verify).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(verify::summary, summary -> summary != null && summary.received() > 50_000);
            verify.kill();
            assertThat(beforeKill.received()).as("killed part-way").isLessThan(total);
            Map<Integer, Long> committedAtKill = feed.committed(TOPIC);
            long committed = committedAtKill.values().stream().mapToLong(Long::longValue).sum();
            assertThat(committed).isPositive().isLessThan(total);

            verify.start();
            List<String> movedBack = new ArrayList<>();
            Summary summary = await("the whole topic counted by " + verify).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    feed.committed(TOPIC).forEach((partition, offset) -> {
                        if (offset < committedAtKill.getOrDefault(partition, 0L)) {
                            movedBack.add(partition + "@" + offset);
                        }
                    });
                    return verify.summary();
                }, s -> s != null && s.received() >= total && s.caughtUp());
            feed.assertTheWholeTopic(List.of(summary));

            // The restarted service checked exactly the records from the offsets
            // committed at the kill on, and only
            // counted those before. (Its threads may join the group one by one, a
            // partition then moving once more
            // between them, rebuilt again up to a later commit: hence at least, not
            // exactly, the committed records
            // recounted, and a resume offset at least that.)
            assertThat(summary.partitions()).extracting(PartitionStatus::partition).containsExactly(0, 1, 2);
            summary.partitions()
                .forEach(partition -> assertThat(partition.resumeOffset())
                    .isGreaterThanOrEqualTo(committedAtKill.getOrDefault(partition.partition(), 0L)));
            double checked = verify.prometheus().sum("sfcrime_verify_events_total");
            double recounted = verify.prometheus().sum("sfcrime_verify_recounted_events_total");
            assertThat(checked).isEqualTo(total - committed);
            assertThat(recounted).isGreaterThanOrEqualTo(committed);
            assertThat(movedBack).as("the group's offsets never moved back while rebuilding").isEmpty();

            // Every poison record is on the DLT; only one the first life handled after
            // its last commit may be twice.
            List<Position> deadLettered = feed.deadLettered();
            assertThat(deadLettered).containsAll(feed.poison().keySet());
            assertThat(feed.poison().keySet()).containsAll(deadLettered);
            Map<Position, Long> copies = deadLettered.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            log.info(
                    "Killed at {} received (last summary), {} committed; after the restart {} recounted, {} checked; "
                            + "{} dead letters for {} poison records",
                    beforeKill.received(), committed, recounted, checked, deadLettered.size(), feed.poison().size());
            copies.forEach((position, count) -> {
                if (position.offset() < committedAtKill.getOrDefault(position.partition(), 0L)) {
                    assertThat(count).as("dead letters of %s, committed before the kill", position).isOne();
                }
                else {
                    assertThat(count).as("dead letters of %s", position).isBetween(1L, 2L);
                }
            });
        }
    }

}
