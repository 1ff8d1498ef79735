package io.sfcrime.analytics.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import com.sun.management.OperatingSystemMXBean;
import io.sfcrime.analytics.TestSettings;
import io.sfcrime.calls.CallFields;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not part of the normal test run (its name does not match surefire's patterns). What the
 * calls rule costs per record in Spark, against the {@code from_json} +
 * {@code to_timestamp} parse it replaced, on the real file's records cached in memory as
 * binary (key, value) read from Parquet, {@code local[2]}; median of 11 rounds after 3
 * warm-ups, in wall time and in the JVM's CPU time (which other processes on a shared
 * machine do not inflate). Writes {@code target/call-rule-benchmark.md}:
 *
 * <pre>./mvnw -B -pl analytics-service -am verify -Dtest=CallRuleBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class CallRuleBenchmark {

    private static final Logger log = LoggerFactory.getLogger(CallRuleBenchmark.class);

    private static final int WARM_UPS = 3;

    private static final int ROUNDS = 11;

    /**
     * The replaced parse: every field a nullable string, {@code call_date_time} read in
     * the session's UTC.
     */
    private static final StructType OLD_SCHEMA = new StructType(CallFields.ALL.stream()
        .map(name -> DataTypes.createStructField(name, DataTypes.StringType, true))
        .toArray(StructField[]::new));

    private static final String OLD_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS";

    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean();

    @Test
    void measure() throws IOException {
        SparkSession spark = SparkSession.builder()
            .config(SparkSessionLifecycle.conf(TestSettings.bind(Map.of("sfcrime.analytics.spark.master", "local[2]",
                    "sfcrime.analytics.spark.ui-enabled", "false", "sfcrime.analytics.query.shuffle-partitions", "2"))))
            .getOrCreate();
        try {
            List<Call> calls = RealCalls.inFileOrder();
            List<Row> rows = calls.stream()
                .map(call -> RowFactory.create(PlainProducer.bytes(call.crimeId()), PlainProducer.bytes(call.json())))
                .toList();
            // Written out and read back: a Dataset made by parallelize would ship its 86
            // MB with every task.
            String copy = Path.of("target", "call-rule-benchmark-records").toAbsolutePath().toString();
            spark
                .createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2),
                        new StructType().add(CallsTransformation.KEY, DataTypes.BinaryType)
                            .add(CallsTransformation.VALUE, DataTypes.BinaryType))
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(copy);
            Dataset<Row> records = spark.read().parquet(copy).cache();
            records.count();

            List<String> table = new ArrayList<>(
                    List.of("| path | wall ms per pass, median [min-max] | CPU ms per pass, median [min-max] "
                            + "| CPU ns per record (median) |", "|---|---|---|---|"));
            table.add(line("scan only (the cached records, summing value lengths)", calls.size(),
                    time(() -> records.agg(sum(length(col(CallsTransformation.VALUE)))))));
            table.add(line("from_json + to_timestamp (before)", calls.size(), time(() -> pass(oldParse(records)))));
            table.add(line("calls rule UDF (now)", calls.size(), time(() -> pass(CallsTransformation.check(records)))));
            table.add(line("CallRule.check alone, one thread, no Spark", calls.size(), plainJava(rows)));
            Path out = Path.of("target", "call-rule-benchmark.md");
            Files.write(out, table);
            log.info("Call rule benchmark over {} records, results in {}:\n{}", calls.size(), out.toAbsolutePath(),
                    String.join("\n", table));
        }
        finally {
            spark.stop();
        }
    }

    /**
     * An aggregate that reads every column the pipeline reads, so that none is pruned
     * away.
     */
    private static Dataset<Row> pass(Dataset<Row> checked) {
        return checked.agg(sum(when(col(CallsTransformation.MALFORMED), 1).otherwise(0)),
                sum(length(col(CallsTransformation.CRIME_TYPE))), sum(length(col(CallsTransformation.DISPOSITION))),
                max(col(CallsTransformation.EVENT_TIME)));
    }

    /**
     * Wall and CPU times of whole passes, sorted. CPU is the whole JVM's (local mode runs
     * the executors in it), so other processes on a shared machine do not count in it as
     * they do in wall time. Each pass is a new Dataset: running one Dataset again would
     * reuse the shuffle files of its first run and skip the work measured.
     */
    private static Times time(Supplier<Dataset<Row>> pass) {
        Times times = new Times();
        for (int round = -WARM_UPS; round < ROUNDS; round++) {
            Dataset<Row> query = pass.get();
            long wall = System.nanoTime();
            long cpu = PROCESS.getProcessCpuTime();
            Row result = query.collectAsList().get(0);
            times.add(round, System.nanoTime() - wall, PROCESS.getProcessCpuTime() - cpu);
            log.info("Pass {}: {}", round, result);
        }
        return times.sorted();
    }

    /** The rule in a plain loop on this thread; CPU is this thread's. */
    private static Times plainJava(List<Row> rows) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Times times = new Times();
        for (int round = -WARM_UPS; round < ROUNDS; round++) {
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            long valid = 0;
            for (Row row : rows) {
                valid += CallsTransformation.RULE.check(row.getAs(0), row.getAs(1)) instanceof CallVerdict.Valid ? 1
                        : 0;
            }
            times.add(round, System.nanoTime() - wall, threads.getCurrentThreadCpuTime() - cpu);
            log.info("Plain pass {}: {} valid", round, valid);
        }
        return times.sorted();
    }

    private static String line(String path, int records, Times times) {
        return String.format("| %s | %,d [%,d-%,d] | %,d [%,d-%,d] | %,.0f |", path, times.wallMs[ROUNDS / 2],
                times.wallMs[0], times.wallMs[ROUNDS - 1], times.cpuMs[ROUNDS / 2], times.cpuMs[0],
                times.cpuMs[ROUNDS - 1], times.cpuMs[ROUNDS / 2] * 1e6 / records);
    }

    /** The measured rounds' times in milliseconds; warm-ups are left out. */
    private static final class Times {

        final long[] wallMs = new long[ROUNDS];

        final long[] cpuMs = new long[ROUNDS];

        void add(int round, long wallNanos, long cpuNanos) {
            if (round >= 0) {
                this.wallMs[round] = wallNanos / 1_000_000;
                this.cpuMs[round] = cpuNanos / 1_000_000;
            }
        }

        Times sorted() {
            Arrays.sort(this.wallMs);
            Arrays.sort(this.cpuMs);
            return this;
        }

    }

    private static Dataset<Row> oldParse(Dataset<Row> records) {
        Dataset<Row> calls = records.selectExpr("CAST(value AS STRING) AS value")
            .select(from_json(col("value"), OLD_SCHEMA).as("call"))
            .select(col("call." + CallFields.ORIGINAL_CRIME_TYPE_NAME).as(CallsTransformation.CRIME_TYPE),
                    col("call." + CallFields.DISPOSITION).as(CallsTransformation.DISPOSITION),
                    to_timestamp(col("call." + CallFields.CALL_DATE_TIME), OLD_TIME_PATTERN)
                        .as(CallsTransformation.EVENT_TIME));
        return calls.withColumn(CallsTransformation.MALFORMED,
                col(CallsTransformation.CRIME_TYPE).isNull()
                    .or(col(CallsTransformation.DISPOSITION).isNull())
                    .or(col(CallsTransformation.EVENT_TIME).isNull()));
    }

}
