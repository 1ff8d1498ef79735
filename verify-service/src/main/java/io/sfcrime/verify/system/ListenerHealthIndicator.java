package io.sfcrime.verify.system;

import java.util.Collection;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Health component {@code kafkaListener}: UP only when every listener container, and each
 * of its consumer threads, is running. The broker itself is service-support's
 * {@code kafka} component.
 */
@Component("kafkaListenerHealthIndicator")
class ListenerHealthIndicator implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;

    ListenerHealthIndicator(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        Collection<MessageListenerContainer> containers = this.registry.getListenerContainers();
        long running = containers.stream().filter(ListenerHealthIndicator::running).count();
        Health.Builder health = containers.isEmpty() || running < containers.size() ? Health.down() : Health.up();
        return health.withDetail("listenerContainers", containers.size()).withDetail("running", running).build();
    }

    private static boolean running(MessageListenerContainer container) {
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
            return concurrent.isRunning()
                    && concurrent.getContainers().stream().allMatch(MessageListenerContainer::isRunning);
        }
        return container.isRunning();
    }

}
