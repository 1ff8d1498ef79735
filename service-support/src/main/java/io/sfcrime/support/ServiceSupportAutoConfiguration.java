package io.sfcrime.support;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The health component every service reports its broker with (Boot has no Kafka health
 * indicator of its own; one here keeps the three services' {@code kafka} components the
 * same), and the creation of declared topics after start-up.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaHealthProperties.class)
public class ServiceSupportAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnEnabledHealthIndicator("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaHealthProperties properties) {
        return new KafkaHealthIndicator(kafkaAdmin, properties);
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    DeclaredTopics declaredTopics(KafkaAdmin kafkaAdmin, KafkaProperties properties) {
        return new DeclaredTopics(kafkaAdmin, properties.getAdmin().isAutoCreate());
    }

}
