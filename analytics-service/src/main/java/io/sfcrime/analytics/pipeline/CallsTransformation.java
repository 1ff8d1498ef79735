package io.sfcrime.analytics.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.calls.CallFields;
import io.sfcrime.calls.CallRule;
import io.sfcrime.calls.CallVerdict;
import io.sfcrime.radiocodes.RadioCodes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The query as a pure function of Datasets, {@link #countsOf}: the same code runs on the
 * Kafka stream and, in tests, on a static Dataset or a memory stream of the same (key,
 * value) records. Nothing here starts a query or touches Kafka.
 */
public final class CallsTransformation {

    /** The binary key column, as Kafka's source gives it. */
    public static final String KEY = "key";

    /** The binary value column, as Kafka's source gives it. */
    public static final String VALUE = "value";

    /**
     * The name of the {@code observe} metrics on the checked input: records read, then
     * records the rule rejected.
     */
    public static final String INPUT_METRICS = "input";

    /**
     * The calls rule as the query runs it: it keeps crime type and disposition, the two
     * values the counts are by, besides the id and time every verdict carries.
     */
    public static final CallRule RULE = CallRule.keeping(CallFields.ORIGINAL_CRIME_TYPE_NAME, CallFields.DISPOSITION);

    /**
     * Columns of {@link #check}: a call's crime type, disposition and event time, or a
     * record the rule refused.
     */
    static final String CRIME_TYPE = "crime_type", DISPOSITION = "disposition", EVENT_TIME = "event_time",
            MALFORMED = "malformed";

    /**
     * The output's columns besides the crime type and disposition, read back by
     * {@link #windowCount}.
     */
    private static final String WINDOW_START = "window_start", WINDOW_END = "window_end",
            DESCRIPTION = "disposition_description", COUNT = "count";

    private static final String CHECKED = "call";

    private static final String EVENT_MICROS = "event_micros";

    private static final StructType CHECKED_SCHEMA = new StructType().add(CRIME_TYPE, DataTypes.StringType, true)
        .add(DISPOSITION, DataTypes.StringType, true)
        .add(EVENT_MICROS, DataTypes.LongType, true)
        .add(MALFORMED, DataTypes.BooleanType, false);

    /** Named, so that a plan shows where the rule runs. */
    private static final UserDefinedFunction CALL_RULE = udf(new CheckRecord(), CHECKED_SCHEMA).withName("call_rule");

    private CallsTransformation() {
    }

    /**
     * The whole transformation, from the records of the calls topic to the windowed
     * counts; the one composition that the service's query and the tests both run. Input
     * rows and rejected records are observed under {@link #INPUT_METRICS} before the
     * rejected ones are left out.
     * @param records {@link #KEY} and {@link #VALUE}, binary, as Kafka's source gives
     * them
     * @return one row per window, crime type and disposition, with its description and
     * count: see {@link #windowCount}
     */
    public static Dataset<Row> countsOf(Dataset<Row> records, WindowSpec spec, RadioCodes codes) {
        Dataset<Row> checked = check(records).observe(INPUT_METRICS, count(lit(1)).as("rows"),
                sum(when(col(MALFORMED), 1).otherwise(0)).as("malformed"));
        return windowedCounts(checked.filter(not(col(MALFORMED))), spec, codes);
    }

    /**
     * Checks each record with the calls rule, on the raw key and value bytes, as verify
     * does. A record the rule rejects is kept and flagged {@link #MALFORMED} (its other
     * columns null) so the caller can count it; it is never an error.
     * @return {@link #CRIME_TYPE}, {@link #DISPOSITION}, {@link #EVENT_TIME} and
     * {@link #MALFORMED}
     */
    static Dataset<Row> check(Dataset<Row> records) {
        return records.select(CALL_RULE.apply(col(KEY), col(VALUE)).as(CHECKED))
            .select(col(CHECKED + "." + CRIME_TYPE).as(CRIME_TYPE), col(CHECKED + "." + DISPOSITION).as(DISPOSITION),
                    timestamp_micros(col(CHECKED + "." + EVENT_MICROS)).as(EVENT_TIME),
                    col(CHECKED + "." + MALFORMED).as(MALFORMED));
    }

    /**
     * Calls per event-time window, crime type and disposition, then the radio-code
     * description of each row's disposition from a literal map of {@code codes}: a
     * disposition without a code keeps its rows and is described as
     * {@link RadioCodes#UNKNOWN_DESCRIPTION}. The description is a function of the
     * disposition, so looking it up after the aggregation gives the same rows as joining
     * it before, for a few thousand lookups instead of a join and a fourth grouping
     * column per input row. The watermark bounds the state on a stream and does nothing
     * on a static Dataset.
     * @param calls rows of {@link #check} the rule accepted
     */
    private static Dataset<Row> windowedCounts(Dataset<Row> calls, WindowSpec spec, RadioCodes codes) {
        Column[] table = codes.asMap()
            .entrySet()
            .stream()
            .flatMap(entry -> Stream.of(lit(entry.getKey()), lit(entry.getValue())))
            .toArray(Column[]::new);
        return calls.withWatermark(EVENT_TIME, interval(spec.watermark()))
            .groupBy(window(col(EVENT_TIME), interval(spec.length()), interval(spec.slide())).as("window"),
                    col(CRIME_TYPE), col(DISPOSITION))
            .count()
            .select(col("window.start").as(WINDOW_START), col("window.end").as(WINDOW_END), col(CRIME_TYPE),
                    col(DISPOSITION),
                    coalesce(try_element_at(map(table), col(DISPOSITION)), lit(RadioCodes.UNKNOWN_DESCRIPTION))
                        .as(DESCRIPTION),
                    col(COUNT));
    }

    /**
     * A row of {@link #countsOf} as a result row; the session runs in UTC, so UTC wall
     * time is the data's own.
     */
    public static WindowCount windowCount(Row row) {
        return new WindowCount(local(row.getAs(WINDOW_START)), local(row.getAs(WINDOW_END)), row.getAs(CRIME_TYPE),
                row.getAs(DISPOSITION), row.getAs(DESCRIPTION), row.<Long>getAs(COUNT));
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }

    /**
     * The rule as a Spark function of (key, value). The event time goes out as
     * microseconds of the call's wall time read as UTC, the session's time zone, so
     * windows fall on the data's own hours whatever the JVM's zone.
     */
    static final class CheckRecord implements UDF2<byte[], byte[], Row> {

        private static final Row MALFORMED_ROW = RowFactory.create(null, null, null, true);

        @Override
        public Row call(byte[] key, byte[] value) {
            if (RULE.check(key, value) instanceof CallVerdict.Valid call) {
                return RowFactory.create(call.crimeType(), call.disposition(), micros(call.callDateTime()), false);
            }
            return MALFORMED_ROW;
        }

        static long micros(LocalDateTime time) {
            return Math.addExact(Math.multiplyExact(time.toEpochSecond(ZoneOffset.UTC), 1_000_000L),
                    time.get(ChronoField.MICRO_OF_SECOND));
        }

    }

}
