package io.sfcrime.analytics.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.window;

import io.sfcrime.radiocodes.RadioCodes;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The query as pure functions of Datasets: the same code runs on the Kafka stream and, in tests, on a static
 * Dataset of the real file. Nothing here starts a query or touches Kafka.
 */
public final class CallsTransformation {

    /** The fields of one call as the file and the topic carry them: all strings. */
    public static final StructType CALL_SCHEMA = new StructType(List.of("crime_id", "original_crime_type_name",
            "report_date", "call_date", "offense_date", "call_time", "call_date_time", "disposition", "address",
            "city", "state", "agency_id", "address_type", "common_location").stream()
            .map(name -> DataTypes.createStructField(name, DataTypes.StringType, true))
            .toArray(StructField[]::new));

    public static final String CRIME_TYPE = "crime_type";
    public static final String DISPOSITION = "disposition";
    public static final String DESCRIPTION = "disposition_description";
    public static final String EVENT_TIME = "event_time";
    public static final String MALFORMED = "malformed";
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";
    public static final String COUNT = "count";

    /** {@code call_date_time} as written in the file; read in the session's time zone, which the service sets to UTC. */
    static final String EVENT_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSS";

    private static final StructType CODES_SCHEMA = new StructType()
            .add("code", DataTypes.StringType, false)
            .add("code_description", DataTypes.StringType, false);

    private CallsTransformation() {
    }

    /**
     * Parses a {@code value} string column of call JSON with {@link #CALL_SCHEMA}. A value that is not JSON,
     * lacks the crime type or disposition, or has no readable {@code call_date_time} is kept and flagged
     * {@link #MALFORMED} so the caller can count it; it is never an error.
     */
    public static Dataset<Row> parse(Dataset<Row> values) {
        Dataset<Row> calls = values.select(from_json(col("value"), CALL_SCHEMA).as("call"))
                .select(col("call.original_crime_type_name").as(CRIME_TYPE), col("call.disposition").as(DISPOSITION),
                        to_timestamp(col("call.call_date_time"), EVENT_TIME_PATTERN).as(EVENT_TIME));
        return calls.withColumn(MALFORMED,
                col(CRIME_TYPE).isNull().or(col(DISPOSITION).isNull()).or(col(EVENT_TIME).isNull()));
    }

    /**
     * Calls per event-time window, crime type and disposition, with the radio-code description left-joined
     * from a broadcast of {@code codes}: a disposition without a code keeps its rows and is described as
     * {@link RadioCodes#UNKNOWN_DESCRIPTION}. The watermark bounds the state on a stream and does nothing on a
     * static Dataset.
     *
     * @param calls well-formed rows of {@link #parse}
     * @return {@link #WINDOW_START}, {@link #WINDOW_END}, {@link #CRIME_TYPE}, {@link #DISPOSITION},
     *         {@link #DESCRIPTION}, {@link #COUNT}
     */
    public static Dataset<Row> windowedCounts(Dataset<Row> calls, WindowSpec spec, RadioCodes codes) {
        Dataset<Row> table = calls.sparkSession().createDataFrame(codes.asMap().entrySet().stream()
                .map(entry -> RowFactory.create(entry.getKey(), entry.getValue())).toList(), CODES_SCHEMA);
        Dataset<Row> watermarked = calls.withWatermark(EVENT_TIME, interval(spec.watermark()));
        Dataset<Row> described = watermarked
                .join(broadcast(table), watermarked.col(DISPOSITION).equalTo(table.col("code")), "left_outer")
                .withColumn(DESCRIPTION, coalesce(col("code_description"), lit(RadioCodes.UNKNOWN_DESCRIPTION)));
        return described
                .groupBy(window(col(EVENT_TIME), interval(spec.length()), interval(spec.slide())).as("window"),
                        col(CRIME_TYPE), col(DISPOSITION), col(DESCRIPTION))
                .count()
                .select(col("window.start").as(WINDOW_START), col("window.end").as(WINDOW_END), col(CRIME_TYPE),
                        col(DISPOSITION), col(DESCRIPTION), col(COUNT));
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
