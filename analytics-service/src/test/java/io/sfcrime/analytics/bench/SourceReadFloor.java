package io.sfcrime.analytics.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Not a baseline of the same counts but the floor under every computation here that reads
 * through Spark: the same topic read as a static batch by Spark's Kafka source
 * ({@link StaticBatchBaseline#read}, the service's session and Kafka options) with
 * nothing computed but the number of records and the sum of their values' lengths. The
 * service's catch-up, which also checks, counts, keeps state and publishes, cannot be
 * faster than this read on the same machine.
 */
final class SourceReadFloor {

    static final String NAME = "Spark's Kafka source, reading only";

    /**
     * @param timing the read's wall and CPU time (no counts)
     * @param records records read
     * @param valueBytes their values' bytes
     */
    record Read(Counted timing, long records, long valueBytes) {

        /**
         * @return the timing, once the read saw exactly these records and bytes
         * @throws IllegalStateException otherwise
         */
        Counted checkedAgainst(long expectedRecords, long expectedValueBytes) {
            if (this.records != expectedRecords || this.valueBytes != expectedValueBytes) {
                throw new IllegalStateException(NAME + " read " + this.records + " records of " + this.valueBytes
                        + " value bytes where the topic holds " + expectedRecords + " of " + expectedValueBytes);
            }
            return this.timing;
        }

    }

    private SourceReadFloor() {
    }

    static Read run(SparkSession spark, Map<String, String> kafkaOptions, String topic, Integer minPartitions) {
        long started = System.nanoTime();
        double cpu = Counted.processCpuMillis();
        Row totals = StaticBatchBaseline.read(spark, kafkaOptions, topic, minPartitions)
            .agg(count(lit(1)), sum(length(col("value"))))
            .first();
        Counted timing = new Counted(NAME, (System.nanoTime() - started) / 1e6, Counted.processCpuMillis() - cpu,
                Map.of());
        return new Read(timing, totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1));
    }

}
