package io.sfcrime.ingest.replay;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The calls topic, created at start-up if the broker lacks it (an existing topic is left
 * as it is).
 */
@Configuration(proxyBeanMethods = false)
class ReplayTopic {

    @Bean
    NewTopic callsTopic(ReplayProperties properties) {
        ReplayProperties.Topic topic = properties.topic();
        return TopicBuilder.name(topic.name()).partitions(topic.partitions()).replicas(topic.replicas()).build();
    }

}
