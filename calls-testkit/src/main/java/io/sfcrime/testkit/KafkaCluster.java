package io.sfcrime.testkit;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A KRaft cluster of several {@link KafkaBrokerProcess}es, each node broker and
 * controller at once, sharing one cluster id and one quorum, on 127.0.0.1: a test can
 * kill any node (a leader, say) while the others serve. Kafka's internal topics are
 * replicated to every node with a majority as their minimum in-sync replicas, as a
 * production cluster of that size sets them; the calls topic's settings are the test's
 * (or the service's) to choose.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaBrokerProcess> nodes = new ArrayList<>();

    /**
     * @param dir the cluster's home: node {@code i}'s is {@code dir/node-i}
     * @param size the number of nodes, all of them voters
     * @param overrides broker settings on top of the cluster's defaults, for every node
     */
    public KafkaCluster(Path dir, int size, Map<String, String> overrides) {
        if (size < 1) {
            throw new IllegalArgumentException("A cluster needs a node at least, not " + size);
        }
        String clusterId = KafkaBrokerProcess.newClusterId();
        // Below the ephemeral range: the first node's connections to the others, made
        // while they still start, must
        // not be given a port another node is about to listen on (seen here: a node
        // exiting at start-up).
        int first = FreePorts.consecutive(2 * size);
        List<Integer> ports = IntStream.range(0, size).map(i -> first + i).boxed().toList();
        List<Integer> controllerPorts = IntStream.range(0, size).map(i -> first + size + i).boxed().toList();
        String voters = IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
            .collect(Collectors.joining(","));
        String replicas = String.valueOf(size);
        String majority = String.valueOf(size / 2 + 1);
        Map<String, String> config = new HashMap<>();
        config.put("offsets.topic.replication.factor", replicas);
        config.put("transaction.state.log.replication.factor", replicas);
        config.put("transaction.state.log.min.isr", majority);
        // Kafka's 2 s made the quorum's followers, starved of CPU on a loaded 2-core
        // machine, call election after
        // election (epoch 18 within 90 s, no node ever serving); a dead leader is
        // replaced after this instead.
        config.put("controller.quorum.fetch.timeout.ms", "10000");
        // A dead follower leaves the in-sync replicas after this, not Kafka's 30 s: until
        // then acks=all waits for
        // it, and every write to a partition it follows stalls.
        config.put("replica.lag.time.max.ms", "10000");
        config.putAll(overrides);
        // Formatting each node's storage is a JVM of its own: the nodes are made side by
        // side.
        this.nodes.addAll(IntStream.range(0, size)
            .parallel()
            .mapToObj(i -> new KraftNode(i + 1, ports.get(i), controllerPorts.get(i), voters, clusterId))
            .map(node -> new KafkaBrokerProcess(dir.resolve("node-" + node.id()), node, config))
            .toList());
    }

    /**
     * Starts every node, then waits until each answers: no node answers before a majority
     * of the quorum runs.
     */
    public KafkaCluster start() {
        this.nodes.forEach(KafkaBrokerProcess::launch);
        this.nodes.forEach(KafkaBrokerProcess::awaitAnswering);
        return this;
    }

    /** Every node's address, as a client's bootstrap list. */
    public String bootstrapServers() {
        return this.nodes.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The nodes, node id 1 first. */
    public List<KafkaBrokerProcess> nodes() {
        return List.copyOf(this.nodes);
    }

    /** The nodes still running. */
    public List<KafkaBrokerProcess> alive() {
        return this.nodes.stream().filter(KafkaBrokerProcess::isAlive).toList();
    }

    /** The node that leads the partition now, as the cluster's metadata says. */
    public KafkaBrokerProcess leaderOf(String topic, int partition) {
        int leader = describe(topic).partitions().get(partition).leader().id();
        return this.nodes.stream()
            .filter(node -> node.nodeId() == leader)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No node " + leader + " in this cluster"));
    }

    /** The topic's partitions with their leaders, replicas and in-sync replicas. */
    public TopicDescription describe(String topic) {
        return ask(topic, admin -> admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS))
            .get(topic);
    }

    /**
     * One of the topic's settings as the cluster has it, set on the topic itself (not a
     * broker's default) or null.
     */
    public String topicConfig(String topic, String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry entry = ask(topic,
                admin -> admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource))
            .get(name);
        return entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? entry.value() : null;
    }

    @Override
    public void close() {
        this.nodes.forEach(KafkaBrokerProcess::close);
    }

    /**
     * The call's answer from whichever node the admin client asks. A node that has not
     * had a new topic's metadata yet says it does not know the topic (seen in CI right
     * after another node had described it), so that answer is asked again; any other
     * failure ends the wait.
     */
    private <T> T ask(String topic, AdminCall<T> call) {
        return await("topic " + topic + " known to the node asked").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> answer(topic, call), Optional::isPresent)
            .get();
    }

    private <T> Optional<T> answer(String topic, AdminCall<T> call) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return Optional.of(call.on(admin));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IllegalStateException("Topic " + topic + " not described", ex);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Topic " + topic + " not described", ex);
        }
    }

    private interface AdminCall<T> {

        T on(Admin admin) throws InterruptedException, ExecutionException, TimeoutException;

    }

}
