package io.sfcrime.analytics.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.sfcrime.analytics.TestSettings;
import io.sfcrime.calls.CallFields;
import io.sfcrime.calls.CallRule;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not part of the normal test run (its name does not match surefire's patterns). What the calls rule costs per
 * record in Spark, against the {@code from_json} + {@code to_timestamp} parse it replaced, on the real file's records
 * cached in memory as binary (key, value), {@code local[2]}; median of 7 rounds after 2 warm-ups. Writes
 * {@code target/call-rule-benchmark.md}:
 *
 * <pre>./mvnw -B -pl analytics-service -am verify -Dtest=CallRuleBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class CallRuleBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CallRuleBenchmark.class);

    private static final int WARM_UPS = 2;

    private static final int ROUNDS = 7;

    /** The replaced parse: every field a nullable string, {@code call_date_time} read in the session's UTC. */
    private static final StructType OLD_SCHEMA = new StructType(CallFields.ALL.stream()
            .map(name -> DataTypes.createStructField(name, DataTypes.StringType, true))
            .toArray(StructField[]::new));

    private static final String OLD_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS";

    @Test
    void measure() throws IOException {
        SparkSession spark = SparkSession.builder().config(SparkSessionLifecycle.conf(TestSettings.bind(Map.of(
                "sfcrime.analytics.spark.master", "local[2]", "sfcrime.analytics.spark.ui-enabled", "false",
                "sfcrime.analytics.query.shuffle-partitions", "2")))).getOrCreate();
        try {
            List<Call> calls = RealCalls.inFileOrder();
            List<Row> rows = calls.stream()
                    .map(call -> RowFactory.create(PlainProducer.bytes(call.crimeId()),
                            PlainProducer.bytes(call.json())))
                    .toList();
            Dataset<Row> records = spark.createDataFrame(
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2),
                    new StructType().add(CallsTransformation.KEY, DataTypes.BinaryType)
                            .add(CallsTransformation.VALUE, DataTypes.BinaryType)).cache();
            records.count();

            List<String> table = new ArrayList<>(List.of("| path | ms per pass, median [min-max] | ns per record |",
                    "|---|---|---|"));
            table.add(line("scan only (the cached records, summing value lengths)", calls.size(),
                    time(records.agg(sum(length(col(CallsTransformation.VALUE)))))));
            table.add(line("from_json + to_timestamp (before)", calls.size(), time(pass(oldParse(records)))));
            table.add(line("calls rule UDF (now)", calls.size(), time(pass(CallsTransformation.check(records)))));
            long plainMs = plainJavaMs(rows);
            table.add(String.format("| CallRule.check alone, one thread, no Spark (best pass) | %,d | %,.0f |",
                    plainMs, plainMs * 1e6 / calls.size()));
            Path out = Path.of("target", "call-rule-benchmark.md");
            Files.write(out, table);
            log.info("Call rule benchmark over {} records, results in {}:\n{}", calls.size(), out.toAbsolutePath(),
                    String.join("\n", table));
        } finally {
            spark.stop();
        }
    }

    /** An aggregate that reads every column the pipeline reads, so that none is pruned away. */
    private static Dataset<Row> pass(Dataset<Row> checked) {
        return checked.agg(sum(when(col(CallsTransformation.MALFORMED), 1).otherwise(0)),
                sum(length(col(CallsTransformation.CRIME_TYPE))), sum(length(col(CallsTransformation.DISPOSITION))),
                max(col(CallsTransformation.EVENT_TIME)));
    }

    /** Sorted wall times of whole passes. */
    private static long[] time(Dataset<Row> pass) {
        long[] ms = new long[ROUNDS];
        for (int round = -WARM_UPS; round < ROUNDS; round++) {
            long start = System.nanoTime();
            Row result = pass.collectAsList().get(0);
            if (round >= 0) {
                ms[round] = (System.nanoTime() - start) / 1_000_000;
            }
            log.info("Pass {}: {}", round, result);
        }
        Arrays.sort(ms);
        return ms;
    }

    private static String line(String path, int records, long[] ms) {
        long median = ms[ms.length / 2];
        return String.format("| %s | %,d [%,d-%,d] | %,.0f |", path, median, ms[0], ms[ms.length - 1],
                median * 1e6 / records);
    }

    private static long plainJavaMs(List<Row> rows) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < WARM_UPS + ROUNDS; round++) {
            long start = System.nanoTime();
            long valid = 0;
            for (Row row : rows) {
                valid += CallRule.check(row.getAs(0), row.getAs(1)) instanceof CallVerdict.Valid ? 1 : 0;
            }
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
            log.info("Plain pass {}: {} valid", round, valid);
        }
        return best;
    }

    private static Dataset<Row> oldParse(Dataset<Row> records) {
        Dataset<Row> calls = records.selectExpr("CAST(value AS STRING) AS value")
                .select(from_json(col("value"), OLD_SCHEMA).as("call"))
                .select(col("call.original_crime_type_name").as(CallsTransformation.CRIME_TYPE),
                        col("call.disposition").as(CallsTransformation.DISPOSITION),
                        to_timestamp(col("call.call_date_time"), OLD_TIME_PATTERN).as(CallsTransformation.EVENT_TIME));
        return calls.withColumn(CallsTransformation.MALFORMED, col(CallsTransformation.CRIME_TYPE).isNull()
                .or(col(CallsTransformation.DISPOSITION).isNull()).or(col(CallsTransformation.EVENT_TIME).isNull()));
    }
}
