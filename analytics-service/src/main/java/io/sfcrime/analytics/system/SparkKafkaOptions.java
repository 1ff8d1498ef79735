package io.sfcrime.analytics.system;

import io.sfcrime.analytics.AnalyticsProperties;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * The Kafka client options of Spark's Kafka source, in one place. Spark builds its own
 * consumers and admin client from these options alone, so they are taken from the
 * configuration of Boot's consumer factory, which holds every {@code spring.kafka.*}
 * setting (bootstrap servers, {@code security.protocol}, {@code spring.kafka.ssl.*},
 * {@code spring.kafka.properties.sasl.*}) and whatever a {@code KafkaConnectionDetails}
 * bean supplies: a secured cluster is configured once, for Spark's source and the
 * service's own clients alike. Only the connection and security settings are taken
 * (deserializers and offsets are Spark's business); then
 * {@code sfcrime.analytics.source.kafka.*} is added as given, over the service's
 * timeouts.
 */
@Component
public class SparkKafkaOptions {

    /** The settings that say where the cluster is and how to authenticate to it. */
    private static final String[] CONNECTION_PREFIXES = { "sasl.", "ssl." };

    private static final String[] CONNECTION_KEYS = { CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG };

    /**
     * Boot's engine factory for {@code spring.kafka.ssl.bundle}: it needs the bundle
     * object, which is not text.
     */
    private static final String SSL_BUNDLE_ENGINE = "org.springframework.boot.autoconfigure.kafka.SslBundleSslEngineFactory";

    private final Map<String, String> options;

    SparkKafkaOptions(ConsumerFactory<?, ?> consumers, AnalyticsProperties properties) {
        Map<String, String> options = new LinkedHashMap<>();
        // Without these the broker going away goes unnoticed for minutes: Spark looks
        // offsets up through an admin client (60 s per call, three attempts) and
        // fetches for up to spark.network.timeout (120 s).
        String timeout = Long.toString(properties.kafkaTimeout().toMillis());
        options.put("kafka." + CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        options.put("kafka." + CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        options.put("kafkaConsumer.pollTimeoutMs", timeout);
        consumers.getConfigurationProperties().forEach((key, value) -> {
            if (isConnectionSetting(key) && value != null) {
                options.put("kafka." + key, text(key, value));
            }
        });
        properties.source().kafka().forEach((key, value) -> options.put("kafka." + key, value));
        this.options = Map.copyOf(options);
    }

    /** Every {@code kafka.*} option of the source, and its poll timeout. */
    public Map<String, String> options() {
        return this.options;
    }

    /**
     * For the log: where the source reads from and how it authenticates, never with what.
     */
    public String describe() {
        return this.options.get("kafka." + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " ("
                + this.options.getOrDefault("kafka." + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT") + ")";
    }

    private static boolean isConnectionSetting(String key) {
        for (String prefix : CONNECTION_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        for (String name : CONNECTION_KEYS) {
            if (key.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String text(String key, Object value) {
        if (value instanceof Class<?> type) {
            if (type.getName().equals(SSL_BUNDLE_ENGINE)) {
                throw new IllegalStateException("spring.kafka.ssl.bundle cannot reach Spark's Kafka source, which "
                        + "takes its settings as text: give the key and trust stores as spring.kafka.ssl.* locations");
            }
            return type.getName();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalStateException("The Kafka setting " + key + " is a " + value.getClass().getName()
                + ", which Spark's Kafka source cannot take as an option");
    }

}
