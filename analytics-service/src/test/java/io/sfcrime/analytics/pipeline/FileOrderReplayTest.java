package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.Replays;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.analytics.SparkServiceTest;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.calls.CallFields;
import io.sfcrime.testkit.PrometheusText;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The real file replayed in its own order, newest first, in micro-batches of at most
 * 40,000 records: the watermark makes most calls late. The service must count every one
 * of them, not lose them silently, and its figure must equal a row-by-row replay of
 * Spark's rule over the batches Spark reported.
 */
@SparkServiceTest
@TestPropertySource(properties = { "sfcrime.analytics.source.topic=" + FileOrderReplayTest.CALLS,
        "sfcrime.analytics.source.max-offsets-per-trigger=40000", "sfcrime.analytics.sink.topic=aggregates.file-order",
        "sfcrime.analytics.data-dir=target/test-data/file-order-replay-${random.uuid}" })
class FileOrderReplayTest {

    static final String CALLS = "calls.file-order";

    private static final TypeReference<Map<String, Map<String, Long>>> OFFSETS = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper();

    @Autowired
    QueryStatus status;

    @Autowired
    QuerySupervisor supervisor;

    @Autowired
    ResultStore store;

    @Autowired
    TestRestTemplate rest;

    @BeforeAll
    static void replay() {
        Replays.replay(CALLS, RealCalls.inFileOrder());
    }

    @Test
    void lateCallsAreCountedAndEqualAReplayOfTheWatermarkRule() throws Exception {
        await().atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> this.status.totals().inputRows() == RealCalls.TOTAL && this.status.latest() != null
                    && this.status.latest().offsetLag().getOrDefault(CALLS, -1L) == 0);

        long late = this.status.totals().lateRows();
        assertThat(late).isPositive();
        assertThat(this.store.totalCount() + late).isEqualTo(RealCalls.TOTAL);
        assertThat(this.status.totals().malformedRows()).isZero();

        Map<AggregateKey, WindowCount> expected = ExpectedCounts.hourly(RealCalls.inFileOrder()).rows();
        assertThat(this.store.windows(TimeRange.ALL, null, null, Integer.MAX_VALUE))
            .allSatisfy(row -> assertThat(row.count()).isLessThanOrEqualTo(expected.get(row.key()).count()));

        StreamingQueryProgress[] batches = this.supervisor.query().recentProgress();
        assertThat(batches[0].batchId()).isZero();
        long sparkDropped = Arrays.stream(batches)
            .flatMap(p -> Arrays.stream(p.stateOperators()))
            .mapToLong(StateOperatorProgress::numRowsDroppedByWatermark)
            .sum();
        assertThat(sparkDropped).as("Spark's own figure counts partial aggregates").isLessThan(late);

        long replayed = lateByReplay(batches, true);
        assertThat(late)
            .as("late by replay with the previous batch's watermark %d, with the batch's own %d", replayed,
                    lateByReplay(batches, false))
            .isEqualTo(replayed);

        RestResults rest = new RestResults(this.rest);
        assertThat(rest.progress().at("/totals/lateRows").asLong()).isEqualTo(late);
        PrometheusText metrics = rest.metrics();
        assertThat(metrics.value("sfcrime_spark_late_rows_total")).isEqualTo(late);
        assertThat(metrics.value("sfcrime_spark_watermark_dropped_rows_total")).isEqualTo(sparkDropped);
    }

    /**
     * Calls whose hour window had ended by the watermark in force for their batch, taking
     * each batch's records from the offsets Spark reported and each record's time from
     * the topic itself.
     */
    private long lateByReplay(StreamingQueryProgress[] batches, boolean previousWatermark) throws Exception {
        List<ConsumerRecord<String, String>> records = TopicContents.readAll(Replays.brokers(), CALLS);
        long late = 0;
        long watermarkBefore = 0;
        for (StreamingQueryProgress batch : batches) {
            long own = watermark(batch);
            long inForce = previousWatermark ? watermarkBefore : own;
            Map<String, Long> start = offsets(batch.sources()[0].startOffset());
            Map<String, Long> end = offsets(batch.sources()[0].endOffset());
            for (ConsumerRecord<String, String> record : records) {
                String partition = Integer.toString(record.partition());
                if (record.offset() >= start.getOrDefault(partition, 0L) && record.offset() < end.get(partition)) {
                    LocalDateTime time = LocalDateTime
                        .parse(this.mapper.readTree(record.value()).get(CallFields.CALL_DATE_TIME).asText());
                    long windowEnd = time.truncatedTo(ChronoUnit.HOURS)
                        .plusHours(1)
                        .toInstant(ZoneOffset.UTC)
                        .toEpochMilli();
                    if (windowEnd <= inForce) {
                        late++;
                    }
                }
            }
            watermarkBefore = own;
        }
        return late;
    }

    private static long watermark(StreamingQueryProgress batch) {
        String watermark = batch.eventTime().get("watermark");
        return watermark == null ? 0 : Instant.parse(watermark).toEpochMilli();
    }

    private Map<String, Long> offsets(String json) throws Exception {
        if (json == null) {
            return Map.of();
        }
        return this.mapper.readValue(json, OFFSETS).getOrDefault(CALLS, Map.of());
    }

}
