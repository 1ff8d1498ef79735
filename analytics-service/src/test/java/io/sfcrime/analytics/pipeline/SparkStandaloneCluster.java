package io.sfcrime.analytics.pipeline;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.testkit.ChildJvm;
import io.sfcrime.testkit.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A real Spark standalone cluster on this machine without Docker: a Master and Workers,
 * each a JVM of its own running Spark's own classes from the test's class path, all on
 * 127.0.0.1 and free ports. The Workers launch executors with Spark's launcher from a
 * generated {@code SPARK_HOME} whose {@code jars/} links the class path's jars less those
 * the service ships ({@link ExecutorJars#MARKERS}' jars; directories are never linked),
 * so executors have what a Spark distribution has and nothing of the application's.
 */
final class SparkStandaloneCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final ChildJvm master;

    private final int masterPort;

    private final int masterUi;

    private final List<ChildJvm> workers;

    private final List<Integer> workerPorts;

    private SparkStandaloneCluster(ChildJvm master, int masterPort, int masterUi, List<ChildJvm> workers,
            List<Integer> workerPorts) {
        this.master = master;
        this.masterPort = masterPort;
        this.masterUi = masterUi;
        this.workers = workers;
        this.workerPorts = workerPorts;
    }

    /**
     * A Master and {@code workers} Workers of one core and {@code workerMemory} each,
     * started under {@code dir} and alive when this returns.
     */
    static SparkStandaloneCluster start(Path dir, int workers, String workerMemory) {
        Path home = sparkHome(dir.resolve("spark-home"));
        Map<String, String> environment = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION",
                scalaBinaryVersion(), "SPARK_LOCAL_IP", HOST, "SPARK_LOCAL_DIRS", dir.resolve("local").toString());
        List<String> logging = List.of("-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"));
        int masterPort = FreePorts.one();
        int masterUi = FreePorts.one();
        ChildJvm master = ChildJvm.mainClass("spark-master", "org.apache.spark.deploy.master.Master",
                dir.resolve("master"), "256m", logging, List.of("--host", HOST, "--port", Integer.toString(masterPort),
                        "--webui-port", Integer.toString(masterUi)))
            .withEnvironment(environment);
        List<ChildJvm> started = new ArrayList<>();
        List<Integer> workerPorts = new ArrayList<>();
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(master, masterPort, masterUi, started, workerPorts);
        try {
            master.start();
            for (int i = 1; i <= workers; i++) {
                Path workDir = dir.resolve("worker-" + i);
                int port = FreePorts.one();
                workerPorts.add(port);
                started.add(ChildJvm
                    .mainClass("spark-worker-" + i, "org.apache.spark.deploy.worker.Worker", workDir, "256m", logging,
                            List.of("--host", HOST, "--port", Integer.toString(port), "--webui-port",
                                    Integer.toString(FreePorts.one()), "--cores", "1", "--memory", workerMemory,
                                    "--work-dir", workDir.resolve("work").toString(), cluster.masterUrl()))
                    .withEnvironment(environment)
                    .start());
            }
            await(workers + " ALIVE workers at " + cluster.masterUrl()).atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> cluster.aliveWorkers().count() == workers);
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    /** {@code spark://127.0.0.1:<port>}. */
    String masterUrl() {
        return "spark://" + HOST + ":" + this.masterPort;
    }

    /** The Master's state: workers, applications. */
    JsonNode masterJson() {
        return RestResults.onPort(this.masterUi).json("/json/");
    }

    /** The Workers the Master has as ALIVE, as its {@code /json/} describes them. */
    private Stream<JsonNode> aliveWorkers() {
        return StreamSupport.stream(masterJson().path("workers").spliterator(), false)
            .filter(worker -> worker.path("state").asText().equals("ALIVE"));
    }

    /**
     * The state of the {@code index}th Worker (from 0), its executors among it, read from
     * the UI address the Worker registered with the Master: what it bound, not what it
     * was asked to.
     */
    JsonNode workerJson(int index) {
        int port = this.workerPorts.get(index);
        JsonNode worker = aliveWorkers().filter(registered -> registered.path("port").asInt() == port)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No worker on port " + port + " at " + masterUrl()));
        return RestResults.onPort(URI.create(worker.path("webuiaddress").asText()).getPort()).json("/json/");
    }

    /**
     * SIGTERM, Workers first: a stopping Worker ends the executors it launched.
     */
    @Override
    public void close() {
        this.workers.forEach(worker -> worker.stop(Duration.ofSeconds(30)));
        this.master.stop(Duration.ofSeconds(30));
    }

    /**
     * {@code jars/} linking this JVM's class path jars less the ones the service ships,
     * checked to load none of {@link ExecutorJars#MARKERS}, and {@code conf/logback.xml}
     * (the launcher puts {@code conf/} on the executors' class path).
     */
    private static Path sparkHome(Path home) {
        try {
            Path jars = Files.createDirectories(home.resolve("jars"));
            Set<Path> shipped = ExecutorJars.MARKERS.stream()
                .map(SparkStandaloneCluster::codeSource)
                .collect(Collectors.toSet());
            List<URL> linked = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path jar = Path.of(entry).toAbsolutePath();
                if (Files.isRegularFile(jar) && jar.toString().endsWith(".jar") && !shipped.contains(jar)) {
                    Path link = jars.resolve(jar.getFileName());
                    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, jar);
                        linked.add(link.toUri().toURL());
                    }
                }
            }
            try (URLClassLoader executors = new URLClassLoader(linked.toArray(URL[]::new),
                    ClassLoader.getPlatformClassLoader())) {
                for (Class<?> marker : ExecutorJars.MARKERS) {
                    if (executors.getResource(marker.getName().replace('.', '/') + ".class") != null) {
                        throw new IllegalStateException(marker + " is in the cluster's jars: executors would not "
                                + "need the service to ship it");
                    }
                }
            }
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("logback.xml"), """
                    <configuration>
                      <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
                        <target>System.err</target>
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="err"/></root>
                    </configuration>
                    """);
            return home;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot make a SPARK_HOME in " + home, ex);
        }
    }

    private static Path codeSource(Class<?> marker) {
        try {
            return Path.of(marker.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** {@code 2.12} for Scala 2.12.18: what Spark's launcher looks jars up by. */
    private static String scalaBinaryVersion() {
        String version = scala.util.Properties.versionNumberString();
        return version.substring(0, version.lastIndexOf('.'));
    }

}
