package io.sfcrime.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfcrime.analytics.TestSettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * What Spark's Kafka source is given, from a consumer configuration as Boot builds it and
 * the service's timeouts.
 */
class SparkKafkaOptionsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required;";

    private static final Map<String, Object> BOOT_CONSUMER = Map.of("bootstrap.servers", List.of("a:9093", "b:9093"),
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
            "ssl.truststore.location", "/etc/truststore.p12", "key.deserializer", StringDeserializer.class, "group.id",
            "ignored", "auto.offset.reset", "earliest");

    @Test
    void takesTheConnectionAndSecuritySettingsAndTheSourceOwnOnes() {
        SparkKafkaOptions options = new SparkKafkaOptions(new DefaultKafkaConsumerFactory<>(BOOT_CONSUMER),
                TestSettings.bind(Map.of("sfcrime.analytics.source.kafka.fetch.max.bytes", "1048576",
                        "sfcrime.analytics.source.kafka.sasl.mechanism", "PLAIN",
                        "sfcrime.analytics.source.kafka.request.timeout.ms", "30000")));

        assertThat(options.options()).as("the user's source settings over the service's timeouts")
            .containsOnly(Map.entry("kafka.request.timeout.ms", "30000"),
                    Map.entry("kafka.default.api.timeout.ms", "10000"),
                    Map.entry("kafkaConsumer.pollTimeoutMs", "10000"),
                    Map.entry("kafka.bootstrap.servers", "a:9093,b:9093"),
                    Map.entry("kafka.security.protocol", "SASL_SSL"), Map.entry("kafka.sasl.mechanism", "PLAIN"),
                    Map.entry("kafka.sasl.jaas.config", JAAS),
                    Map.entry("kafka.ssl.truststore.location", "/etc/truststore.p12"),
                    Map.entry("kafka.fetch.max.bytes", "1048576"));
        assertThat(options.describe()).isEqualTo("a:9093,b:9093 (SASL_SSL)");
    }

    @Test
    void refusesAnSslBundleItCannotPassOn() throws Exception {
        Class<?> bundleEngine = Class.forName("org.springframework.boot.autoconfigure.kafka.SslBundleSslEngineFactory");

        assertThatIllegalStateException()
            .isThrownBy(() -> new SparkKafkaOptions(
                    new DefaultKafkaConsumerFactory<>(
                            Map.of("bootstrap.servers", "a:9093", "ssl.engine.factory.class", bundleEngine)),
                    TestSettings.bind(Map.of())))
            .withMessageContaining("spring.kafka.ssl.bundle cannot reach Spark");
    }

    @Test
    void refusesSourceSettingsSparkManages() {
        assertThatThrownBy(() -> TestSettings.bind(Map.of("sfcrime.analytics.source.kafka.key.deserializer", "x")))
            .rootCause()
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("sfcrime.analytics.source.kafka.key.deserializer cannot be set");
    }

}
