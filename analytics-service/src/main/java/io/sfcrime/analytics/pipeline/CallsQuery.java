package io.sfcrime.analytics.pipeline;

import io.sfcrime.analytics.AnalyticsProperties;
import io.sfcrime.analytics.results.AggregatesTopic;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.system.SparkKafkaOptions;
import io.sfcrime.radiocodes.RadioCodes;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Assembles the streaming query from the settings: the Kafka source,
 * {@link CallsTransformation#countsOf}, and the {@code foreachBatch} sink, checkpointed;
 * starts it on the service's session and hands it back.
 */
@Component
class CallsQuery {

    private static final Logger log = LoggerFactory.getLogger(CallsQuery.class);

    private final SparkSessionLifecycle sessions;

    private final AnalyticsProperties properties;

    private final SparkKafkaOptions kafka;

    private final BatchWriter sink;

    CallsQuery(SparkSessionLifecycle sessions, AnalyticsProperties properties, SparkKafkaOptions kafka,
            ResultStore store, AggregatesTopic topic, AddedPerBatch added) {
        this.sessions = sessions;
        this.properties = properties;
        this.kafka = kafka;
        this.sink = new BatchWriter(store, topic, added);
    }

    /**
     * A query Spark refuses to build (a bad setting) throws here; one that fails later,
     * the listener reports.
     */
    StreamingQuery start() {
        SparkSession spark = this.sessions.session();
        AnalyticsProperties.Query settings = this.properties.query();
        Dataset<Row> counts = CallsTransformation.countsOf(source(spark).load(),
                new WindowSpec(settings.windowDuration(), settings.slideDuration(), settings.watermark()),
                RadioCodes.bundled());
        StreamingQuery query;
        try {
            query = counts.writeStream()
                .queryName(settings.name())
                .outputMode("update")
                .option("checkpointLocation", this.properties.checkpointDir().toAbsolutePath().toString())
                .trigger(Trigger.ProcessingTime(settings.triggerInterval().toMillis()))
                .foreachBatch(this.sink)
                .start();
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Query " + settings.name() + " did not start", ex);
        }
        log.info("Query {} reading {} from {} (startingOffsets {}, maxOffsetsPerTrigger {}), checkpoint {}",
                settings.name(), this.properties.source().topic(), this.kafka.describe(),
                this.properties.source().startingOffsets(), this.properties.source().maxOffsetsPerTrigger(),
                this.properties.checkpointDir().toAbsolutePath());
        return query;
    }

    private DataStreamReader source(SparkSession spark) {
        AnalyticsProperties.Source source = this.properties.source();
        DataStreamReader reader = spark.readStream()
            .format("kafka")
            .options(this.kafka.options())
            .option("subscribe", source.topic())
            .option("startingOffsets", source.startingOffsets())
            .option("failOnDataLoss", source.failOnDataLoss());
        if (source.maxOffsetsPerTrigger() != null) {
            reader = reader.option("maxOffsetsPerTrigger", source.maxOffsetsPerTrigger());
        }
        if (source.minPartitions() != null) {
            reader = reader.option("minPartitions", source.minPartitions());
        }
        return reader;
    }

}
