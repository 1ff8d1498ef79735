package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
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
                .isEqualTo(new ReplayProperties.Topic("police.department.calls", 3, (short) 1, null));
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
    void aMinimumOfInSyncReplicasGoesOnTheTopicTheServiceCreates() {
        this.context.withUserConfiguration(ReplayTopic.class)
            .withPropertyValues("sfcrime.replay.topic.replicas=3", "sfcrime.replay.topic.min-insync-replicas=2")
            .run(started -> assertThat(started.getBean(NewTopic.class)).satisfies(topic -> {
                assertThat(topic.replicationFactor()).isEqualTo((short) 3);
                assertThat(topic.configs()).containsExactly(entry("min.insync.replicas", "2"));
            }));
    }

    @Test
    void withoutAMinimumOfInSyncReplicasTheTopicTakesTheBrokersDefault() {
        this.context.withUserConfiguration(ReplayTopic.class)
            .run(started -> assertThat(started.getBean(NewTopic.class).configs()).isNullOrEmpty());
    }

    @Test
    void moreInSyncReplicasThanReplicasStopTheStart() {
        this.context.withPropertyValues("sfcrime.replay.topic.replicas=2", "sfcrime.replay.topic.min-insync-replicas=3")
            .run(started -> {
                assertThat(started).hasFailed();
                assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("min-insync-replicas must not exceed replicas");
            });
    }

    @Test
    void aSettingOutOfItsBoundsStopsTheStartNamingIt() {
        this.context
            .withPropertyValues("sfcrime.replay.defaults.rate=-1", "sfcrime.replay.defaults.limit=0",
                    "sfcrime.replay.topic.partitions=0", "sfcrime.replay.topic.min-insync-replicas=0")
            .run(started -> {
                assertThat(started).hasFailed();
                assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("defaults.rate")
                    .hasMessageContaining("defaults.limit")
                    .hasMessageContaining("topic.partitions")
                    .hasMessageContaining("topic.minInsyncReplicas");
            });
    }

}
