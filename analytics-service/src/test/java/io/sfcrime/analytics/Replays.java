package io.sfcrime.analytics;

import static org.awaitility.Awaitility.await;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.PlainProducer;
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

/** Helpers of the tests that replay the real file through the embedded broker. */
public final class Replays {

    private Replays() {
    }

    /**
     * The global embedded broker, started by the JUnit platform before any test class.
     */
    public static String brokers() {
        String brokers = System.getProperty("spring.embedded.kafka.brokers");
        if (brokers == null) {
            throw new IllegalStateException("No embedded broker: see src/test/resources/junit-platform.properties");
        }
        return brokers;
    }

    /** A new calls topic holding {@code calls}, sent in their order. */
    public static void replay(String topic, List<Call> calls) {
        createCallsTopic(topic);
        try (PlainProducer producer = new PlainProducer(brokers())) {
            producer.sendCalls(topic, calls);
        }
    }

    /**
     * Creates a calls topic of three partitions, like the real one, and returns once
     * every partition's leader answers: a first send to a partition whose leader is not
     * ready yet was seen to end in the idempotent producer's OutOfOrderSequenceException
     * here.
     */
    public static void createCallsTopic(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 3)
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
