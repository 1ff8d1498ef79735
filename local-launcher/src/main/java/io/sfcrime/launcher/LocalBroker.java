package io.sfcrime.launcher;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode, run in this JVM from Kafka's own jars
 * (the same broker the tests use), on a fixed port of 127.0.0.1. Its data lives in a
 * temporary directory and goes with it.
 */
final class LocalBroker {

    private static final Logger log = LoggerFactory.getLogger(LocalBroker.class);

    private final int port;

    private final String topic;

    private final int partitions;

    private EmbeddedKafkaKraftBroker broker;

    LocalBroker(int port, String topic, int partitions) {
        this.port = port;
        this.topic = topic;
        this.partitions = partitions;
    }

    void start() {
        log.info("Starting a KRaft Kafka broker on 127.0.0.1:{}", this.port);
        this.broker = new EmbeddedKafkaKraftBroker(1, this.partitions);
        // The test kit ignores kafkaPorts(); a fixed listener is what pins the port.
        // Topics are created on
        // purpose (by the services' NewTopic beans and here), never by a typo.
        this.broker
            .brokerProperties(Map.of("listeners", "EXTERNAL://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:0",
                    "auto.create.topics.enable", "false", "log.cleaner.backoff.ms", "1000"));
        this.broker.afterPropertiesSet();
        this.broker.addTopics(new NewTopic(this.topic, this.partitions, (short) 1));
        log.info("Kafka is up at {} with topic {} ({} partitions)", bootstrapServers(), this.topic, this.partitions);
    }

    String bootstrapServers() {
        return this.broker.getBrokersAsString();
    }

    void stop() {
        if (this.broker != null) {
            this.broker.destroy();
            this.broker = null;
        }
    }

}
