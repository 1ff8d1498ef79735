package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.TestSettings;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.calls.CallFields;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.RealCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * The pure transformation on a static Dataset of the real file's records, against a
 * plain-Java computation, and on a memory stream of a few calls with event times chosen
 * to show the watermark at work.
 */
class CallsTransformationTest {

    private static final WindowSpec HOURLY = new WindowSpec(Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofHours(1));

    private static final StructType RECORD_SCHEMA = new StructType()
        .add(CallsTransformation.KEY, DataTypes.BinaryType, true)
        .add(CallsTransformation.VALUE, DataTypes.BinaryType, true);

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
            .config(SparkSessionLifecycle.conf(TestSettings.bind(Map.of("sfcrime.analytics.spark.master", "local[2]",
                    "sfcrime.analytics.spark.ui-port", "0", "sfcrime.analytics.query.shuffle-partitions", "4"))))
            .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /**
     * The real file as Kafka's source gives it (binary key = crime_id, binary value = the
     * record), with every kind of the test kit's poison among the calls: the windows hold
     * exactly the calls, and the observed malformed count is exactly the poison.
     */
    @Test
    void countsEveryCallOfTheRealFileWindowByWindowAndKeyByKeyAndEveryPoisonAsMalformed() {
        List<Call> calls = RealCalls.inFileOrder();
        List<Poison> poisons = Poison.every(calls.get(0));
        List<Row> records = new ArrayList<>(calls.size() + poisons.size());
        calls.forEach(call -> records.add(record(call)));
        poisons.forEach(poison -> records.add(RowFactory.create(poison.key(), poison.value())));
        Collections.shuffle(records, new Random(42));

        Dataset<Row> counts = CallsTransformation.countsOf(records(records), HOURLY, RadioCodes.bundled());
        List<WindowCount> rows = counts.collectAsList().stream().map(CallsTransformation::windowCount).toList();

        Row observed = counts.queryExecution().observedMetrics().get(CallsTransformation.INPUT_METRICS).get();
        assertThat(observed.getLong(0)).isEqualTo(calls.size() + poisons.size());
        assertThat(observed.getLong(1)).isEqualTo(poisons.size());
        ExpectedCounts expected = ExpectedCounts.hourly(calls);
        Map<AggregateKey, WindowCount> actual = rows.stream()
            .collect(Collectors.toMap(WindowCount::key, Function.identity()));
        assertThat(actual).hasSameSizeAs(rows).hasSize(expected.rows().size());
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected.rows());
        assertThat(rows.stream().mapToLong(WindowCount::count).sum()).isEqualTo(RealCalls.TOTAL);
        assertThat(rows).filteredOn(row -> !RadioCodes.bundled().contains(row.disposition()))
            .isNotEmpty()
            .allSatisfy(row -> assertThat(row.dispositionDescription()).isEqualTo(RadioCodes.UNKNOWN_DESCRIPTION));

        ResultStore store = new ResultStore();
        store.apply(store.prepare(rows, "static", 0));
        assertThat(store.callsPerWindow(TimeRange.ALL)).containsExactlyElementsOf(expected.perWindow());
        assertThat(store.top(TimeRange.ALL, 10)).containsExactlyElementsOf(expected.top(10));
    }

    @Test
    void slidingWindowsCountEachCallInEveryWindowThatHoldsIt() {
        List<Call> calls = RealCalls.inEventTimeOrder().subList(0, 20_000);

        Dataset<Row> records = records(calls.stream().map(CallsTransformationTest::record).toList());

        List<WindowCount> rows = CallsTransformation
            .countsOf(records, new WindowSpec(Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(1)),
                    RadioCodes.bundled())
            .collectAsList()
            .stream()
            .map(CallsTransformation::windowCount)
            .toList();

        Map<AggregateKey, Long> expected = new HashMap<>();
        for (Call call : calls) {
            LocalDateTime hour = call.callDateTime().truncatedTo(ChronoUnit.HOURS);
            for (LocalDateTime start : List.of(hour.minusHours(1), hour)) {
                expected.merge(new AggregateKey(start, start.plusHours(2), call.crimeType(), call.disposition()), 1L,
                        Long::sum);
            }
        }
        assertThat(rows.stream().collect(Collectors.toMap(WindowCount::key, WindowCount::count)))
            .containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void flagsExactlyWhatTheCallsRuleRejectsAndKeepsTheGoodCallsFields() {
        Call good = RealCalls.inFileOrder().get(0);
        List<Poison> poisons = Poison.every(good);
        List<Row> records = new ArrayList<>();
        poisons.forEach(poison -> records.add(RowFactory.create(poison.key(), poison.value())));
        records.add(record(good));

        List<Row> checked = CallsTransformation.check(records(records)).collectAsList();

        assertThat(checked).hasSize(poisons.size() + 1);
        for (int i = 0; i < poisons.size(); i++) {
            Row row = checked.get(i);
            assertThat(row.<Boolean>getAs(CallsTransformation.MALFORMED)).as(poisons.get(i).kind()).isTrue();
            assertThat(row.<Object>getAs(CallsTransformation.CRIME_TYPE)).isNull();
            assertThat(row.<Object>getAs(CallsTransformation.EVENT_TIME)).isNull();
        }
        Row call = checked.get(poisons.size());
        assertThat(call.<Boolean>getAs(CallsTransformation.MALFORMED)).isFalse();
        assertThat(call.<String>getAs(CallsTransformation.CRIME_TYPE)).isEqualTo(good.crimeType());
        assertThat(call.<String>getAs(CallsTransformation.DISPOSITION)).isEqualTo(good.disposition());
        assertThat(call.<Instant>getAs(CallsTransformation.EVENT_TIME)).as("the call's wall time as UTC")
            .isEqualTo(good.callDateTime().toInstant(ZoneOffset.UTC));
    }

    /**
     * The rule is a UDF returning a struct: the optimizer must not copy it into each
     * field it is read for.
     */
    @Test
    void theRuleRunsOncePerRecord() {
        Dataset<Row> counts = CallsTransformation.countsOf(records(List.of(record(RealCalls.inFileOrder().get(0)))),
                HOURLY, RadioCodes.bundled());

        String plan = counts.queryExecution().executedPlan().toString();

        assertThat(plan.split("call_rule\\(", -1)).as(plan).hasSize(2);
    }

    /**
     * The same function on a stream, batch by batch, over a few calls of 1 October 2018
     * whose times are chosen. The watermark in force for a batch is the latest event time
     * of the batches before, less one hour: a call is left out only when its window ended
     * by then, not merely when it is older than the watermark. A malformed record is
     * counted as such and counted nowhere else; a disposition without a radio code keeps
     * its call.
     */
    @Test
    void onAStreamTheWatermarkLeavesOutExactlyTheCallsOfWindowsItClosed(@TempDir Path checkpoint) throws Exception {
        MemoryStream<Tuple2<byte[], byte[]>> input = MemoryStream
            .apply(Encoders.tuple(Encoders.BINARY(), Encoders.BINARY()), spark.sqlContext());
        Map<Long, List<WindowCount>> output = new ConcurrentHashMap<>();
        StreamingQuery query = CallsTransformation
            .countsOf(input.toDF().toDF(CallsTransformation.KEY, CallsTransformation.VALUE), HOURLY,
                    RadioCodes.bundled())
            .writeStream()
            .outputMode("update")
            .option("checkpointLocation", checkpoint.toString())
            .foreachBatch(collectInto(output))
            .start();
        try {
            List<WindowCount> first = batch(query, input, output, call(1, "10:05", "HAN"), call(2, "10:30", "HAN"),
                    call(3, "10:40", "Not recorded"), new Tuple2<>(PlainProducer.bytes("4"), PlainProducer.bytes("{")));
            List<WindowCount> second = batch(query, input, output, call(5, "12:10", "HAN"));
            // Watermark now 11:10: 10:50 is in the closed 10-11 window; 11:05 is behind
            // the watermark too, but its
            // window 11-12 is open; 11:20 is late by 50 minutes, within the hour.
            List<WindowCount> third = batch(query, input, output, call(6, "10:50", "HAN"), call(7, "11:05", "HAN"),
                    call(8, "11:20", "HAN"));

            assertThat(first).containsExactlyInAnyOrder(count(10, "HAN", "Handled", 2),
                    count(10, "Not recorded", RadioCodes.UNKNOWN_DESCRIPTION, 1));
            assertThat(second).containsExactly(count(12, "HAN", "Handled", 1));
            assertThat(third).as("the 10:50 call left out, the 10-11 window unchanged")
                .containsExactly(count(11, "HAN", "Handled", 2));
            List<Row> observed = Arrays.stream(query.recentProgress())
                .filter(batch -> batch.numInputRows() > 0)
                .map(batch -> batch.observedMetrics().get(CallsTransformation.INPUT_METRICS))
                .toList();
            assertThat(observed).extracting(row -> row.getLong(0), row -> row.getLong(1))
                .containsExactly(tuple(4L, 1L), tuple(1L, 0L), tuple(3L, 0L));
        }
        finally {
            query.stop();
        }
    }

    /**
     * Spark's UI runs Jersey 2 on javax.servlet, which Boot's own dependency versions
     * would break.
     */
    @Test
    void sparkUiServesItsPagesInsideThisClasspath() throws Exception {
        String url = spark.sparkContext().uiWebUrl().get();

        HttpResponse<String> jobs = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url + "/api/v1/applications")).build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.body()).contains(spark.sparkContext().applicationId());
    }

    /**
     * Adds the records and answers what the sink received for them, once Spark has
     * processed them all.
     */
    @SafeVarargs
    private static List<WindowCount> batch(StreamingQuery query, MemoryStream<Tuple2<byte[], byte[]>> input,
            Map<Long, List<WindowCount>> output, Tuple2<byte[], byte[]>... records) {
        int before = output.size();
        input.addData(JavaConverters.asScalaIterator(List.of(records).iterator()));
        query.processAllAvailable();
        return output.entrySet()
            .stream()
            .filter(entry -> entry.getKey() >= before)
            .flatMap(entry -> entry.getValue().stream())
            .toList();
    }

    /**
     * Each batch's rows by batch id; the function runs on the driver, so it writes
     * straight into the map.
     */
    private static VoidFunction2<Dataset<Row>, Long> collectInto(Map<Long, List<WindowCount>> output) {
        return (batch, id) -> output.put(id,
                batch.collectAsList().stream().map(CallsTransformation::windowCount).toList());
    }

    /**
     * A valid call of crime type "Theft" at {@code time} on 1 October 2018, keyed by its
     * crime id.
     */
    private static Tuple2<byte[], byte[]> call(int id, String time, String disposition) throws Exception {
        String crimeId = String.format("%09d", id);
        ObjectNode call = (ObjectNode) MAPPER.readTree(RealCalls.inFileOrder().get(0).json());
        call.put(CallFields.CRIME_ID, crimeId)
            .put(CallFields.ORIGINAL_CRIME_TYPE_NAME, "Theft")
            .put(CallFields.CALL_DATE_TIME, "2018-10-01T" + time + ":00.000")
            .put(CallFields.DISPOSITION, disposition);
        return new Tuple2<>(PlainProducer.bytes(crimeId), PlainProducer.bytes(MAPPER.writeValueAsString(call)));
    }

    private static WindowCount count(int hour, String disposition, String description, long count) {
        LocalDateTime start = LocalDateTime.of(2018, 10, 1, hour, 0);
        return new WindowCount(start, start.plusHours(1), "Theft", disposition, description, count);
    }

    private static Row record(Call call) {
        return RowFactory.create(PlainProducer.bytes(call.crimeId()), PlainProducer.bytes(call.json()));
    }

    /** (key, value) binary rows, like Kafka's source. */
    private static Dataset<Row> records(List<Row> rows) {
        // Through an RDD: over a local relation the optimizer would check every record on
        // the driver, interpreted.
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4),
                RECORD_SCHEMA);
    }

}
