package io.sfcrime.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding of the settings as the application binds them: defaults, pass-through, and what is refused. */
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
            assertThat(properties.source().topic()).isEqualTo("police.department.calls");
            assertThat(properties.source().startingOffsets()).isEqualTo("earliest");
            assertThat(properties.source().maxOffsetsPerTrigger()).isNull();
            assertThat(properties.source().minPartitions()).isNull();
            assertThat(properties.query().windowDuration()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.query().slideDuration()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.query().watermark()).isEqualTo(Duration.ofHours(1));
            assertThat(properties.query().triggerInterval()).isZero();
            assertThat(properties.query().shufflePartitions()).isEqualTo(4);
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
        this.runner.withPropertyValues("sfcrime.analytics.spark.properties.spark.sql.streaming.stateStore.providerClass=x",
                "sfcrime.analytics.source.max-offsets-per-trigger=20000", "sfcrime.analytics.source.minPartitions=6")
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
        this.runner.withPropertyValues("sfcrime.analytics.source.maxRatePerPartition=1000").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("sfcrime.analytics.source.maxrateperpartition")
                    .hasMessageContaining("left unbound");
        });
        this.runner.withPropertyValues("sfcrime.analytics.query.shuffle-partition=8")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("sfcrime.analytics.query.shuffle-partition"));
    }

    @Test
    void retriesHaveNoLimitToSet() {
        this.runner.withPropertyValues("sfcrime.analytics.restart.max-attempts=5")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("sfcrime.analytics.restart.max-attempts"));
    }

    @Test
    void refusesAPassThroughKeyThatIsNotSparks() {
        this.runner.withPropertyValues("sfcrime.analytics.spark.properties.maxOffsetsPerTrigger=100")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("only keys starting with 'spark.'"));
    }

    @Test
    void refusesNonsensicalValues() {
        this.runner.withPropertyValues("sfcrime.analytics.source.max-offsets-per-trigger=0")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("max-offsets-per-trigger must be positive"));
        this.runner.withPropertyValues("sfcrime.analytics.query.slide-duration=2h")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("must not exceed"));
        this.runner.withPropertyValues("sfcrime.analytics.kafka-timeout=0s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("kafka-timeout must be positive"));
        this.runner.withPropertyValues("sfcrime.analytics.restart.max-backoff=1s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("must not be shorter than restart.initial-backoff"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AnalyticsProperties.class)
    static class Settings {
    }
}
