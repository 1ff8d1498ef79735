package io.sfcrime.ingest.replay;

import io.sfcrime.support.DeclaredTopics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the producer's {@code batch.size} and {@code max.request.size} within the largest
 * batch the topic takes ({@code max.message.bytes}, the topic's own or the broker's). A
 * batch larger than that is refused by the broker, and the producer splits it into
 * batches of {@code batch.size} again and again: with a 2000-byte topic limit and 256 KB
 * batches it retried 19,053 times in 2 minutes, until {@code delivery.timeout.ms}, a
 * replay that hangs. Within the limit, the producer itself refuses a record too large for
 * the topic at once ({@code RecordTooLargeException}), and the replay reports it as
 * skipped and goes on. A topic the broker does not have is created first, as declared
 * ({@link ReplayTopic}): a service started before its broker did not get it at start-up.
 */
@Component
class TopicLimit {

    private static final Logger log = LoggerFactory.getLogger(TopicLimit.class);

    private static final int TIMEOUT_MS = 5_000;

    private final ProducerFactory<String, byte[]> producerFactory;

    private final KafkaAdmin kafkaAdmin;

    private final String topic;

    private final NewTopic declared;

    private final DeclaredTopics declaredTopics;

    private final int configuredBatchSize;

    private final int configuredMaxRequestSize;

    private int batchSize;

    private int maxRequestSize;

    TopicLimit(KafkaTemplate<String, byte[]> template, KafkaAdmin kafkaAdmin, NewTopic callsTopic,
            DeclaredTopics declaredTopics) {
        this.producerFactory = template.getProducerFactory();
        this.kafkaAdmin = kafkaAdmin;
        this.topic = callsTopic.name();
        this.declared = callsTopic;
        this.declaredTopics = declaredTopics;
        ProducerSettings producer = new ProducerSettings(this.producerFactory);
        this.configuredBatchSize = (int) producer.number(ProducerConfig.BATCH_SIZE_CONFIG);
        this.configuredMaxRequestSize = (int) producer.number(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.batchSize = this.configuredBatchSize;
        this.maxRequestSize = this.configuredMaxRequestSize;
    }

    /**
     * Asks the broker for the topic's limit and fits the producer to it (a new producer,
     * if its settings change). Called as a replay starts, when no send of the service is
     * in flight.
     * @return the topic's {@code max.message.bytes}, or null if the broker did not answer
     * (the producer is left as it is: a replay then waits for the broker, or fails)
     */
    synchronized Integer fitProducer() {
        Integer limit = describeLimit();
        if (limit == null) {
            return null;
        }
        int batch = Math.min(this.configuredBatchSize, limit);
        int request = Math.min(this.configuredMaxRequestSize, limit);
        if (batch != this.batchSize || request != this.maxRequestSize) {
            log.warn("Topic {} takes batches of at most {} bytes (max.message.bytes): the producer now sends with "
                    + "batch.size {} and max.request.size {} (configured: {} and {}), so that a larger record is "
                    + "refused at once and reported instead of retried", this.topic, limit, batch, request,
                    this.configuredBatchSize, this.configuredMaxRequestSize);
            this.producerFactory.updateConfigs(
                    Map.of(ProducerConfig.BATCH_SIZE_CONFIG, batch, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, request));
            this.producerFactory.reset();
            this.batchSize = batch;
            this.maxRequestSize = request;
        }
        return limit;
    }

    private Integer describeLimit() {
        try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
            try {
                return describeLimit(admin);
            }
            catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw ex;
                }
                log.info("Topic {} does not exist: creating it as declared ({} partitions)", this.topic,
                        this.declared.numPartitions());
                this.declaredTopics.createIfMissing(this.declared);
                return describeLimit(admin);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            log.warn("Could not read the record size limit of topic {}: {}", this.topic, ex.toString());
            return null;
        }
    }

    private Integer describeLimit(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, this.topic);
        Config topicConfig = admin
            .describeConfigs(List.of(resource), new DescribeConfigsOptions().timeoutMs(TIMEOUT_MS))
            .all()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .get(resource);
        return Integer.valueOf(topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }

}
