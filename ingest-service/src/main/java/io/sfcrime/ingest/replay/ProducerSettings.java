package io.sfcrime.ingest.replay;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The producer's settings as Boot's producer factory holds them
 * ({@code spring.kafka.producer.*}), or Kafka's own defaults for those not set: what the
 * replay has to know of the producer it sends through.
 */
final class ProducerSettings {

    private final Map<String, Object> config;

    ProducerSettings(ProducerFactory<?, ?> factory) {
        this.config = factory.getConfigurationProperties();
    }

    /** A numeric setting as configured, or Kafka's default. */
    long number(String key) {
        Object value = this.config.get(key);
        if (value == null) {
            value = ProducerConfig.configDef().defaultValues().get(key);
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
    }

    /** How long the producer retries an event before it gives up on it. */
    Duration deliveryTimeout() {
        return Duration.ofMillis(number(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    }

    long bufferMemory() {
        return number(ProducerConfig.BUFFER_MEMORY_CONFIG);
    }

    String bootstrapServers() {
        Object servers = this.config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof Collection<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(",")) : String.valueOf(servers);
    }

}
