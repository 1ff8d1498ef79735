package io.sfcrime.analytics.results;

import io.sfcrime.analytics.AnalyticsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class ResultsConfiguration {

    /**
     * Compacted: a re-run micro-batch rewrites the same keys, and the topic keeps the
     * latest row of each.
     */
    @Bean
    NewTopic aggregatesNewTopic(AnalyticsProperties properties) {
        AnalyticsProperties.Sink sink = properties.sink();
        return TopicBuilder.name(sink.topic())
            .partitions(sink.partitions())
            .replicas(sink.replicas())
            .compact()
            .build();
    }

}
