package io.sfcrime.ingest.replay;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The calls topic, created at start-up if the broker lacks it, and as a replay starts if
 * the broker lacks it then ({@link TopicLimit}); an existing topic keeps its
 * configuration, its {@code min.insync.replicas} included (see
 * {@link io.sfcrime.support.DeclaredTopics}).
 */
@Configuration(proxyBeanMethods = false)
class ReplayTopic {

    @Bean
    NewTopic callsTopic(ReplayProperties properties) {
        ReplayProperties.Topic topic = properties.topic();
        TopicBuilder builder = TopicBuilder.name(topic.name())
            .partitions(topic.partitions())
            .replicas(topic.replicas());
        if (topic.minInsyncReplicas() != null) {
            builder.config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, topic.minInsyncReplicas().toString());
        }
        return builder.build();
    }

}
