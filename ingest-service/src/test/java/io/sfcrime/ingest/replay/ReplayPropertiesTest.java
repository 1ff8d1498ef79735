package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The replay settings as Boot binds them: the record's defaults, and a start refused for
 * a setting out of bounds.
 */
class ReplayPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
        .withUserConfiguration(Settings.class);

    @EnableConfigurationProperties(ReplayProperties.class)
    static class Settings {

    }

    @Test
    void withNothingSetTheSettingsAreTheRecordsDefaults() {
        this.context.run(started -> {
            ReplayProperties properties = started.getBean(ReplayProperties.class);
            assertThat(properties.file()).isEqualTo("classpath:calls/police-department-calls-for-service.json.gz");
            assertThat(properties.topic())
                .isEqualTo(new ReplayProperties.Topic("police.department.calls", 3, (short) 1));
            assertThat(properties.defaults())
                .isEqualTo(new ReplayProperties.Defaults(0, null, ReplayOrder.EVENT_TIME, null, false));
            assertThat(properties.progressInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.abortAfterConsecutiveFailures()).isEqualTo(100);
            assertThat(properties.autoStart()).isFalse();
            assertThat(properties.filesDir()).isNull();
        });
    }

    @Test
    void anOrderIsBoundByItsName() {
        this.context.withPropertyValues("sfcrime.replay.defaults.order=file")
            .run(started -> assertThat(started.getBean(ReplayProperties.class).defaults().order())
                .isEqualTo(ReplayOrder.FILE));
    }

    @Test
    void aSettingOutOfItsBoundsStopsTheStartNamingIt() {
        this.context
            .withPropertyValues("sfcrime.replay.defaults.rate=-1", "sfcrime.replay.defaults.limit=0",
                    "sfcrime.replay.topic.partitions=0")
            .run(started -> {
                assertThat(started).hasFailed();
                assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("defaults.rate")
                    .hasMessageContaining("defaults.limit")
                    .hasMessageContaining("topic.partitions");
            });
    }

}
