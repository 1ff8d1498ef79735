package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sfcrime.launcher.ServiceSpec;
import io.sfcrime.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The services' Boot jars, as the reactor built them, run as child processes of a fault
 * test (no launcher in between), so that the test can watch each one live through what it
 * does to the brokers.
 */
final class ServiceJars {

    private ServiceJars() {
    }

    /**
     * Starts the service on the given brokers, its port and its own settings from the
     * spec, then {@code settings}; its working directory is {@code work/<name>}.
     */
    static ChildJvm start(ServiceSpec spec, String bootstrapServers, Path work, List<String> settings) {
        Path jar = spec.jar(Tools.ROOT, System.getProperty("sfcrime.version"));
        assertThat(jar).as("the reactor builds the services before this module").isRegularFile();
        List<String> args = new ArrayList<>(
                List.of("--server.port=" + spec.port(), "--spring.kafka.bootstrap-servers=" + bootstrapServers));
        args.addAll(spec.arguments());
        args.addAll(settings);
        return ChildJvm.jar(spec.name(), jar, work.resolve(spec.name()), spec.heap(), args).start();
    }

    /**
     * Starts ingest, verify and analytics on ports {@code portBase} to
     * {@code portBase + 2}, each in its own directory under {@code work}, with
     * {@code settings} added to every one, and waits until each reports UP.
     */
    static List<ChildJvm> startAndAwaitUp(int portBase, String bootstrapServers, Path work, String... settings) {
        List<ServiceSpec> specs = ServiceSpec.all(portBase, work.resolve("replay-files"));
        List<ChildJvm> services = specs.stream()
            .map(spec -> start(spec, bootstrapServers, work, List.of(settings)))
            .toList();
        for (int i = 0; i < services.size(); i++) {
            awaitUp(services.get(i), specs.get(i).port());
        }
        return services;
    }

    /** Waits until the service on {@code port} reports UP; fails fast if it exits. */
    static void awaitUp(ChildJvm service, int port) {
        await(service.name() + " UP; see " + service.logFile()).atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .failFast(service.name() + " exited; see " + service.logFile(), () -> !service.isAlive())
            .until(() -> "UP".equals(ServiceHttp.get(port, "/actuator/health").path("status").asText()));
    }

    /**
     * Stops each service as an operator would (SIGTERM, then SIGKILL after a minute),
     * then the brokers they ran on, if they were started.
     */
    static void stopAll(List<ChildJvm> services, AutoCloseable brokers) throws Exception {
        services.forEach(service -> service.stop(Duration.ofSeconds(60)));
        if (brokers != null) {
            brokers.close();
        }
    }

}
