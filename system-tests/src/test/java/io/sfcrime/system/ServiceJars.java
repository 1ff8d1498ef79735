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
 * The three service jars as child processes of a test, on a broker of its own, without
 * the launcher in between: started as the launcher starts them, on consecutive ports.
 */
final class ServiceJars {

    private ServiceJars() {
    }

    /**
     * Starts ingest, verify and analytics on ports {@code portBase} to
     * {@code portBase + 2}, each in its own directory under {@code work}, with
     * {@code settings} added to every one, and waits until each reports UP.
     */
    static List<ChildJvm> startAndAwaitUp(int portBase, String bootstrapServers, Path work, String... settings) {
        List<ChildJvm> services = new ArrayList<>();
        for (ServiceSpec spec : ServiceSpec.all(portBase, work.resolve("replay-files"))) {
            Path jar = spec.jar(Tools.ROOT, System.getProperty("sfcrime.version"));
            assertThat(jar).as("the reactor builds the services before this module").isRegularFile();
            List<String> args = new ArrayList<>(
                    List.of("--server.port=" + spec.port(), "--spring.kafka.bootstrap-servers=" + bootstrapServers));
            args.addAll(List.of(settings));
            args.addAll(spec.arguments());
            services.add(ChildJvm.jar(spec.name(), jar, work.resolve(spec.name()), spec.heap(), args).start());
        }
        for (ChildJvm service : services) {
            int port = portBase + services.indexOf(service);
            await(service.name() + " UP; see " + service.logFile()).atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .failFast(service.name() + " exited; see " + service.logFile(), () -> !service.isAlive())
                .until(() -> "UP".equals(ServiceHttp.get(port, "/actuator/health").path("status").asText()));
        }
        return services;
    }

}
