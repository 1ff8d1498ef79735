package io.sfcrime.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.calls.CallsTopic;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Binding of the settings as the application binds them, validation included: defaults,
 * pass-through, refusals.
 */
class AnalyticsPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(Settings.class);

    @Test
    void defaults() {
        this.runner.run(context -> {
            AnalyticsProperties properties = context.getBean(AnalyticsProperties.class);
            assertThat(properties.spark().master()).isEqualTo("local[*]");
            assertThat(properties.spark().uiEnabled()).isTrue();
            assertThat(properties.spark().uiPort()).isEqualTo(4040);
            assertThat(properties.spark().driverHost()).isEqualTo("127.0.0.1");
            assertThat(properties.source().topic()).isEqualTo(CallsTopic.NAME);
            assertThat(properties.source().startingOffsets()).isEqualTo("earliest");
            assertThat(properties.source().maxOffsetsPerTrigger()).isNull();
            assertThat(properties.source().minPartitions()).isNull();
            assertThat(properties.query().windowDuration()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.query().slideDuration()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.query().watermark()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.query().triggerInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.query().shufflePartitions()).isEqualTo(2);
            assertThat(properties.sink().topic()).isEqualTo("sf.crime.aggregates");
            assertThat(properties.kafkaTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.restart().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.restart().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.checkpointDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"),
                    "sfcrime-analytics", "checkpoint", "calls-per-window"));
        });
    }

    @Test
    void passesSparkPropertiesThroughWithTheirDots() {
        this.runner
            .withPropertyValues("sfcrime.analytics.spark.properties.spark.sql.streaming.stateStore.providerClass=x",
                    "sfcrime.analytics.source.max-offsets-per-trigger=20000",
                    "sfcrime.analytics.source.minPartitions=6")
            .run(context -> {
                AnalyticsProperties properties = context.getBean(AnalyticsProperties.class);
                assertThat(properties.spark().properties())
                    .containsEntry("spark.sql.streaming.stateStore.providerClass", "x");
                assertThat(properties.source().maxOffsetsPerTrigger()).isEqualTo(20_000L);
                assertThat(properties.source().minPartitions()).isEqualTo(6);
            });
    }

    @Test
    void refusesAMisspelledOrUnknownTuningKey() {
        assertRefused("sfcrime.analytics.source.maxRatePerPartition=1000",
                "sfcrime.analytics.source.maxrateperpartition", "left unbound");
        assertRefused("sfcrime.analytics.query.shuffle-partition=8", "sfcrime.analytics.query.shuffle-partition");
    }

    @Test
    void retriesHaveNoLimitToSet() {
        assertRefused("sfcrime.analytics.restart.max-attempts=5", "sfcrime.analytics.restart.max-attempts");
    }

    @Test
    void refusesAPassThroughKeyThatIsNotSparks() {
        assertRefused("sfcrime.analytics.spark.properties.maxOffsetsPerTrigger=100",
                "only keys starting with 'spark.'");
    }

    @Test
    void refusesNonsensicalValues() {
        assertRefused("sfcrime.analytics.source.max-offsets-per-trigger=0", "sfcrime.analytics.source",
                "maxOffsetsPerTrigger", "must be greater than 0");
        assertRefused("sfcrime.analytics.query.shuffle-partitions=0", "shufflePartitions", "must be greater than 0");
        assertRefused("sfcrime.analytics.query.slide-duration=2h", "slide-duration must not exceed window-duration");
        assertRefused("sfcrime.analytics.query.watermark=-1s", "watermark", "must not be negative");
        assertRefused("sfcrime.analytics.kafka-timeout=0s", "kafkaTimeout", "must be positive");
        assertRefused("sfcrime.analytics.restart.max-backoff=1s",
                "max-backoff must not be shorter than initial-backoff");
        assertRefused("sfcrime.analytics.spark.driver-port=0", "driverPort", "must be greater than or equal to 1");
        assertRefused("sfcrime.analytics.spark.driver-block-manager-port=65536", "driverBlockManagerPort",
                "must be less than or equal to 65535");
    }

    /** Start-up fails with a message holding every one of {@code message}. */
    private void assertRefused(String setting, String... message) {
        this.runner.withPropertyValues(setting)
            .run(context -> assertThat(context.getStartupFailure()).as(setting)
                .rootCause()
                .message()
                .contains(message));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AnalyticsProperties.class)
    static class Settings {

    }

}
