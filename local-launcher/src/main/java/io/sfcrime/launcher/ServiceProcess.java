package io.sfcrime.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/** A service's Boot jar running as a child process, its output in a log file. */
final class ServiceProcess {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Every service, and Spark's UI, listens here only: nothing of the embedded default
     * is reachable from outside.
     */
    static final String LOOPBACK = "127.0.0.1";

    private final ServiceSpec spec;

    private final Process process;

    private final Path logFile;

    private ServiceProcess(ServiceSpec spec, Process process, Path logFile) {
        this.spec = spec;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the service's jar with its working directory under the launcher's work dir,
     * fresh each time: the broker is new at every launch, so state kept from an earlier
     * one (the analytics checkpoint) would point at offsets that no longer exist.
     */
    static ServiceProcess start(ServiceSpec spec, LaunchOptions options, String bootstrapServers, ApiToken token,
            Path logs) {
        Path jar = spec.jar(options.root(), version());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + ": build first (./mvnw -DskipTests package)");
        }
        try {
            Path workDir = options.workDir().resolve(spec.name());
            FileSystemUtils.deleteRecursively(workDir);
            Files.createDirectories(workDir);
            Files.createDirectories(logs);
            Path logFile = logs.resolve(spec.name() + ".log");
            // No JVM flags for Spark: the jar's manifest opens what it needs (Add-Opens,
            // from the root pom).
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + spec.heap(), "-jar",
                    jar.toString(), "--server.port=" + spec.port(), "--server.address=" + LOOPBACK,
                    "--spring.kafka.bootstrap-servers=" + bootstrapServers));
            command.addAll(spec.arguments());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
            builder.environment().put(ApiToken.SERVICE_VARIABLE, token.value());
            // Spark binds its UI to this address; it has no setting for it.
            builder.environment().put("SPARK_LOCAL_IP", LOOPBACK);
            Process process = builder.start();
            log.info("Started {} (pid {}) on port {}, log {}", spec.name(), process.pid(), spec.port(), logFile);
            return new ServiceProcess(spec, process, logFile);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + spec.name() + ": " + ex.getMessage(), ex);
        }
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI health = URI.create(this.spec.baseUrl() + "/actuator/health");
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(this.spec.name() + " exited with code " + this.process.exitValue()
                        + " while starting; see " + this.logFile);
            }
            if (isUp(health)) {
                log.info("{} is UP", this.spec.name());
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException(
                this.spec.name() + " did not report UP within " + timeout.toSeconds() + " s; see " + this.logFile);
    }

    private static boolean isUp(URI health) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    ServiceSpec spec() {
        return this.spec;
    }

    Path logFile() {
        return this.logFile;
    }

    /**
     * Asks the service to shut down gracefully (SIGTERM); all are asked first, then
     * awaited.
     */
    void requestStop() {
        this.process.destroy();
    }

    /** Waits for the service to end, forcing it after 30 s. */
    void awaitStopped() {
        try {
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 30 s; killing it", this.spec.name());
                this.process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String version() {
        String version = ServiceProcess.class.getPackage().getImplementationVersion();
        return version != null ? version : System.getProperty("sfcrime.local.version", "0.1.0-SNAPSHOT");
    }

}
