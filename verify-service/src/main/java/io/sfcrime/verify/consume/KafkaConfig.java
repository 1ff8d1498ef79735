package io.sfcrime.verify.consume;

import io.sfcrime.verify.VerifyProperties;
import io.sfcrime.verify.check.EventCheck;
import io.sfcrime.verify.tally.RunTally;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerPostProcessor;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The topics, the dead-letter producer and the error handling of the listener. Boot's listener container factory
 * picks up the {@link DefaultErrorHandler} and the rebalance listener beans.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

    private static final long RETRY_INTERVAL_MS = 1_000;

    private static final long RETRIES = 2;

    /** Name of the bean that makes the listener's container acknowledge manually. */
    static final String MANUAL_ACKS = "manualAcks";

    /** The calls topic, created if missing (the ingest service declares the same). */
    @Bean
    NewTopic callsTopic(VerifyProperties properties) {
        return TopicBuilder.name(properties.topic()).partitions(properties.partitions()).build();
    }

    /** The dead-letter topic: as many partitions as the source, room for any record the source can hold. */
    @Bean
    NewTopic deadLetterTopic(VerifyProperties properties) {
        return TopicBuilder.name(properties.dltTopic())
                .partitions(properties.partitions())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(properties.dlt().maxMessageBytes()))
                .build();
    }

    @Bean
    EventCheck eventCheck() {
        return new EventCheck();
    }

    /**
     * Raw bytes in and out: a dead letter is the original record, byte for byte, plus headers. Set on Boot's own
     * producer factory (the service's only producer), so every spring.kafka.* setting, security included, and
     * Boot's KafkaConnectionDetails reach it as they reach the listener's consumer.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer deadLetterProducer(VerifyProperties properties) {
        return factory -> factory.updateConfigs(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, RawBytesSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, RawBytesSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, properties.dlt().maxMessageBytes()));
    }

    @Bean
    KafkaTemplate<Object, Object> deadLetterTemplate(ProducerFactory<Object, Object> kafkaProducerFactory) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(kafkaProducerFactory);
        template.setObservationEnabled(true);
        return template;
    }

    /**
     * Publishes to the same partition number of the DLT, or lets Kafka choose if the DLT has fewer partitions, with
     * the reason headers. Waits for the broker's acknowledgement and throws if it does not come.
     */
    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaTemplate<Object, Object> deadLetterTemplate,
            VerifyProperties properties) {
        String dlt = properties.dltTopic();
        int dltPartitions = properties.partitions();
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, ex) -> new TopicPartition(dlt, record.partition() < dltPartitions ? record.partition() : -1));
        recoverer.setHeadersFunction((record, ex) -> DeadLetters.headers(ex));
        recoverer.setFailIfSendResultIsError(true);
        return recoverer;
    }

    /**
     * Records the listener never saw (not deserializable) or that failed after retries: dead-lettered, then counted
     * as invalid; only counted while a partition's count is rebuilt (dead-lettered before). If the DLT publish
     * fails, the record is not committed and is retried.
     */
    @Bean
    DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer deadLetterPublishingRecoverer, RunTally tally) {
        ConsumerAwareRecordRecoverer recoverAndCount = (record, consumer, ex) -> {
            if (!tally.recounting(record)) {
                deadLetterPublishingRecoverer.accept(record, consumer, ex);
            }
            tally.record(record, DeadLetters.verdict(ex), EndOffsets.of(consumer, record));
        };
        return new DefaultErrorHandler(recoverAndCount, new FixedBackOff(RETRY_INTERVAL_MS, RETRIES));
    }

    /**
     * The listener acknowledges each record it checked, and not those it only counts again while it rebuilds a
     * partition's count, so that the group's offset never moves back below what was checked.
     */
    @Bean(MANUAL_ACKS)
    ContainerPostProcessor<byte[], byte[], AbstractMessageListenerContainer<byte[], byte[]>> manualAcks() {
        return container -> container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
    }

    @Bean(destroyMethod = "close")
    Admin healthAdmin(KafkaAdmin kafkaAdmin) {
        return Admin.create(kafkaAdmin.getConfigurationProperties());
    }
}
