package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Docker files checked without a Docker engine, by the tools made for them: Compose's
 * own validation of both broker variants (Debian's docker-compose), promtool on the
 * scrape configuration, a Dockerfile linter; and two facts no tool checks: that Compose
 * refuses to start without an API token, and that the dashboard's queries use the
 * datasource Grafana is given.
 */
class DockerFilesTest {

    private static final Path LOGS = Tools.ROOT.resolve("system-tests/target/docker-checks");

    /**
     * Compose's default: docker-compose.yml and docker-compose.override.yml, the
     * ZooKeeper broker.
     */
    private static final List<String> ZOOKEEPER = List.of();

    private static final List<String> KRAFT = List.of("-f", "docker-compose.yml", "-f", "docker-compose.kraft.yml");

    private static final Set<String> SERVICES = Set.of("kafka", "ingest-service", "verify-service", "analytics-service",
            "prometheus", "grafana");

    /** Stands in for the user's .env, which could hold a token or other settings. */
    private static Path emptyEnvFile;

    @BeforeAll
    static void logs() throws Exception {
        Files.createDirectories(LOGS);
        emptyEnvFile = Files.writeString(LOGS.resolve("empty.env"), "");
    }

    @Test
    void composeAcceptsTheZooKeeperDefaultAndTheKraftVariant() throws Exception {
        Tools.require("docker-compose", Tools.APT + "docker-compose");

        assertThat(compose(ZOOKEEPER, true, "config", "-q").exitCode()).isZero();
        assertThat(compose(KRAFT, true, "config", "-q").exitCode()).isZero();
        assertThat(compose(ZOOKEEPER, true, "config", "--services").output().lines()).containsAll(SERVICES)
            .contains("zookeeper")
            .hasSize(SERVICES.size() + 1);
        assertThat(compose(KRAFT, true, "config", "--services").output().lines())
            .containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void composeRefusesToStartWithoutAnApiToken() throws Exception {
        Tools.require("docker-compose", Tools.APT + "docker-compose");

        for (List<String> variant : List.of(ZOOKEEPER, KRAFT)) {
            Tools.Result result = compose(variant, false, "config", "-q");

            assertThat(result.exitCode()).as(variant + ": " + result.output()).isNotZero();
            assertThat(result.output()).contains("set SFCRIME_API_TOKEN");
        }
    }

    @Test
    void promtoolAcceptsTheScrapeConfiguration() throws Exception {
        Tools.require("promtool", Tools.APT + "prometheus");

        Tools.Result result = Tools.run(List.of("promtool", "check", "config", PrometheusServer.CONFIG.toString()),
                environment -> {
                }, 60, LOGS.resolve("promtool.log"));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theDockerfilePassesTheLinter() throws Exception {
        Tools.require("dockerfile-utils", Tools.DOCKERFILE_LINTER);

        Tools.Result result = Tools.run(List.of("dockerfile-utils", "lint", "Dockerfile"), environment -> {
        }, 60, LOGS.resolve("dockerfile-utils.log"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("errors and warnings").isBlank();
    }

    @Test
    void everyDashboardQueryUsesTheProvisionedDatasource() throws Exception {
        Matcher uid = Pattern.compile("(?m)^\\s+uid:\\s*(\\S+)$")
            .matcher(Files.readString(Tools.ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml")));
        assertThat(uid.find()).as("the provisioned datasource has a uid").isTrue();

        assertThat(Dashboard.datasourceUids()).containsExactly(uid.group(1));
        assertThat(Dashboard.queries()).isNotEmpty().allSatisfy(query -> assertThat(query.expr()).isNotBlank());
    }

    /**
     * docker-compose on a variant, with none of the user's Compose settings and, if
     * asked, a placeholder token.
     */
    private static Tools.Result compose(List<String> variant, boolean token, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", emptyEnvFile.toString()));
        command.addAll(variant);
        command.addAll(List.of(arguments));
        String log = (variant.isEmpty() ? "zookeeper" : "kraft") + "-" + String.join("-", arguments) + ".log";
        return Tools.run(command, environment -> {
            environment.keySet().removeIf(name -> name.startsWith("COMPOSE_") || name.equals("SFCRIME_API_TOKEN"));
            if (token) {
                environment.put("SFCRIME_API_TOKEN", "placeholder-token-of-the-check");
            }
        }, 60, LOGS.resolve(log));
    }

}
