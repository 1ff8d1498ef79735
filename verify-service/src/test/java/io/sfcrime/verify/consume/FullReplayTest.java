package io.sfcrime.verify.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import io.sfcrime.verify.tally.PartitionStatus;
import io.sfcrime.verify.tally.RecentEvent;
import io.sfcrime.verify.tally.Summary;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The whole real file through a real broker: the summary must match an independent
 * reading of the file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
                "sfcrime.verify.topic=" + FullReplayTest.TOPIC, "sfcrime.verify.group-id=verify-full-replay" })
class FullReplayTest {

    static final String TOPIC = "verify-full-replay";

    @Value("${spring.embedded.kafka.brokers}")
    private String brokers;

    @Autowired
    private TestRestTemplate rest;

    @Autowired
    private MeterRegistry registry;

    @Test
    void aFullReplayOfTheRealFileIsAllValidWithItsFourDuplicates() {
        List<Call> calls = RealCalls.inFileOrder();
        long distinct = calls.stream().map(Call::crimeId).distinct().count();
        long exactDuplicates = calls.size() - calls.stream().map(Call::json).distinct().count();
        LocalDateTime earliest = calls.stream().map(Call::callDateTime).min(Comparator.naturalOrder()).orElseThrow();
        LocalDateTime latest = calls.stream().map(Call::callDateTime).max(Comparator.naturalOrder()).orElseThrow();

        try (PlainProducer producer = new PlainProducer(this.brokers)) {
            assertThat(producer.sendCalls(TOPIC, calls)).isEqualTo(calls.size());
        }

        Summary summary = await().atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .until(this::summary, s -> s.received() == calls.size() && s.caughtUp());

        assertThat(summary.valid()).isEqualTo(calls.size());
        assertThat(summary.invalid()).isZero();
        assertThat(summary.invalidByReason()).isEmpty();
        assertThat(summary.duplicates()).isEqualTo(calls.size() - distinct).isEqualTo(exactDuplicates);
        assertThat(summary.distinctCrimeIds()).isEqualTo(distinct);
        assertThat(summary.earliestEventTime()).isEqualTo(earliest);
        assertThat(summary.latestEventTime()).isEqualTo(latest);
        assertThat(summary.partitions()).extracting(PartitionStatus::partition).containsExactly(0, 1, 2);
        assertThat(summary.partitions().stream().mapToLong(p -> p.offset() + 1).sum()).isEqualTo(calls.size());
        assertThat(summary.partitions()).allSatisfy(p -> {
            assertThat(p.startOffset()).isZero();
            assertThat(p.received()).isEqualTo(p.endOffset());
            assertThat(p.rebuilding()).isFalse();
        });
        assertThat(summary.rebuilding()).isFalse();

        // The figures the issue states, literally.
        assertThat(calls).hasSize(199_999);
        assertThat(summary.valid()).isEqualTo(199_999);
        assertThat(summary.duplicates()).isEqualTo(4);
        assertThat(summary.distinctCrimeIds()).isEqualTo(199_995);
        assertThat(summary.earliestEventTime()).isEqualTo(LocalDateTime.of(2018, 10, 2, 9, 11));
        assertThat(summary.latestEventTime()).isEqualTo(LocalDateTime.of(2018, 12, 31, 23, 57));

        assertThat(this.registry.get("sfcrime.verify.events").tag("result", "valid").counter().count())
            .isEqualTo(199_999);
        assertThat(this.registry.get("sfcrime.verify.events").tag("result", "invalid").counters())
            .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(this.registry.get("sfcrime.verify.duplicates").counter().count()).isEqualTo(4);
        // The listener threads join the group one by one when the machine is busy: a
        // partition the first thread was
        // given moves to a later one, which rebuilds its count up to where the first had
        // committed.
        assertThat(this.registry.get("sfcrime.verify.recounted.events").counter().count())
            .isEqualTo(summary.partitions().stream().mapToLong(PartitionStatus::resumeOffset).sum());
        assertThat(this.registry.get("sfcrime.verify.lag").gauges()).hasSize(3)
            .allSatisfy(gauge -> assertThat(gauge.value()).isZero());
        assertThat(TopicContents.count(this.brokers, TOPIC + ".DLT")).isZero();
        assertRecentAreTheLastOfEachPartition(calls);
    }

    private void assertRecentAreTheLastOfEachPartition(List<Call> calls) {
        RecentEvent[] recent = this.rest.getForObject("/api/verify/recent?limit=1000", RecentEvent[].class);
        assertThat(recent).hasSize(1000).allSatisfy(event -> assertThat(event.result()).isEqualTo("valid"));
        Map<String, Call> byJson = calls.stream()
            .collect(Collectors.toMap(Call::json, Function.identity(), (first, second) -> first));
        assertThat(recent).allSatisfy(event -> assertThat(byJson.get(event.value()).crimeId()).isEqualTo(event.key()));
    }

    private Summary summary() {
        return this.rest.getForObject("/api/verify/summary", Summary.class);
    }

}
