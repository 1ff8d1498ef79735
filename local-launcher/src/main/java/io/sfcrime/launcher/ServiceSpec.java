package io.sfcrime.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * One of the suite's services as the launcher starts it (and the system tests that start
 * the jars themselves).
 *
 * @param name the module and application name
 * @param port its HTTP port
 * @param heap its maximum heap
 * @param arguments settings of its own, relative paths being under its fresh working
 * directory
 */
public record ServiceSpec(String name, int port, String heap, List<String> arguments) {

    /**
     * The three services on consecutive ports from {@code portBase} (8081: ingest,
     * verify, analytics); ingest may replay the files the user puts in
     * {@code replayFiles} besides the bundled one; analytics' web page reaches the other
     * two on their ports.
     */
    public static List<ServiceSpec> all(int portBase, Path replayFiles) {
        return List.of(
                new ServiceSpec("ingest-service", portBase, "512m",
                        List.of("--sfcrime.replay.files-dir=" + replayFiles.toAbsolutePath())),
                new ServiceSpec("verify-service", portBase + 1, "512m", List.of()),
                new ServiceSpec("analytics-service", portBase + 2, "1g",
                        List.of("--sfcrime.analytics.data-dir=data",
                                "--sfcrime.dashboard.ingest-url=http://127.0.0.1:" + portBase,
                                "--sfcrime.dashboard.verify-url=http://127.0.0.1:" + (portBase + 1))));
    }

    /** The service's Boot jar as the reactor builds it under the project root. */
    public Path jar(Path root, String version) {
        return root.resolve(this.name).resolve("target").resolve(this.name + "-" + version + ".jar");
    }

    String baseUrl() {
        return "http://localhost:" + this.port;
    }
}
