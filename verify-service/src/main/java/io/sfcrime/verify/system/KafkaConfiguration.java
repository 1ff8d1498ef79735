package io.sfcrime.verify.system;

import io.sfcrime.verify.VerifyProperties;
import io.sfcrime.verify.consume.DeadLetters;
import io.sfcrime.verify.consume.InvalidEventException;
import io.sfcrime.verify.consume.RejectedRecords;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What the service adds to Boot's Kafka auto-configuration: its two topics, the
 * dead-letter producer's request size, the listener container's acks and assignor, and
 * the error handler, which Boot wires into its container factory. Every client is Boot's,
 * made from {@code spring.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final long RETRY_INTERVAL_MS = 1_000;

    private static final long RETRIES = 2;

    /** The calls topic, created if missing (the ingest service declares the same). */
    @Bean
    NewTopic callsTopic(VerifyProperties properties) {
        return TopicBuilder.name(properties.topic()).partitions(properties.partitions()).build();
    }

    /**
     * The dead-letter topic: as many partitions as the source, room for any record the
     * source can hold.
     */
    @Bean
    NewTopic deadLetterTopic(VerifyProperties properties) {
        return TopicBuilder.name(properties.dltTopic())
            .partitions(properties.partitions())
            .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(properties.dlt().maxMessageBytes()))
            .build();
    }

    /**
     * The producer (dead letters only) takes a record as large as the dead-letter topic
     * does.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer deadLetterRequestSize(VerifyProperties properties) {
        return factory -> factory
            .updateConfigs(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.dlt().maxMessageBytes()));
    }

    /**
     * The listener acknowledges each record it checked, and not those it only counts
     * again while it rebuilds a partition's count, so that the group's offset never moves
     * back below what was checked; and a rebalance revokes only the partitions that move,
     * so only those are rebuilt. Set here, after Boot applied
     * {@code spring.kafka.listener.ack-mode} and the consumer properties, because the
     * rebuild depends on both.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> manualAcksStickyAssignor() {
        return container -> {
            ContainerProperties properties = container.getContainerProperties();
            properties.setAckMode(ContainerProperties.AckMode.MANUAL);
            properties.getKafkaConsumerProperties()
                .setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName());
        };
    }

    /**
     * Publishes to the same partition number of the DLT, or lets Kafka choose if the DLT
     * has fewer partitions, with the reason headers. Waits for the broker's
     * acknowledgement and throws if it does not come.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaTemplate<Object, Object> kafkaTemplate,
            VerifyProperties properties) {
        String dlt = properties.dltTopic();
        int dltPartitions = properties.partitions();
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafkaTemplate,
                (record, ex) -> new TopicPartition(dlt, record.partition() < dltPartitions ? record.partition() : -1));
        recoverer.setHeadersFunction((record, ex) -> DeadLetters.headers(ex));
        recoverer.setFailIfSendResultIsError(true);
        return recoverer;
    }

    /**
     * A record the rule rejected is dead-lettered at once; one that made the listener
     * fail otherwise after 2 retries 1 s apart; one the deserializer could not read at
     * once (Spring's default). Retries and the next records stay in memory (no seek back
     * to the failed record), and the container commits a recovered record's offset.
     */
    @Bean
    DefaultErrorHandler errorHandler(RejectedRecords rejectedRecords) {
        DefaultErrorHandler handler = new DefaultErrorHandler(rejectedRecords,
                new FixedBackOff(RETRY_INTERVAL_MS, RETRIES));
        handler.addNotRetryableExceptions(InvalidEventException.class);
        handler.setSeekAfterError(false);
        return handler;
    }

}
