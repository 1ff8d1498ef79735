package io.sfcrime.analytics.bench;

import io.sfcrime.analytics.pipeline.CallsTransformation;
import io.sfcrime.analytics.pipeline.WindowSpec;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.radiocodes.RadioCodes;
import io.sfcrime.testkit.HourlyCounts;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Baseline (a), Spark's ceiling for this input: the same topic read as a static batch by
 * Spark's Kafka source, through the same {@link CallsTransformation#countsOf}, collected
 * to the driver; no state store, no checkpoint, no sink. Run on the service's own
 * session, so master and shuffle partitions are the service's.
 */
final class StaticBatchBaseline {

    private StaticBatchBaseline() {
    }

    static Counted run(SparkSession spark, Map<String, String> kafkaOptions, String topic, Integer minPartitions,
            WindowSpec spec) {
        long started = System.nanoTime();
        double cpu = Counted.processCpuMillis();
        Map<HourlyCounts.Key, Long> counts = new HashMap<>();
        CallsTransformation.countsOf(read(spark, kafkaOptions, topic, minPartitions), spec, RadioCodes.bundled())
            .collectAsList()
            .stream()
            .map(CallsTransformation::windowCount)
            .forEach(row -> counts.merge(key(row), row.count(), Long::sum));
        return new Counted("static Spark batch", (System.nanoTime() - started) / 1e6, Counted.processCpuMillis() - cpu,
                counts);
    }

    /** The whole topic as a static batch of Spark's Kafka source. */
    static Dataset<Row> read(SparkSession spark, Map<String, String> kafkaOptions, String topic,
            Integer minPartitions) {
        DataFrameReader reader = spark.read()
            .format("kafka")
            .options(kafkaOptions)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .option("endingOffsets", "latest");
        if (minPartitions != null) {
            reader = reader.option("minPartitions", minPartitions);
        }
        return reader.load();
    }

    static HourlyCounts.Key key(WindowCount row) {
        return new HourlyCounts.Key(row.windowStart(), row.crimeType(), row.disposition());
    }

}
