package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sfcrime.analytics.AnalyticsApp;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.results.AggregateKey;
import io.sfcrime.analytics.results.ResultStore;
import io.sfcrime.analytics.results.TimeRange;
import io.sfcrime.analytics.results.WindowCount;
import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service against a broker that lets in only SASL/PLAIN-authenticated clients (a real
 * KRaft broker in its own process), with the credentials given as Spring settings and
 * nowhere else: Spark's source, the result topic's producer, the topic admin and the
 * store's rebuild consumer all get through, and the counts are exact. A restart then
 * serves the same results at once, read back from the compacted topic over SASL.
 */
class SaslBrokerTest {

    private static final String CALLS = "calls.sasl";

    private static final String AGGREGATES = "aggregates.sasl";

    private static final String USER = "analytics";

    private static final String PASSWORD = "sasl-test-password";

    @TempDir
    static Path dir;

    @Test
    void readsFromASaslBrokerWithTheCredentialsGivenOnlyAsSettingsAndCountsExactly() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.saslPlain(dir.resolve("broker"), USER, PASSWORD).start()) {
            assertRefusesAWrongPassword(broker);
            broker.createTopic(CALLS, 3, Map.of());
            try (PlainProducer producer = new PlainProducer(broker.bootstrapServers(), broker.clientConfig())) {
                producer.sendCalls(CALLS, RealCalls.inEventTimeOrder());
            }
            Map<AggregateKey, WindowCount> expected = ExpectedCounts.hourly(RealCalls.inFileOrder()).rows();

            try (ConfigurableApplicationContext first = start(broker)) {
                QueryStatus status = first.getBean(QueryStatus.class);
                ResultStore store = first.getBean(ResultStore.class);
                await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the query failed; see the log", () -> status.state() == QueryStatus.State.FAILED)
                    .until(() -> store.totalCount() == RealCalls.TOTAL);

                assertThat(rows(store)).containsExactlyInAnyOrderEntriesOf(expected);
                assertThat(status.totals().inputRows()).isEqualTo(RealCalls.TOTAL);
                assertThat(first.getBean(SparkSessionLifecycle.class).session().conf().get("spark.ui.killEnabled"))
                    .isEqualTo("false");
            }
            try (ConfigurableApplicationContext second = start(broker)) {
                assertThat(rows(second.getBean(ResultStore.class))).as("rebuilt from the compacted topic over SASL")
                    .containsExactlyInAnyOrderEntriesOf(expected);
            }
        }
    }

    private static void assertRefusesAWrongPassword(KafkaBrokerProcess broker) {
        Map<String, Object> config = new HashMap<>(KafkaBrokerProcess.saslPlainClient(USER, PASSWORD + "-wrong"));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static Map<AggregateKey, WindowCount> rows(ResultStore store) {
        return store.windows(TimeRange.ALL, null, null, Integer.MAX_VALUE)
            .stream()
            .collect(Collectors.toMap(WindowCount::key, Function.identity()));
    }

    /** Every Kafka client of the service configured by these settings alone. */
    private static ConfigurableApplicationContext start(KafkaBrokerProcess broker) {
        return AnalyticsApp.start(broker.bootstrapServers(), "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=PLAIN",
                "--spring.kafka.properties.sasl.jaas.config=" + KafkaBrokerProcess.plainLogin(USER, PASSWORD),
                "--sfcrime.analytics.source.topic=" + CALLS, "--sfcrime.analytics.source.max-offsets-per-trigger=50000",
                "--sfcrime.analytics.sink.topic=" + AGGREGATES, "--sfcrime.analytics.data-dir=" + dir.resolve("data"));
    }

}
