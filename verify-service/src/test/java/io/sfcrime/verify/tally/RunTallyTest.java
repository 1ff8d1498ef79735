package io.sfcrime.verify.tally;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.calls.Reason;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.verify.VerifyProperties;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The per-partition tally fed directly, as the listener feeds it: a count rebuilt after a
 * restart equals the count of a tally that never stopped, a revoked partition leaves the
 * summary, ids are distinct across partitions.
 */
class RunTallyTest {

    private static final int PARTITIONS = 3;

    private static final CallVerdict POISON = new CallVerdict.Invalid(Reason.NOT_JSON, "x");

    private final Object consumer = new Object();

    @Test
    void aCountRebuiltAfterARestartEqualsTheCountOfATallyThatNeverStopped() {
        List<List<CallVerdict>> log = realCallsWithPoisonOnThreePartitions();
        List<Call> calls = RealCalls.inFileOrder();

        RunTally neverStopped = tally(new SimpleMeterRegistry());
        assignFromScratch(neverStopped, log);
        recordAll(neverStopped, log);

        // The first life read part of each partition and the group committed a little
        // less than it read: the
        // restarted tally counts up to the committed offsets again, then goes on as the
        // listener would.
        long[] committed = { log.get(0).size() / 3, 0, log.get(2).size() - 1 };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunTally restarted = tally(registry);
        for (int p = 0; p < PARTITIONS; p++) {
            restarted.assigned(this.consumer, p, 0, committed[p], log.get(p).size());
            assertThat(restarted.summary().partitions().get(p).rebuilding()).isEqualTo(committed[p] > 0);
        }
        assertThat(restarted.summary().rebuilding()).isTrue();
        recordAll(restarted, log);

        Summary expected = neverStopped.summary();
        Summary actual = restarted.summary();
        assertThat(actual).usingRecursiveComparison().ignoringFields("runStartedAt", "partitions").isEqualTo(expected);
        assertThat(actual.received()).isEqualTo(calls.size() + 20);
        assertThat(actual.valid()).isEqualTo(calls.size());
        assertThat(actual.invalidByReason()).isEqualTo(Map.of("not-json", 20L));
        assertThat(actual.distinctCrimeIds()).isEqualTo(calls.stream().map(Call::crimeId).distinct().count());
        assertThat(actual.duplicates()).isEqualTo(calls.size() - actual.distinctCrimeIds()).isEqualTo(4);
        assertThat(actual.earliestEventTime())
            .isEqualTo(calls.stream().map(Call::callDateTime).min(Comparator.naturalOrder()).orElseThrow());
        assertThat(actual.latestEventTime())
            .isEqualTo(calls.stream().map(Call::callDateTime).max(Comparator.naturalOrder()).orElseThrow());
        assertThat(actual.caughtUp()).isTrue();
        assertThat(actual.rebuilding()).isFalse();
        assertThat(actual.partitions()).extracting(PartitionStatus::resumeOffset)
            .containsExactly(committed[0], committed[1], committed[2]);
        assertThat(actual.partitions()).extracting(PartitionStatus::received)
            .containsExactly((long) log.get(0).size(), (long) log.get(1).size(), (long) log.get(2).size());

        long recounted = committed[0] + committed[1] + committed[2];
        assertThat(registry.get("sfcrime.verify.recounted.events").counter().count()).isEqualTo(recounted);
        double checked = registry.get("sfcrime.verify.events").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(checked).isEqualTo(actual.received() - recounted);
    }

    @Test
    void aRecordBelowTheCommittedOffsetIsRecountedAndOnlyCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunTally tally = tally(registry);
        tally.assigned(this.consumer, 0, 5, 7, 9);
        assertThat(tally.recounting(record(0, 6))).isTrue();
        assertThat(tally.recounting(record(0, 7))).isFalse();
        count(tally, record(0, 5), POISON, 9);
        count(tally, record(0, 6), valid(1, 0), 9);
        assertThat(tally.summary().rebuilding()).isFalse();
        count(tally, record(0, 7), POISON, 9);
        count(tally, record(0, 8), valid(1, 1), 9);

        Summary summary = tally.summary();
        assertThat(summary.received()).isEqualTo(4);
        assertThat(summary.invalidByReason()).isEqualTo(Map.of("not-json", 2L));
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.partitions()).singleElement().satisfies(status -> {
            assertThat(status.startOffset()).isEqualTo(5);
            assertThat(status.resumeOffset()).isEqualTo(7);
            assertThat(status.offset()).isEqualTo(8);
            assertThat(status.lag()).isZero();
            assertThat(status.received()).isEqualTo(4);
        });
        assertThat(registry.get("sfcrime.verify.recounted.events").counter().count()).isEqualTo(2);
        assertThat(registry.get("sfcrime.verify.events").tag("reason", "not-json").counter().count()).isEqualTo(1);
        assertThat(registry.get("sfcrime.verify.events").tag("result", "valid").counter().count()).isEqualTo(1);
        assertThat(registry.get("sfcrime.verify.duplicates").counter().count()).isEqualTo(1);
    }

    @Test
    void aRevokedPartitionLeavesTheSummaryAndOneAssignedAgainStartsFromItsLogStart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunTally tally = tally(registry);
        tally.assigned(this.consumer, 0, 0, 0, 2);
        tally.assigned(this.consumer, 1, 0, 0, 1);
        count(tally, record(0, 0), valid(10, 0), 2);
        count(tally, record(0, 1), valid(11, 1), 2);
        count(tally, record(1, 0), valid(20, 2), 1);
        assertThat(tally.summary().received()).isEqualTo(3);
        assertThat(registry.get("sfcrime.verify.lag").gauges()).hasSize(2);

        tally.revoked(this.consumer, 1);
        Summary afterRevoke = tally.summary();
        assertThat(afterRevoke.partitions()).extracting(PartitionStatus::partition).containsExactly(0);
        assertThat(afterRevoke.received()).isEqualTo(2);
        assertThat(afterRevoke.distinctCrimeIds()).isEqualTo(2);
        assertThat(afterRevoke.latestEventTime()).isEqualTo(LocalDateTime.of(2018, 10, 2, 9, 1));
        assertThat(registry.get("sfcrime.verify.lag").gauges()).singleElement()
            .satisfies(gauge -> assertThat(gauge.getId().getTag("partition")).isEqualTo("0"));

        tally.assigned(this.consumer, 1, 0, 1, 1);
        PartitionStatus reassigned = tally.summary().partitions().get(1);
        assertThat(reassigned.received()).isZero();
        assertThat(reassigned.offset()).isNull();
        assertThat(reassigned.lag()).isEqualTo(1);
        assertThat(reassigned.rebuilding()).isTrue();
        assertThat(tally.summary().caughtUp()).isFalse();
        count(tally, record(1, 0), valid(20, 2), 1);
        assertThat(tally.summary().received()).isEqualTo(3);
        assertThat(tally.summary().caughtUp()).isTrue();
    }

    @Test
    void aLateRevocationByAnEarlierOwnerKeepsTheNewOwnersCount() {
        RunTally tally = tally(new SimpleMeterRegistry());
        Object earlier = new Object();
        tally.assigned(earlier, 0, 0, 0, 1);
        tally.assigned(this.consumer, 0, 0, 0, 1);
        count(tally, record(0, 0), valid(1, 0), 1);
        tally.revoked(earlier, 0);
        assertThat(tally.summary().partitions()).singleElement()
            .satisfies(status -> assertThat(status.received()).isEqualTo(1));
        tally.revoked(this.consumer, 0);
        assertThat(tally.summary().partitions()).isEmpty();
        assertThat(tally.summary().caughtUp()).isFalse();
    }

    @Test
    void anIdOnTwoPartitionsIsOneDistinctIdAndOneDuplicate() {
        RunTally tally = tally(new SimpleMeterRegistry());
        tally.assigned(this.consumer, 0, 0, 0, 2);
        tally.assigned(this.consumer, 1, 0, 0, 1);
        count(tally, record(0, 0), valid(183_000_001L, 0), 2);
        count(tally, record(0, 1), valid(183_000_002L, 0), 2);
        count(tally, record(1, 0), valid(183_000_001L, 0), 1);
        Summary summary = tally.summary();
        assertThat(summary.valid()).isEqualTo(3);
        assertThat(summary.distinctCrimeIds()).isEqualTo(2);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.crimeIdSetBytes()).isEqualTo(2 * 8_192);
    }

    @Test
    void resetStartsEachPartitionsCountAtTheNextOffsetAndKeepsTheRebuildBound() {
        RunTally tally = tally(new SimpleMeterRegistry());
        tally.assigned(this.consumer, 0, 0, 3, 10);
        tally.assigned(this.consumer, 1, 4, 4, 4);
        for (int offset = 0; offset < 2; offset++) {
            count(tally, record(0, offset), valid(offset, offset), 10);
        }
        Summary ended = tally.reset();
        assertThat(ended.received()).isEqualTo(2);
        Summary summary = tally.summary();
        assertThat(summary.received()).isZero();
        assertThat(summary.partitions()).extracting(PartitionStatus::startOffset).containsExactly(2L, 4L);
        assertThat(summary.partitions()).extracting(PartitionStatus::offset).containsExactly(1L, null);
        assertThat(summary.partitions()).extracting(PartitionStatus::resumeOffset).containsExactly(3L, 4L);
        assertThat(tally.recounting(record(0, 2))).isTrue();
        assertThat(summary.runStartedAt()).isAfterOrEqualTo(ended.runStartedAt());
    }

    private static RunTally tally(MeterRegistry registry) {
        return new RunTally(new VerifyProperties("t", "g", PARTITIONS, PARTITIONS, new VerifyProperties.Dlt("", 1),
                new VerifyProperties.Recent(10)), new VerifyMetrics(registry));
    }

    /**
     * Counts a verdict of the rule as the listener does: a valid call, or a rejection of
     * its reason.
     */
    private static void count(RunTally tally, ConsumerRecord<byte[], byte[]> record, CallVerdict verdict, long end) {
        if (verdict instanceof CallVerdict.Invalid invalid) {
            tally.rejected(record, Rejection.of(invalid), end);
        }
        else {
            tally.valid(record, (CallVerdict.Valid) verdict, end);
        }
    }

    /**
     * The real calls split by an arbitrary rule of this test (not Kafka's partitioner), a
     * poison every 10,000.
     */
    private static List<List<CallVerdict>> realCallsWithPoisonOnThreePartitions() {
        List<List<CallVerdict>> partitions = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Call> calls = RealCalls.inFileOrder();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            long id = Long.parseLong(call.crimeId());
            partitions.get((int) (id % PARTITIONS))
                .add(new CallVerdict.Valid(call.crimeId(), call.callDateTime(), List.of()));
            if (i % 10_000 == 0) {
                partitions.get(i / 10_000 % PARTITIONS).add(POISON);
            }
        }
        return partitions;
    }

    private void assignFromScratch(RunTally tally, List<List<CallVerdict>> log) {
        for (int p = 0; p < PARTITIONS; p++) {
            tally.assigned(this.consumer, p, 0, 0, log.get(p).size());
        }
    }

    private static void recordAll(RunTally tally, List<List<CallVerdict>> log) {
        for (int p = 0; p < PARTITIONS; p++) {
            List<CallVerdict> partition = log.get(p);
            for (int offset = 0; offset < partition.size(); offset++) {
                count(tally, record(p, offset), partition.get(offset), partition.size());
            }
        }
    }

    private static CallVerdict valid(long crimeId, int minute) {
        return new CallVerdict.Valid("%09d".formatted(crimeId), LocalDateTime.of(2018, 10, 2, 9, minute), List.of());
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset) {
        return new ConsumerRecord<>("t", partition, offset, PlainProducer.bytes("k"), PlainProducer.bytes("{}"));
    }

}
