package io.sfcrime.verify;

import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * For trying the service by hand, not a test. Without arguments: a throwaway single-node
 * KRaft broker (the calls topic with 3 partitions) that logs its address (a random port:
 * this broker ignores fixed ports in KRaft mode) and runs until killed. With
 * {@code feed <bootstrap-servers>}: puts the real file and three poison records on the
 * calls topic. With {@code dlt <bootstrap-servers>}: logs each record of the dead-letter
 * topic and its headers.
 */
public final class LocalBroker {

    private static final Logger log = LoggerFactory.getLogger(LocalBroker.class);

    private static final String TOPIC = "police.department.calls";

    private LocalBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 2 && "feed".equals(args[0])) {
            feed(args[1]);
            return;
        }
        if (args.length == 2 && "dlt".equals(args[0])) {
            printDeadLetters(args[1]);
            return;
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        log.info("Broker up at {}", broker.getBrokersAsString());
        new CountDownLatch(1).await();
    }

    private static void feed(String bootstrapServers) {
        try (PlainProducer producer = new PlainProducer(bootstrapServers)) {
            int sent = producer.sendCalls(TOPIC, RealCalls.inFileOrder());
            producer.send(TOPIC, PlainProducer.bytes("183653763"), PlainProducer.bytes("this is not json"));
            producer.send(TOPIC, PlainProducer.bytes("183653763"), new byte[0]);
            producer.send(TOPIC, PlainProducer.bytes("000000001"),
                    PlainProducer.bytes(RealCalls.inFileOrder().get(0).json()));
            log.info("Sent {} real calls and 3 poison records", sent);
        }
    }

    private static void printDeadLetters(String bootstrapServers) {
        for (ConsumerRecord<String, String> record : TopicContents.readAll(bootstrapServers, TOPIC + ".DLT")) {
            log.info("{}-{}@{} key={} value={}", record.topic(), record.partition(), record.offset(), record.key(),
                    record.value());
            for (Header header : record.headers()) {
                log.info("  {}: {}", header.key(),
                        header.key().endsWith("-offset") || header.key().endsWith("-partition")
                                || header.key().endsWith("-timestamp") ? "(binary)"
                                        : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
    }

}
