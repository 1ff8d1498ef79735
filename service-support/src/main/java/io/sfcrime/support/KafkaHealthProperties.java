package io.sfcrime.support;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka health component's settings.
 *
 * @param timeout how long a health request waits for the broker to describe its cluster
 * before it says DOWN
 */
@ConfigurationProperties("sfcrime.health.kafka")
public record KafkaHealthProperties(@DefaultValue("3s") Duration timeout) {
}
