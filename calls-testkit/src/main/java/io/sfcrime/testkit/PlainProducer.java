package io.sfcrime.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A plain {@link KafkaProducer} for tests: puts the real calls, or anything else
 * (poison), straight onto a topic without going through the product's code. Every send is
 * acknowledged before a method returns.
 */
public final class PlainProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    public PlainProducer(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * @param clientConfig further client settings, e.g. a secured broker's credentials
     */
    public PlainProducer(String bootstrapServers, Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024));
        config.putAll(clientConfig);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends each call keyed by its {@code crime_id}, in the given order; answers how many
     * were acknowledged.
     */
    public int sendCalls(String topic, List<Call> calls) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(calls.size());
        for (Call call : calls) {
            acks.add(this.producer.send(new ProducerRecord<>(topic, bytes(call.crimeId()), bytes(call.json()))));
        }
        return await(acks);
    }

    /**
     * Hands one call, keyed by its {@code crime_id}, to the producer without waiting for
     * Kafka: for a paced sender, which cannot wait for each acknowledgement.
     */
    public Future<RecordMetadata> sendCallNow(String topic, Call call) {
        return this.producer.send(new ProducerRecord<>(topic, bytes(call.crimeId()), bytes(call.json())));
    }

    /** Sends one record as given; {@code null} key or value allowed. */
    public RecordMetadata send(String topic, byte[] key, byte[] value) {
        return await(this.producer.send(new ProducerRecord<>(topic, key, value)));
    }

    /** Sends one record to a chosen partition. */
    public RecordMetadata send(String topic, int partition, byte[] key, byte[] value) {
        return await(this.producer.send(new ProducerRecord<>(topic, partition, key, value)));
    }

    public static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private int await(List<Future<RecordMetadata>> acks) {
        this.producer.flush();
        acks.forEach(this::await);
        return acks.size();
    }

    private RecordMetadata await(Future<RecordMetadata> ack) {
        try {
            return ack.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Kafka did not acknowledge a record", ex.getCause());
        }
    }

    @Override
    public void close() {
        this.producer.close();
    }

}
