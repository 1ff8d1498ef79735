package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.TestSettings;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.Poison;
import io.sfcrime.testkit.RealCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pure transformation on a static Dataset of the real file's records, against a plain-Java computation. */
class CallsTransformationTest {

    private static final WindowSpec HOURLY = new WindowSpec(Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofHours(1));

    private static final StructType RECORD_SCHEMA = new StructType()
            .add(CallsTransformation.KEY, DataTypes.BinaryType, true)
            .add(CallsTransformation.VALUE, DataTypes.BinaryType, true);

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().config(SparkSessionLifecycle.conf(TestSettings.bind(Map.of(
                "sfcrime.analytics.spark.master", "local[2]", "sfcrime.analytics.spark.ui-port", "0",
                "sfcrime.analytics.query.shuffle-partitions", "4")))).getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /**
     * The real file as Kafka's source gives it (binary key = crime_id, binary value = the record), with every kind of
     * the test kit's poison among the calls: the windows hold exactly the calls, and the observed malformed count is
     * exactly the poison.
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
        List<WindowCount> rows = counts.collectAsList().stream().map(BatchWriter::windowCount).toList();

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

        List<WindowCount> rows = CallsTransformation.countsOf(records,
                new WindowSpec(Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(1)), RadioCodes.bundled())
                .collectAsList().stream().map(BatchWriter::windowCount).toList();

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
        assertThat(call.<Instant>getAs(CallsTransformation.EVENT_TIME))
                .as("the call's wall time as UTC").isEqualTo(good.callDateTime().toInstant(ZoneOffset.UTC));
    }

    /** The rule is a UDF returning a struct: the optimizer must not copy it into each field it is read for. */
    @Test
    void theRuleRunsOncePerRecord() {
        Dataset<Row> counts = CallsTransformation.countsOf(records(List.of(record(RealCalls.inFileOrder().get(0)))),
                HOURLY, RadioCodes.bundled());

        String plan = counts.queryExecution().executedPlan().toString();

        assertThat(plan.split("call_rule\\(", -1)).as(plan).hasSize(2);
    }

    /** Spark's UI runs Jersey 2 on javax.servlet, which Boot's own dependency versions would break. */
    @Test
    void sparkUiServesItsPagesInsideThisClasspath() throws Exception {
        String url = spark.sparkContext().uiWebUrl().get();

        HttpResponse<String> jobs = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/api/v1/applications")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.body()).contains(spark.sparkContext().applicationId());
    }

    private static Row record(Call call) {
        return RowFactory.create(PlainProducer.bytes(call.crimeId()), PlainProducer.bytes(call.json()));
    }

    /** (key, value) binary rows, like Kafka's source. */
    private static Dataset<Row> records(List<Row> rows) {
        // Through an RDD: over a local relation the optimizer would check every record on the driver, interpreted.
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4),
                RECORD_SCHEMA);
    }
}
