package io.sfcrime.launcher;

import io.sfcrime.calls.CallsTopic;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Launcher options, as {@code --name=value} arguments (or
 * {@code -Dsfcrime.local.name=value} through Maven).
 *
 * @param root the project's root directory (where the service modules are)
 * @param workDir where logs and the analytics checkpoint go
 * @param kafkaPort the broker's port on 127.0.0.1
 * @param portBase the first service's HTTP port; the others follow
 * @param topic the calls topic
 * @param partitions its partitions
 * @param rate the replay's events per second (0: as fast as possible)
 * @param replay whether to start a replay once the services are up
 * @param startTimeoutSeconds how long each service may take to report UP
 * @param reportSeconds how often progress is printed
 */
record LaunchOptions(Path root, Path workDir, int kafkaPort, int portBase, String topic, int partitions, double rate,
        boolean replay, int startTimeoutSeconds, int reportSeconds) {

    /**
     * Every option's name; the local profile of this module's pom passes each on from
     * Maven.
     */
    static final Set<String> NAMES = Set.of("root", "work-dir", "kafka-port", "rate", "replay", "start-timeout",
            "report-every", "partitions", "port-base");

    static LaunchOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String name : NAMES) {
            String property = System.getProperty("sfcrime.local." + name);
            if (property != null && !property.isBlank()) {
                values.put(name, property);
            }
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments are --name=value, not '" + arg + "'; names: " + NAMES);
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name + "; known: " + NAMES);
            }
            values.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        Path root = Path.of(values.getOrDefault("root", ".")).toAbsolutePath().normalize();
        return new LaunchOptions(root, Path.of(values.getOrDefault("work-dir", root.resolve(".local").toString())),
                number(values, "kafka-port", 9092), number(values, "port-base", 8081), CallsTopic.NAME,
                number(values, "partitions", 3), decimal(values, "rate", 2000),
                Boolean.parseBoolean(values.getOrDefault("replay", "true")), number(values, "start-timeout", 240),
                number(values, "report-every", 5));
    }

    List<ServiceSpec> services() {
        return ServiceSpec.all(this.portBase, replayFiles());
    }

    /**
     * The directory whose calls files ingest-service may replay
     * ({@code sfcrime.replay.files-dir}).
     */
    Path replayFiles() {
        return this.workDir.resolve("replay-files");
    }

    private static double decimal(Map<String, String> values, String name, double fallback) {
        String value = values.get(name);
        try {
            double parsed = value == null ? fallback : Double.parseDouble(value.trim());
            if (parsed < 0 || Double.isNaN(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a number, 0 or more, not '" + value + "'", ex);
        }
    }

    private static int number(Map<String, String> values, String name, int fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'", ex);
        }
    }
}
