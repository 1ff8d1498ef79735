package io.sfcrime.analytics.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.analytics.AnalyticsApp;
import io.sfcrime.analytics.ExpectedCounts;
import io.sfcrime.analytics.RestResults;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.PlainProducer;
import io.sfcrime.testkit.RealCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The broker really goes away, with nobody restarting analytics by hand. Analytics runs
 * in this JVM against a KRaft broker in its own process ({@link KafkaBrokerProcess}),
 * which the test kills and starts again on the same data:
 * <ol>
 * <li>analytics starts before its broker has ever run: it comes up DOWN, answers 503 for
 * results, and once the broker is there creates its result topic and counts what
 * arrives;</li>
 * <li>the broker is killed (SIGKILL) while analytics runs: health turns DOWN with the
 * error and keeps retrying past the five attempts it used to give up after, the last
 * whole results stay served; the broker comes back, the rest of the file is sent, and
 * health is UP again by itself with the results exactly the independent count;</li>
 * <li>analytics is restarted while the broker is stopped: it starts DOWN rebuilding, and
 * once the broker is back serves the same exact results, having read nothing again.</li>
 * </ol>
 */
class BrokerOutageTest {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageTest.class);

    private static final String CALLS = "calls.outage";

    private static final String AGGREGATES = "aggregates.outage";

    /** What {@code restart.max-attempts} defaulted to before retries had no limit. */
    private static final int OLD_ATTEMPT_LIMIT = 5;

    private static final String KAFKA_TIMEOUT = "org.apache.kafka.common.errors.TimeoutException";

    private final Path dir = Path.of("target/test-data/outage-" + UUID.randomUUID()).toAbsolutePath();

    @Test
    void analyticsRidesOutBrokerOutagesByItself() {
        List<Call> calls = RealCalls.inEventTimeOrder();
        int firstPart = 80_000;
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(this.dir.resolve("broker"), Map.of())) {
            try (ConfigurableApplicationContext analytics = start(broker)) {
                RestResults rest = RestResults.onPort(AnalyticsApp.port(analytics));
                JsonNode waiting = await("analytics DOWN without its broker").atMost(Duration.ofMinutes(1))
                    .until(rest::sparkQuery, query -> query.at("/details/failuresInARow").asInt() >= 1);
                assertThat(waiting.at("/status").asText()).isEqualTo("DOWN");
                assertThat(waiting.at("/details/error").asText()).contains(KAFKA_TIMEOUT);
                assertThat(rest.status("/api/analytics/calls-per-window")).isEqualTo(503);

                broker.start();
                broker.createTopic(CALLS, 3, Map.of());
                send(broker, calls.subList(0, firstPart));
                awaitUpWith(rest, firstPart, Duration.ofMinutes(3));

                broker.kill();
                Instant down = Instant.now();
                JsonNode failing = await("retries past the old limit").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(rest::sparkQuery, query -> query.at("/details/failuresInARow").asInt() > OLD_ATTEMPT_LIMIT);
                assertThat(failing.at("/status").asText()).isEqualTo("DOWN");
                assertThat(failing.at("/details/error").asText()).contains(KAFKA_TIMEOUT);
                assertThat(Instant.parse(failing.at("/details/failingSince").asText())).isAfter(down);
                JsonNode retrying = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(rest::sparkQuery, query -> query.at("/details/state").asText().equals("RESTARTING"));
                assertThat(Instant.parse(retrying.at("/details/nextAttempt").asText())).isAfter(down);
                assertThat(rest.totalCalls()).as("the last whole results stay served").isEqualTo(firstPart);
                JsonNode kafka = rest.json("/actuator/health").at("/components/kafka");
                assertThat(kafka.at("/status").asText()).as("service-support's broker component").isEqualTo("DOWN");
                assertThat(kafka.at("/details/error").asText()).startsWith("Kafka not reachable");
                log.info("Broker down for {} s; health: {}", Duration.between(down, Instant.now()).toSeconds(),
                        failing);

                broker.start();
                send(broker, calls.subList(firstPart, calls.size()));
                awaitUpWith(rest, RealCalls.TOTAL, Duration.ofMinutes(4));
                rest.assertExactly(ExpectedCounts.hourly(calls));
                // Spark reports a batch after committing it: with no lag left, a restart
                // has nothing to read again.
                JsonNode progress = await().atMost(Duration.ofMinutes(1))
                    .until(() -> rest.json("/api/analytics/progress"),
                            body -> body.at("/latest/offsetLag").path(CALLS).asLong(-1) == 0);
                assertThat(progress.at("/totals/lateRows").asLong()).isZero();
            }

            broker.stop();
            try (ConfigurableApplicationContext restarted = start(broker)) {
                RestResults rest = RestResults.onPort(AnalyticsApp.port(restarted));
                JsonNode rebuilding = rest.sparkQuery();
                assertThat(rebuilding.at("/status").asText()).isEqualTo("DOWN");
                assertThat(rebuilding.at("/details/state").asText()).isIn("REBUILDING", "FAILED", "RESTARTING");
                assertThat(rebuilding.at("/details/error").asText()).contains(KAFKA_TIMEOUT);
                assertThat(rest.status("/api/analytics/windows")).isEqualTo(503);

                broker.start();
                awaitUpWith(rest, RealCalls.TOTAL, Duration.ofMinutes(3));
                rest.assertExactly(ExpectedCounts.hourly(calls));
                JsonNode totals = rest.json("/api/analytics/progress").at("/totals");
                assertThat(totals.at("/inputRows").asLong()).as("resumed from the checkpoint").isZero();
            }
        }
    }

    private static void awaitUpWith(RestResults rest, long calls, Duration atMost) {
        await("health UP with " + calls + " calls counted").atMost(atMost)
            .pollInterval(Duration.ofMillis(500))
            .until(() -> rest.totalCalls() == calls && rest.sparkQuery().at("/status").asText().equals("UP"));
    }

    private static void send(KafkaBrokerProcess broker, List<Call> calls) {
        try (PlainProducer producer = new PlainProducer(broker.bootstrapServers())) {
            producer.sendCalls(CALLS, calls);
        }
    }

    private ConfigurableApplicationContext start(KafkaBrokerProcess broker) {
        return AnalyticsApp.start(broker.bootstrapServers(), "--spring.kafka.admin.operation-timeout=2s",
                "--sfcrime.analytics.source.topic=" + CALLS, "--sfcrime.analytics.source.max-offsets-per-trigger=40000",
                "--sfcrime.analytics.sink.topic=" + AGGREGATES, "--sfcrime.analytics.kafka-timeout=1s",
                "--sfcrime.analytics.restart.initial-backoff=200ms", "--sfcrime.analytics.restart.max-backoff=1s",
                "--sfcrime.analytics.data-dir=" + this.dir.resolve("analytics"),
                // Health is UP again at the query's first trigger after an outage; with
                // nothing new to read Spark reports that trigger only at this interval,
                // 10 s unless set.
                "--sfcrime.analytics.spark.properties.spark.sql.streaming.noDataProgressEventInterval=1s");
    }

}
