package io.sfcrime.verify.consume;

import io.sfcrime.verify.VerifyProperties;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * UP only when every listener container, and each of its consumer threads, is running and the broker answers a
 * describe-cluster request within the timeout.
 */
@Component("kafkaListenerHealthIndicator")
class ListenerHealthIndicator implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;

    private final Admin admin;

    private final Duration timeout;

    ListenerHealthIndicator(KafkaListenerEndpointRegistry registry, Admin healthAdmin, VerifyProperties properties) {
        this.registry = registry;
        this.admin = healthAdmin;
        this.timeout = properties.health().timeout();
    }

    @Override
    public Health health() {
        Collection<MessageListenerContainer> containers = this.registry.getListenerContainers();
        long running = containers.stream().filter(ListenerHealthIndicator::running).count();
        Health.Builder health = containers.isEmpty() || running < containers.size() ? Health.down() : Health.up();
        health.withDetail("listenerContainers", containers.size()).withDetail("running", running);
        return broker(health).build();
    }

    private Health.Builder broker(Health.Builder health) {
        DescribeClusterResult cluster = this.admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()));
        try {
            String clusterId = cluster.clusterId().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            int nodes = cluster.nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return health.withDetail("clusterId", clusterId).withDetail("brokers", nodes);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return health.down().withDetail("broker", "interrupted");
        } catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            return health.down().withDetail("broker", "unreachable: " + cause);
        }
    }

    private static boolean running(MessageListenerContainer container) {
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
            return concurrent.isRunning()
                    && concurrent.getContainers().stream().allMatch(MessageListenerContainer::isRunning);
        }
        return container.isRunning();
    }
}
