package io.sfcrime.analytics.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.TestSettings;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pure transformation on a static Dataset of the real file, against a plain-Java computation. */
class CallsTransformationTest {

    private static final WindowSpec HOURLY = new WindowSpec(Duration.ofHours(1), Duration.ofHours(1),
            Duration.ofHours(1));

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

    @Test
    void countsEveryCallOfTheRealFileWindowByWindowAndKeyByKey() {
        List<Call> calls = RealCalls.inFileOrder();
        Dataset<Row> parsed = CallsTransformation.parse(values(calls.stream().map(Call::json).toList())).cache();
        assertThat(parsed.filter(col(CallsTransformation.MALFORMED)).count()).isZero();

        List<WindowCount> rows = windowCounts(parsed, HOURLY);

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
        Dataset<Row> parsed = CallsTransformation.parse(values(calls.stream().map(Call::json).toList()));

        List<WindowCount> rows = windowCounts(parsed,
                new WindowSpec(Duration.ofHours(2), Duration.ofHours(1), Duration.ofHours(1)));

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
    void flagsValuesThatDoNotParseAndKeepTheGoodOne() {
        String good = RealCalls.inFileOrder().get(0).json();
        List<String> values = Arrays.asList("not json", "{}", null,
                "{\"original_crime_type_name\":\"Theft\",\"disposition\":\"ARR\",\"call_date_time\":\"yesterday\"}",
                "{\"original_crime_type_name\":\"Theft\",\"call_date_time\":\"2018-12-31T23:57:00.000\"}",
                "[1,2,3]", good);

        List<Row> flagged = CallsTransformation.parse(values(values)).collectAsList();

        assertThat(flagged).extracting(row -> row.<Boolean>getAs(CallsTransformation.MALFORMED))
                .containsExactly(true, true, true, true, true, true, false);
        assertThat(flagged.get(6).<String>getAs(CallsTransformation.CRIME_TYPE)).isEqualTo("Traffic Stop");
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

    private static List<WindowCount> windowCounts(Dataset<Row> parsed, WindowSpec spec) {
        return CallsTransformation.windowedCounts(parsed.filter(not(col(CallsTransformation.MALFORMED))), spec,
                RadioCodes.bundled()).collectAsList().stream().map(BatchWriter::windowCount).toList();
    }

    private static Dataset<Row> values(List<String> json) {
        // Through an RDD: over a local relation the optimizer would parse every value on the driver, interpreted.
        return spark.createDataset(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(json, 4).rdd(),
                Encoders.STRING()).toDF("value");
    }
}
