package io.sfcrime.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfcrime.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real application context on a real broker, and on a port where no broker is. */
class ServiceSupportTest {

    @Test
    void kafkaIsUpWithTheClusterItDescribesAndDownWhereNoBrokerAnswers() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext context = start(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString())) {
            Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("nodes", 1)
                .containsEntry("bootstrapServers", java.util.List.of(broker.getBrokersAsString()))
                .containsKey("clusterId");
        }
        finally {
            broker.destroy();
        }
        String nowhere = "127.0.0.1:" + FreePorts.one();
        try (ConfigurableApplicationContext context = start("--spring.kafka.bootstrap-servers=" + nowhere,
                "--sfcrime.health.kafka.timeout=1s")) {
            Health health = context.getBean("kafkaHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).startsWith("Kafka not reachable: ");
        }
    }

    @Test
    void aDeclaredTopicTheBrokerLacksIsCreatedAsDeclaredUnlessAutoCreationIsOff() throws Exception {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        String brokers = "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString();
        try (Admin admin = Admin
            .create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            try (ConfigurableApplicationContext context = start(brokers, "--spring.kafka.admin.auto-create=false")) {
                context.getBean(DeclaredTopics.class)
                    .createIfMissing(TopicBuilder.name("not-created").partitions(2).build());
            }
            try (ConfigurableApplicationContext context = start(brokers)) {
                DeclaredTopics topics = context.getBean(DeclaredTopics.class);
                topics.createIfMissing(TopicBuilder.name("declared")
                    .partitions(3)
                    .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000000")
                    .build());
                topics.createIfMissing(TopicBuilder.name("declared").partitions(3).build());
            }

            assertThat(admin.listTopics().names().get()).contains("declared").doesNotContain("not-created");
            assertThat(admin.describeTopics(List.of("declared")).allTopicNames().get().get("declared").partitions())
                .hasSize(3);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "declared");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo("4000000");
        }
        finally {
            broker.destroy();
        }
    }

    @Test
    void everyServiceStartsFromTheSharedDefaultsAndCanSetThemOtherwise() {
        try (ConfigurableApplicationContext context = start("--spring.application.name=some-service")) {
            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(context.getEnvironment().getProperty("management.metrics.tags.application"))
                .isEqualTo("some-service");
            assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health,info,prometheus");
            KafkaAdmin admin = context.getBean(KafkaAdmin.class);
            assertThat(admin.getOperationTimeout()).isEqualTo(10);
            assertThat(admin).extracting("closeTimeout").isEqualTo(Duration.ofSeconds(1));
        }
        try (ConfigurableApplicationContext context = start("--server.address=0.0.0.0",
                "--spring.kafka.admin.operation-timeout=3s")) {
            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("0.0.0.0");
            assertThat(context.getBean(KafkaAdmin.class).getOperationTimeout()).isEqualTo(3);
        }
    }

    @Test
    void theKafkaComponentCanBeSwitchedOffLikeBootsOwn() {
        try (ConfigurableApplicationContext context = start("--management.health.kafka.enabled=false")) {
            assertThat(context.containsBean("kafkaHealthIndicator")).isFalse();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE).run(args);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {

    }

}
