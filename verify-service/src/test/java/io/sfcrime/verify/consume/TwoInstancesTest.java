package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.consume.PoisonedFeed.Position;
import io.sfcrime.verify.tally.PartitionStatus;
import io.sfcrime.verify.tally.Summary;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Two instances of verify-service in child JVMs, one listener thread each, in one group: the first reads the whole
 * topic; when the second joins, one partition moves to it, leaves the first's summary and is rebuilt by the second;
 * together they cover every partition once and add up to the figures of the whole topic, also for records sent
 * after the split; when the second stops, the first gets the partition back and rebuilds it.
 */
class TwoInstancesTest {

    static final String TOPIC = "verify-two-instances";

    private static final int POISON_EVERY = 20_000;

    private final String brokers = System.getProperty("spring.embedded.kafka.brokers");

    @Test
    void togetherTheirSummariesCoverEveryPartitionOnceAndAddUpToTheWholeTopic() throws Exception {
        List<Call> calls = RealCalls.inFileOrder();
        PoisonedFeed.createTopic(this.brokers, TOPIC, 3);
        Map<Position, String> poison = new LinkedHashMap<>(PoisonedFeed.send(this.brokers, TOPIC, calls,
                POISON_EVERY));

        try (VerifyProcess first = new VerifyProcess("verify-first", TOPIC, TOPIC, "--sfcrime.verify.concurrency=1");
                VerifyProcess second = new VerifyProcess("verify-second", TOPIC, TOPIC,
                        "--sfcrime.verify.concurrency=1")) {
            first.start();
            Summary alone = awaitCoverage(List.of(first), calls.size() + poison.size()).get(0);
            assertTheWholeTopic(List.of(alone), calls, poison);

            second.start();
            List<Summary> split = awaitCoverage(List.of(first, second), calls.size() + poison.size());
            assertThat(split.get(0).partitions()).hasSize(2);
            assertThat(split.get(1).partitions()).hasSize(1);
            assertTheWholeTopic(split, calls, poison);
            Map<Integer, Long> ends = TopicContents.endOffsets(this.brokers, TOPIC);
            PartitionStatus moved = split.get(1).partitions().get(0);
            assertThat(moved.startOffset()).isZero();
            assertThat(moved.resumeOffset()).as("what the first instance had committed")
                    .isEqualTo(ends.get(moved.partition()));
            assertThat(second.metric("sfcrime_verify_recounted_events_total")).isEqualTo(split.get(1).received());
            assertThat(second.metric("sfcrime_verify_events_total")).isZero();

            // Records after the split: each instance checks those of its own partitions.
            try (PlainProducer producer = new PlainProducer(this.brokers)) {
                for (int partition = 0; partition < 3; partition++) {
                    RecordMetadata sent = producer.send(TOPIC, partition, null,
                            PlainProducer.bytes("not json after the split"));
                    poison.put(new Position(sent.partition(), sent.offset()), "not-json");
                }
            }
            split = awaitCoverage(List.of(first, second), calls.size() + poison.size());
            assertTheWholeTopic(split, calls, poison);
            assertThat(first.metric("sfcrime_verify_events_total") + second.metric("sfcrime_verify_events_total"))
                    .isEqualTo(calls.size() + poison.size());
            List<Position> deadLettered = PoisonedFeed.deadLettered(this.brokers, TOPIC + ".DLT");
            assertThat(deadLettered).as("each poison record dead-lettered once, none again by the rebuild")
                    .containsExactlyInAnyOrderElementsOf(poison.keySet());

            second.stop();
            Summary back = awaitCoverage(List.of(first), calls.size() + poison.size()).get(0);
            assertTheWholeTopic(List.of(back), calls, poison);
            assertThat(back.partitions()).filteredOn(p -> p.partition() == moved.partition()).singleElement()
                    .satisfies(p -> assertThat(p.assignedAt()).isAfter(alone.partitions().get(0).assignedAt()));
        }
    }

    /**
     * Waits until the instances' summaries together cover partitions 0, 1 and 2, each once, with every instance
     * caught up and the given number of events received in all; answers those summaries.
     */
    private static List<Summary> awaitCoverage(List<VerifyProcess> instances, long received) {
        return await("partitions 0-2 covered once by " + instances).atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> instances.stream().map(VerifyProcess::summary).toList(), summaries -> summaries.stream()
                        .allMatch(summary -> summary != null && summary.caughtUp())
                        && summaries.stream().flatMap(summary -> summary.partitions().stream())
                                .map(PartitionStatus::partition).sorted().toList().equals(List.of(0, 1, 2))
                        && summaries.stream().mapToLong(Summary::received).sum() == received);
    }

    private void assertTheWholeTopic(List<Summary> summaries, List<Call> calls, Map<Position, String> poison) {
        long distinct = calls.stream().map(Call::crimeId).distinct().count();
        assertThat(sum(summaries, Summary::received)).isEqualTo(calls.size() + poison.size());
        assertThat(sum(summaries, Summary::valid)).isEqualTo(RealCalls.TOTAL);
        assertThat(sum(summaries, Summary::invalid)).isEqualTo(poison.size());
        assertThat(sum(summaries, Summary::distinctCrimeIds)).isEqualTo(distinct).isEqualTo(199_995);
        assertThat(sum(summaries, Summary::duplicates)).isEqualTo(4);
        Map<String, Long> byReason = new TreeMap<>();
        summaries.forEach(summary -> summary.invalidByReason().forEach((reason, n) -> byReason.merge(reason, n,
                Long::sum)));
        assertThat(byReason).isEqualTo(RestartTest.byReason(poison));
        assertThat(summaries.stream().map(Summary::earliestEventTime).min(Comparator.naturalOrder()).orElseThrow())
                .isEqualTo(LocalDateTime.of(2018, 10, 2, 9, 11))
                .isEqualTo(calls.stream().map(Call::callDateTime).min(Comparator.naturalOrder()).orElseThrow());
        assertThat(summaries.stream().map(Summary::latestEventTime).max(Comparator.naturalOrder()).orElseThrow())
                .isEqualTo(calls.stream().map(Call::callDateTime).max(Comparator.naturalOrder()).orElseThrow());

        // Each partition's count covers it from its log start to its end, as a plain consumer sees the topic.
        Map<Integer, Long> ends = TopicContents.endOffsets(this.brokers, TOPIC);
        Map<Integer, Long> received = new HashMap<>();
        summaries.stream().flatMap(summary -> summary.partitions().stream())
                .forEach(partition -> {
                    assertThat(partition.startOffset()).isZero();
                    assertThat(partition.rebuilding()).isFalse();
                    received.put(partition.partition(), partition.received());
                });
        assertThat(received).isEqualTo(ends);
    }

    private static long sum(List<Summary> summaries, ToLongFunction<Summary> figure) {
        return summaries.stream().mapToLong(figure).sum();
    }
}
