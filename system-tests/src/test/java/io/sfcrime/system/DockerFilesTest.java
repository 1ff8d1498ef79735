package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Docker deliverables checked without a Docker engine, through the project's scripts: the compose files
 * (with Debian's docker-compose), Prometheus's config (promtool), the Dockerfiles and the Grafana provisioning;
 * the checkers' own self-tests; and the compose broker settings run on real Kafka and ZooKeeper jars.
 */
class DockerFilesTest {

    private static final Path LOGS = Tools.ROOT.resolve("system-tests/target/docker-checks");

    @BeforeAll
    static void logs() throws Exception {
        Files.createDirectories(LOGS);
    }

    @Test
    void composeFilesDockerfilesAndProvisioningPassTheChecks() throws Exception {
        requireComposeTools();
        assertPasses("check-compose", 120);
    }

    @Test
    void theComposeChecksCatchEachKindOfBreakage() throws Exception {
        requireComposeTools();
        assertPasses("check-compose-selftest", 600);
    }

    @Test
    void thePrometheusCheckFailsOnAMissingMetricAndADeadService() throws Exception {
        Tools.require("prometheus", "prometheus");
        assertPasses("prometheus-e2e-selftest", 300);
    }

    @Test
    void theComposeBrokerSettingsWorkOnRealKafkaAndZooKeeper() throws Exception {
        requireComposeTools();
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(root || System.getenv("CI") != null, "needs root for a private network namespace");
        assertPasses("kafka-brokers-check", 600);
    }

    private static void requireComposeTools() {
        Tools.require("docker-compose", "docker-compose");
        Tools.require("promtool", "prometheus");
    }

    private static void assertPasses(String script, long timeoutSeconds) throws Exception {
        Tools.Result result = Tools.run(List.of("bash", "scripts/" + script + ".sh"), Map.of(), timeoutSeconds,
                LOGS.resolve(script + ".log"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern(script + ": [1-9][0-9]* passed, 0 failed");
    }
}
