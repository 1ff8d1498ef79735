package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.verify.consume.PoisonedFeed.Position;
import io.sfcrime.verify.tally.PartitionStatus;
import io.sfcrime.verify.tally.Summary;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * verify-service in a child JVM killed with SIGKILL part-way through the real file and poison, then started again on
 * the same group: its summary equals the figures of the whole topic, computed from the file and from what was sent;
 * the records before the committed offset were counted again, never dead-lettered twice.
 */
class RestartTest {

    static final String TOPIC = "verify-restart";

    private static final Logger log = LoggerFactory.getLogger(RestartTest.class);

    private static final int POISON_EVERY = 10_000;

    private final String brokers = System.getProperty("spring.embedded.kafka.brokers");

    @Test
    void aSummaryAfterAKillAndARestartMidStreamIsExact() throws Exception {
        List<Call> calls = RealCalls.inFileOrder();
        PoisonedFeed.createTopic(this.brokers, TOPIC, 3);
        Map<Position, String> poison = PoisonedFeed.send(this.brokers, TOPIC, calls, POISON_EVERY);
        long total = calls.size() + poison.size();

        try (VerifyProcess verify = new VerifyProcess("verify-restart", TOPIC, TOPIC)) {
            verify.start();
            Summary beforeKill = await("more than 50,000 received by " + verify).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(verify::summary, summary -> summary != null && summary.received() > 50_000);
            verify.kill();
            assertThat(beforeKill.received()).as("killed part-way").isLessThan(total);
            Map<Integer, Long> committedAtKill = PoisonedFeed.committed(this.brokers, TOPIC);
            long committed = committedAtKill.values().stream().mapToLong(Long::longValue).sum();
            assertThat(committed).isPositive().isLessThan(total);

            verify.start();
            List<String> movedBack = new ArrayList<>();
            Summary summary = await("the whole topic counted by " + verify).atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        PoisonedFeed.committed(this.brokers, TOPIC).forEach((partition, offset) -> {
                            if (offset < committedAtKill.getOrDefault(partition, 0L)) {
                                movedBack.add(partition + "@" + offset);
                            }
                        });
                        return verify.summary();
                    }, s -> s != null && s.received() >= total && s.caughtUp());

            assertThat(summary.received()).isEqualTo(total);
            assertThat(summary.valid()).isEqualTo(calls.size()).isEqualTo(RealCalls.TOTAL);
            assertThat(summary.invalid()).isEqualTo(poison.size());
            assertThat(new TreeMap<>(summary.invalidByReason())).isEqualTo(byReason(poison));
            long distinct = calls.stream().map(Call::crimeId).distinct().count();
            assertThat(summary.distinctCrimeIds()).isEqualTo(distinct).isEqualTo(199_995);
            assertThat(summary.duplicates()).isEqualTo(calls.size() - distinct).isEqualTo(4);
            assertThat(summary.earliestEventTime())
                    .isEqualTo(calls.stream().map(Call::callDateTime).min(Comparator.naturalOrder()).orElseThrow())
                    .isEqualTo(LocalDateTime.of(2018, 10, 2, 9, 11));
            assertThat(summary.latestEventTime())
                    .isEqualTo(calls.stream().map(Call::callDateTime).max(Comparator.naturalOrder()).orElseThrow());
            assertThat(summary.rebuilding()).isFalse();

            // Each partition was counted from its log start. The restarted service checked exactly the records from
            // the offsets committed at the kill on, and only counted those before. (Its threads may join the group
            // one by one, a partition then moving once more between them, rebuilt again up to a later commit:
            // hence at least, not exactly, the committed records recounted, and a resume offset at least that.)
            Map<Integer, PartitionStatus> partitions = summary.partitions().stream()
                    .collect(Collectors.toMap(PartitionStatus::partition, Function.identity()));
            assertThat(partitions).containsOnlyKeys(0, 1, 2);
            partitions.forEach((number, partition) -> {
                assertThat(partition.startOffset()).isZero();
                assertThat(partition.resumeOffset()).isGreaterThanOrEqualTo(committedAtKill.getOrDefault(number, 0L));
                assertThat(partition.received()).isEqualTo(partition.endOffset());
            });
            assertThat(verify.metric("sfcrime_verify_events_total")).isEqualTo(total - committed);
            assertThat(verify.metric("sfcrime_verify_recounted_events_total")).isGreaterThanOrEqualTo(committed);
            assertThat(movedBack).as("the group's offsets never moved back while rebuilding").isEmpty();

            // Every poison record is on the DLT; only one the first life handled after its last commit may be twice.
            List<Position> deadLettered = PoisonedFeed.deadLettered(this.brokers, TOPIC + ".DLT");
            assertThat(deadLettered).containsAll(poison.keySet());
            assertThat(poison.keySet()).containsAll(deadLettered);
            Map<Position, Long> copies = deadLettered.stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            log.info("Killed at {} received (last summary), {} committed; after the restart {} recounted, {} checked; "
                    + "{} dead letters for {} poison records", beforeKill.received(), committed,
                    verify.metric("sfcrime_verify_recounted_events_total"),
                    verify.metric("sfcrime_verify_events_total"), deadLettered.size(), poison.size());
            copies.forEach((position, count) -> {
                if (position.offset() < committedAtKill.getOrDefault(position.partition(), 0L)) {
                    assertThat(count).as("dead letters of %s, committed before the kill", position).isOne();
                } else {
                    assertThat(count).as("dead letters of %s", position).isBetween(1L, 2L);
                }
            });
        }
    }

    static Map<String, Long> byReason(Map<Position, String> poison) {
        return poison.values().stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
    }
}
