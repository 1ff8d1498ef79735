package io.sfcrime.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A single-node KRaft Kafka broker in its own process, from Kafka's jars on the test's
 * class path, with its data in a directory the test owns: the test can kill it, or stop
 * it, and start it again on the same data, port and cluster id, as an operator restarts a
 * broker. Unlike the embedded broker of the test JVM, it can really go away.
 * {@link #saslPlain} makes one that lets in only clients authenticated with SASL/PLAIN.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /**
     * Three nodes starting side by side on a loaded 2-core machine have taken more than
     * 90 s to elect a controller.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static final int LOG_TAIL_LINES = 40;

    private final Path dir;

    private final int nodeId;

    private final int port;

    private final ChildJvm broker;

    private final Map<String, Object> clientConfig;

    /**
     * @param dir the broker's home: its configuration, data and log
     * @param overrides broker settings on top of the single-node defaults
     */
    public KafkaBrokerProcess(Path dir, Map<String, String> overrides) {
        this(dir, KraftNode.single(), overrides, null, null);
    }

    /**
     * A broker whose only client listener is SASL_PLAINTEXT with the PLAIN mechanism,
     * knowing one client user besides its own inter-broker user: a client without these
     * credentials is refused.
     */
    public static KafkaBrokerProcess saslPlain(Path dir, String username, String password) {
        return new KafkaBrokerProcess(dir, KraftNode.single(), Map.of(), username, password);
    }

    /** One node of a {@link KafkaCluster}: its place in the quorum is {@code node}. */
    KafkaBrokerProcess(Path dir, KraftNode node, Map<String, String> overrides) {
        this(dir, node, overrides, null, null);
    }

    private KafkaBrokerProcess(Path dir, KraftNode node, Map<String, String> overrides, String username,
            String password) {
        this.dir = dir;
        this.nodeId = node.id();
        this.port = node.port();
        int controllerPort = node.controllerPort();
        boolean sasl = username != null;
        String protocol = sasl ? "SASL_PLAINTEXT" : "PLAINTEXT";
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(node.id()));
        config.put("controller.quorum.voters", node.voters());
        config.put("listeners", protocol + "://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", protocol + "://127.0.0.1:" + this.port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        if (sasl) {
            String brokerPassword = UUID.randomUUID().toString();
            config.put("inter.broker.listener.name", protocol);
            config.put("sasl.enabled.mechanisms", "PLAIN");
            config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            // The broker's own login for its inter-broker connections, then the users it
            // accepts (user_<name>).
            config.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\""
                            + brokerPassword + "\" user_broker=\"" + brokerPassword + "\" user_" + username + "=\""
                            + password + "\";");
            this.clientConfig = saslPlainClient(username, password);
        }
        else {
            this.clientConfig = Map.of();
        }
        config.put("log.dirs", dir.resolve("data").toString());
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        config.putAll(overrides);
        Path properties = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(properties,
                    config.entrySet()
                        .stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        format(dir, properties, node.clusterId());
        this.broker = ChildJvm.mainClass("kafka", "kafka.Kafka", dir, "512m", List.of(properties.toString()));
    }

    /** Starts the broker (again) and waits until it answers. */
    public KafkaBrokerProcess start() {
        launch();
        awaitAnswering();
        return this;
    }

    /**
     * Starts the process without waiting: a node of a cluster answers only once a
     * majority of the quorum runs.
     */
    void launch() {
        this.broker.start();
    }

    void awaitAnswering() {
        try {
            Awaitility.await("node " + this.nodeId + " answering")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .failFast("the broker exited", () -> !this.broker.isAlive())
                .until(this::answers);
        }
        catch (ConditionTimeoutException | TerminalFailureException ex) {
            throw new IllegalStateException(ex.getMessage() + "; the last lines of " + this.broker.logFile() + ":\n"
                    + this.broker.logTail(LOG_TAIL_LINES), ex);
        }
    }

    /**
     * SIGKILL: what the page cache holds survives, as on a real machine whose broker
     * process died.
     */
    public void kill() {
        this.broker.kill();
    }

    /** A controlled shutdown (SIGTERM). */
    public void stop() {
        this.broker.stop(Duration.ofSeconds(60));
    }

    public boolean isAlive() {
        return this.broker.isAlive();
    }

    /** Its {@code node.id}, which Kafka's metadata names leaders and replicas by. */
    public int nodeId() {
        return this.nodeId;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + this.port;
    }

    public Path dir() {
        return this.dir;
    }

    /**
     * What a client needs besides the bootstrap servers: nothing, or the SASL/PLAIN
     * credentials.
     */
    public Map<String, Object> clientConfig() {
        return this.clientConfig;
    }

    /** Client settings for SASL/PLAIN over plaintext with the given credentials. */
    public static Map<String, Object> saslPlainClient(String username, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                plainLogin(username, password));
    }

    /** The JAAS line of Kafka's PLAIN login module. */
    public static String plainLogin(String username, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    /** Creates a topic with replication factor 1 and waits until it exists. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                .all()
                .get(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Topic " + name + " not created", ex);
        }
    }

    @Override
    public void close() {
        if (this.broker.isAlive()) {
            this.broker.kill();
        }
    }

    private boolean answers() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            return false;
        }
    }

    private Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        config.putAll(this.clientConfig);
        return Admin.create(config);
    }

    /**
     * Kafka's own storage tool, once per data directory, as an operator sets up a KRaft
     * node.
     */
    private static void format(Path dir, Path properties, String clusterId) {
        if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            return;
        }
        ChildJvm tool = ChildJvm.mainClass("kafka-storage", "kafka.tools.StorageTool", dir, "256m",
                List.of("format", "-t", clusterId, "-c", properties.toString()));
        if (tool.start().waitFor(START_TIMEOUT) != 0) {
            throw new IllegalStateException("Formatting the broker's storage failed; the last lines of "
                    + tool.logFile() + ":\n" + tool.logTail(LOG_TAIL_LINES));
        }
    }

    /**
     * A KRaft cluster id, as Kafka's own tool makes them: Kafka's {@code Uuid} never
     * starts with a dash, which the storage tool would take for an option (one in 64
     * random ids did, and the format failed).
     */
    static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

}
