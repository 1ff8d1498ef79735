package io.sfcrime.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health component {@code kafka}: UP when the broker the service is configured with
 * (Boot's {@link KafkaAdmin}, so its bootstrap servers, security and client settings)
 * describes its cluster within the timeout.
 */
class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Admin admin;

    private final Duration timeout;

    private final Object bootstrapServers;

    KafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaHealthProperties properties) {
        this.timeout = properties.timeout();
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        // A health request must not wait out the admin client's own minute-long defaults.
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis());
        this.bootstrapServers = config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.admin = Admin.create(config);
    }

    @Override
    public Health health() {
        DescribeClusterResult cluster = this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis()));
        Health.Builder health = Health.up().withDetail("bootstrapServers", this.bootstrapServers);
        try {
            String clusterId = cluster.clusterId().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
            int nodes = cluster.nodes().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            return health.withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return health.down().withDetail("error", "interrupted").build();
        }
        catch (ExecutionException | TimeoutException ex) {
            Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            return health.down().withDetail("error", "Kafka not reachable: " + cause).build();
        }
    }

    private int millis() {
        return (int) this.timeout.toMillis();
    }

    @Override
    public void destroy() {
        this.admin.close(Duration.ofSeconds(2));
    }

}
