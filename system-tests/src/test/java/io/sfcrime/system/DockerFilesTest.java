package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Docker files checked without a Docker engine, by the tools made for them: Compose's
 * own validation of both broker variants and the cluster profile (Debian's
 * docker-compose), promtool on the scrape configuration, a Dockerfile linter; and two
 * facts no tool checks: that Compose refuses to start without an API token, and that the
 * dashboard's queries use the datasource Grafana is given.
 */
class DockerFilesTest {

    private static final Path LOGS = Tools.ROOT.resolve("system-tests/target/docker-checks");

    /**
     * Compose's default: docker-compose.yml and docker-compose.override.yml, the
     * ZooKeeper broker.
     */
    private static final List<String> ZOOKEEPER = List.of();

    private static final List<String> KRAFT = List.of("-f", "docker-compose.yml", "-f", "docker-compose.kraft.yml");

    /**
     * The cluster profile: three brokers, a Spark master and two workers, instead of
     * docker-compose.override.yml.
     */
    private static final List<String> CLUSTER = List.of("-f", "docker-compose.yml", "-f", "docker-compose.cluster.yml",
            "--profile", "cluster");

    private static final Set<String> CLUSTER_ONLY = Set.of("kafka-2", "kafka-3", "spark-master", "spark-worker-1",
            "spark-worker-2");

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
    @SuppressWarnings("unchecked")
    void composeAcceptsTheClusterProfileWithThreeBrokersAndASparkMasterWithTwoWorkers() throws Exception {
        Tools.require("docker-compose", Tools.APT + "docker-compose");

        assertThat(compose(CLUSTER, true, "config", "-q").exitCode()).isZero();
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) new Yaml()
            .<Map<String, Object>>load(compose(CLUSTER, true, "config").output())
            .get("services");
        assertThat(services.keySet()).containsAll(SERVICES)
            .containsAll(CLUSTER_ONLY)
            .hasSize(SERVICES.size() + CLUSTER_ONLY.size());
        assertThat(services)
            .allSatisfy((name, service) -> assertThat(service.get("profiles")).as(name).isEqualTo(List.of("cluster")));
        for (String name : List.of("kafka", "kafka-2", "kafka-3", "spark-master", "spark-worker-1", "spark-worker-2")) {
            Map<String, Object> service = services.get(name);
            assertThat((String) service.get("image")).as(name + "'s image, pinned")
                .matches("[a-z/]+:[0-9][^:]*")
                .doesNotContain("latest");
            assertThat(service.get("healthcheck")).as(name + "'s healthcheck").isNotNull();
        }
        assertThat((String) services.get("spark-master").get("image"))
            .isEqualTo("apache/spark:3.5.7-scala2.12-java17-ubuntu");
        assertThat(Map.of("analytics-service", List.of("spark-master", "ingest-service"), "spark-worker-1",
                List.of("spark-master"), "spark-worker-2", List.of("spark-master"), "kafka-2", List.of(),
                "ingest-service", List.of("kafka")))
            .allSatisfy((name,
                    healthyFirst) -> assertThat(
                            (Map<String, Map<String, Object>>) services.get(name).getOrDefault("depends_on", Map.of()))
                        .as(name + " waits for")
                        .allSatisfy((dependency, condition) -> assertThat(condition.get("condition"))
                            .isIn("service_healthy", "service_started"))
                        .containsKeys(healthyFirst.toArray(String[]::new)));
        Map<String, Object> analytics = (Map<String, Object>) services.get("analytics-service").get("environment");
        assertThat(analytics).containsEntry("SFCRIME_ANALYTICS_SPARK_MASTER", "spark://spark-master:7077")
            .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:29092,kafka-2:29092,kafka-3:29092");
        assertThat((Map<String, Object>) services.get("ingest-service").get("environment"))
            .containsEntry("SFCRIME_REPLAY_TOPIC_REPLICAS", 3)
            .containsEntry("SFCRIME_REPLAY_TOPIC_MIN_INSYNC_REPLICAS", 2);
    }

    @Test
    void composeRefusesToStartWithoutAnApiToken() throws Exception {
        Tools.require("docker-compose", Tools.APT + "docker-compose");

        for (List<String> variant : List.of(ZOOKEEPER, KRAFT, CLUSTER)) {
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
        String file = variant.isEmpty() ? "zookeeper" : variant.contains("--profile") ? "cluster" : "kraft";
        String log = file + "-" + String.join("-", arguments) + ".log";
        return Tools.run(command, environment -> {
            environment.keySet().removeIf(name -> name.startsWith("COMPOSE_") || name.equals("SFCRIME_API_TOKEN"));
            if (token) {
                environment.put("SFCRIME_API_TOKEN", "placeholder-token-of-the-check");
            }
        }, 60, LOGS.resolve(log));
    }

}
