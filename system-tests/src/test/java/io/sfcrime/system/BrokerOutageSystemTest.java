package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.calls.CallsTopic;
import io.sfcrime.testkit.ChildJvm;
import io.sfcrime.testkit.FreePorts;
import io.sfcrime.testkit.KafkaBrokerProcess;
import io.sfcrime.testkit.RealCalls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The suite under a broker outage: a KRaft broker in its own process and the three
 * service jars as child processes (no launcher in between), the real file replayed at a
 * rate that makes it last about a minute, and the broker killed (SIGKILL) in the middle,
 * left dead for 30 s and then started again on the same data and port. No service is
 * touched. Afterwards the replay has completed, the topic holds the file exactly (its own
 * 4 duplicates, none added), verify's summary and analytics' results are exact, and every
 * service reports UP again.
 */
class BrokerOutageSystemTest {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageSystemTest.class);

    private static final String TOPIC = CallsTopic.NAME;

    /** About 59 s for the whole file. */
    private static final int RATE = 3_400;

    private static final int KILL_AFTER_ACKNOWLEDGED = 50_000;

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static final Path WORK = Tools.ROOT.resolve("system-tests/target/outage");

    private static final int PORT_BASE = FreePorts.consecutive(3);

    private static final int INGEST = PORT_BASE;

    private static final int VERIFY = PORT_BASE + 1;

    private static final int ANALYTICS = PORT_BASE + 2;

    private static final List<ChildJvm> services = new ArrayList<>();

    private static KafkaBrokerProcess broker;

    @BeforeAll
    static void replayTheFileThroughABrokerOutage() throws IOException {
        FileSystemUtils.deleteRecursively(WORK);
        broker = new KafkaBrokerProcess(WORK.resolve("kafka"), Map.of()).start();
        broker.createTopic(TOPIC, 3, Map.of());
        services.addAll(ServiceJars.startAndAwaitUp(PORT_BASE, broker.bootstrapServers(), WORK));

        ServiceHttp.Answer started = ServiceHttp.post(INGEST, "/api/replay", "{\"rate\": " + RATE + "}");
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> replay().path("acknowledged").asLong() >= KILL_AFTER_ACKNOWLEDGED);
        broker.kill();
        long killedAt = System.nanoTime();
        JsonNode atKill = replay();
        await("ingest waiting for the broker, nothing failed").during(OUTAGE)
            .atMost(OUTAGE.plusSeconds(15))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> {
                JsonNode status = replay();
                return "RUNNING".equals(status.path("state").asText()) && status.path("failed").asLong() == 0;
            });
        JsonNode beforeRestart = replay();
        broker.start();
        log.info(
                "Broker away for {} s (killed at {} acknowledged of {} sent; {} sent and {} in flight when it was "
                        + "started again)",
                Duration.ofNanos(System.nanoTime() - killedAt).toSeconds(), atKill.path("acknowledged").asLong(),
                atKill.path("sent").asLong(), beforeRestart.path("sent").asLong(),
                beforeRestart.path("inFlight").asLong());
        Replays.awaitEnd(INGEST, Duration.ofMinutes(5));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        ServiceJars.stopAll(services, broker);
    }

    @Test
    void theReplayCompletedAndTheTopicHoldsTheFileExactlyOnce() {
        Replays.assertTheFileIsOnTheTopicExactlyOnce(INGEST, broker.bootstrapServers(), TOPIC);
    }

    @Test
    void verifyCheckedEveryEventOnce() {
        JsonNode summary = ServiceHttp.awaitJson(VERIFY, "/api/verify/summary",
                s -> s.path("received").asLong() >= RealCalls.TOTAL && s.path("caughtUp").asBoolean());

        assertThat(summary.path("received").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(summary.path("valid").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(summary.path("invalid").asLong()).isZero();
        assertThat(summary.path("duplicates").asLong()).isEqualTo(4);
        assertThat(summary.path("distinctCrimeIds").asLong()).isEqualTo(RealCalls.TOTAL - 4);
    }

    @Test
    void analyticsCountsEqualAnIndependentCountOfTheFile() {
        assertThat(ExactResults.analyticsVersusFile(ANALYTICS)).as("rows that differ (file vs analytics)").isEmpty();
    }

    @Test
    void everyServiceIsUpAgainWithoutARestart() {
        for (ChildJvm service : services) {
            int port = PORT_BASE + services.indexOf(service);
            await(service.name() + " UP").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> "UP".equals(ServiceHttp.get(port, "/actuator/health").path("status").asText()));
            assertThat(service.isAlive()).as(service + " still the process the test started").isTrue();
        }
    }

    private static JsonNode replay() {
        return Replays.status(INGEST);
    }

}
