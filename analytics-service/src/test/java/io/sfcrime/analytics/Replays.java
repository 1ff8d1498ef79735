package io.sfcrime.analytics;

import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.CallsTopics;
import io.sfcrime.testkit.PlainProducer;
import java.util.List;

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
        CallsTopics.create(brokers(), topic);
        try (PlainProducer producer = new PlainProducer(brokers())) {
            producer.sendCalls(topic, calls);
        }
    }

}
