package io.sfcrime.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Calls topics for tests, shaped like the real one. */
public final class CallsTopics {

    /** The real topic's partitions. */
    public static final int PARTITIONS = 3;

    private CallsTopics() {
    }

    /**
     * Creates a calls topic of three partitions and returns once every partition's leader
     * answers: a first send to a partition whose leader is not ready yet was seen to end
     * in the idempotent producer's OutOfOrderSequenceException here.
     */
    public static void create(String bootstrapServers, String topic) {
        create(bootstrapServers, topic, PARTITIONS);
    }

    /** The same with another number of partitions, for benchmarks that vary it. */
    public static void create(String bootstrapServers, String topic, int partitions) {
        create(bootstrapServers, topic, partitions, (short) 1, Map.of());
    }

    /**
     * The same with {@code replicas} replicas of each partition and topic settings such
     * as {@code min.insync.replicas}.
     */
    public static void create(String bootstrapServers, String topic, short replicas, Map<String, String> configs) {
        create(bootstrapServers, topic, PARTITIONS, replicas, configs);
    }

    private static void create(String bootstrapServers, String topic, int partitions, short replicas,
            Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicas).configs(configs))).all().get();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions)
                .boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> admin.listOffsets(latest).all().get().size() == latest.size());
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Cannot create topic " + topic, ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
