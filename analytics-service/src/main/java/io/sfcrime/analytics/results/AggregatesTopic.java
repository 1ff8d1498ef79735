package io.sfcrime.analytics.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.sfcrime.analytics.AnalyticsProperties;
import io.sfcrime.support.DeclaredTopics;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The compacted result topic: key = the row's key as JSON, value = the row as JSON. Each
 * micro-batch writes its rows here before the in-memory store sees them, and start-up
 * reads the topic back into the store.
 */
@Component
public class AggregatesTopic {

    private static final Logger log = LoggerFactory.getLogger(AggregatesTopic.class);

    /**
     * A safety net only: the producer itself fails each record within its
     * {@code delivery.timeout.ms} (set in application.yml), so every acknowledgement is
     * settled before this.
     */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaTemplate<String, String> template;

    private final ConsumerFactory<String, String> consumers;

    private final DeclaredTopics declaredTopics;

    private final NewTopic newTopic;

    private final ObjectMapper mapper;

    private final ObjectWriter keyWriter;

    private final ObjectWriter valueWriter;

    private final AnalyticsProperties.Sink settings;

    private final Duration kafkaTimeout;

    AggregatesTopic(KafkaTemplate<String, String> template, ConsumerFactory<String, String> consumers,
            DeclaredTopics declaredTopics, NewTopic aggregatesNewTopic, ObjectMapper mapper,
            AnalyticsProperties properties) {
        this.template = template;
        this.consumers = consumers;
        this.declaredTopics = declaredTopics;
        this.newTopic = aggregatesNewTopic;
        this.mapper = mapper;
        this.keyWriter = mapper.writerFor(AggregateKey.class);
        this.valueWriter = mapper.writerFor(AggregateMessage.class);
        this.settings = properties.sink();
        this.kafkaTimeout = properties.kafkaTimeout();
    }

    /**
     * Sends the rows and waits until the broker has acknowledged every one. The first
     * record the producer gives up on ends the sending at once: with the broker away, the
     * rest would only time out one by one after it.
     * @throws InterruptedException as is, so that Spark takes an interrupted batch for
     * the stop it is
     */
    public void publish(List<StoredCount> counts) throws InterruptedException {
        CountDownLatch settled = new CountDownLatch(counts.size());
        AtomicReference<Exception> failed = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                failed.compareAndSet(null, error);
            }
            settled.countDown();
        };
        // Encoding the JSON and handing each record to the producer (serialising it,
        // compressing it into its batch) were the sink's time, on the driver while the
        // executors idle: both run on every core. A batch has each key once and is
        // acknowledged whole before the next one is sent, so the order of its sends does
        // not matter. The producer is Boot's, as every template's.
        this.template.execute(producer -> {
            counts.parallelStream().forEach(count -> {
                Exception error = failed.get();
                if (error != null) {
                    throw notAcknowledged(error);
                }
                producer.send(new ProducerRecord<>(this.settings.topic(), key(count.row().key()), value(count)),
                        callback);
            });
            producer.flush();
            return null;
        });
        if (!settled.await(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw notAcknowledged(new TimeoutException("no answer within " + SEND_TIMEOUT));
        }
        if (failed.get() != null) {
            throw notAcknowledged(failed.get());
        }
    }

    private IllegalStateException notAcknowledged(Throwable cause) {
        return new IllegalStateException(
                "Results not acknowledged by topic " + this.settings.topic() + ": " + cause.getMessage(), cause);
    }

    /**
     * Empties the store and reads the whole topic into it, the latest row of each key
     * winning; the store is complete once every row is in. Answers the rows read. A
     * broker that does not answer within {@code kafka-timeout} fails it, as does a read
     * that takes longer than {@code sink.rebuild-timeout}, and the store stays
     * incomplete; a topic that is missing (a broker that was down when the service
     * started) is created first, as declared ({@link DeclaredTopics}).
     */
    public long rebuild(ResultStore store) {
        long started = System.nanoTime();
        long read = 0;
        store.clear();
        try (Consumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            if (partitions.isEmpty()) {
                log.info("Topic {} does not exist: creating it", this.settings.topic());
                this.declaredTopics.createIfMissing(this.newTopic);
                partitions = partitions(consumer);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, this.kafkaTimeout);
            long deadline = System.nanoTime() + this.settings.rebuildTimeout().toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, this.kafkaTimeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + this.settings.topic() + " back within "
                            + this.settings.rebuildTimeout());
                }
                List<StoredCount> batch = new ArrayList<>();
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        batch.add(read(record.value()));
                    }
                }
                store.apply(batch);
                read += batch.size();
            }
        }
        store.markComplete();
        log.info("Rebuilt the result store from {}: {} records read, {} rows, {} calls, in {} ms",
                this.settings.topic(), read, store.size(), store.totalCount(),
                (System.nanoTime() - started) / 1_000_000);
        return read;
    }

    private List<TopicPartition> partitions(Consumer<String, String> consumer) {
        return consumer.partitionsFor(this.settings.topic(), this.kafkaTimeout)
            .stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    }

    String key(AggregateKey key) {
        return write(this.keyWriter, key);
    }

    String value(StoredCount count) {
        WindowCount row = count.row();
        return write(this.valueWriter,
                new AggregateMessage(row.windowStart(), row.windowEnd(), row.crimeType(), row.disposition(),
                        row.dispositionDescription(), row.count(), count.queryId(), count.batchId(),
                        count.previousCount()));
    }

    StoredCount read(String value) {
        try {
            AggregateMessage message = this.mapper.readValue(value, AggregateMessage.class);
            return new StoredCount(
                    new WindowCount(message.windowStart(), message.windowEnd(), message.crimeType(),
                            message.disposition(), message.dispositionDescription(), message.count()),
                    message.queryId(), message.batchId(), message.previousCount());
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("Unreadable record on " + this.settings.topic() + ": " + value, ex);
        }
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", ex);
        }
    }

    /**
     * From Boot's consumer factory, so that every spring.kafka.* setting (security
     * included) and Boot's KafkaConnectionDetails apply; assigned partitions, nothing
     * committed.
     */
    private Consumer<String, String> consumer() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return this.consumers.createConsumer(null, null, null, overrides);
    }

    /** The value format of the topic, field by field. */
    record AggregateMessage(LocalDateTime windowStart, LocalDateTime windowEnd, String crimeType, String disposition,
            String dispositionDescription, long count, String queryId, long batchId, long previousCount) {
    }

}
