package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.calls.CallsTopic;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The broker really goes away in the middle of a replay (SIGKILL of its process) and
 * comes back 20 s later on the same data and port. With the service's own producer
 * settings the replay waits and carries on: nothing fails, and every event is on the
 * topic exactly once (the idempotent producer's retries are not duplicated, the broker
 * rebuilt its producer state from its log).
 */
class BrokerOutageTest extends BrokerProcessTest {

    private static final int EVENTS = 60_000;

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Test
    void aReplayWaitsThroughAnOutageAndDeliversEveryEventOnce() {
        this.replay.start("{\"rate\": 3000, \"limit\": " + EVENTS + "}");
        await().atMost(Duration.ofMinutes(1)).until(() -> this.replay.status().get("acknowledged").asLong() >= 10_000);

        broker.kill();
        Instant killedAt = Instant.now();
        await("the replay waiting, nothing failed, while the broker is away").during(OUTAGE)
            .atMost(OUTAGE.plusSeconds(10))
            .until(() -> {
                JsonNode status = this.replay.status();
                return "RUNNING".equals(status.get("state").asText()) && status.get("failed").asLong() == 0;
            });
        JsonNode during = this.replay.status();
        assertThat(during.get("inFlight").asLong()).isPositive();
        assertThat(Instant.parse(during.get("lastAcknowledgedAt").asText())).isBefore(killedAt.plusMillis(100));
        broker.start();
        JsonNode status = this.replay.awaitEnd(Duration.ofMinutes(3));

        assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("sent").asLong()).isEqualTo(EVENTS);
        assertThat(status.get("acknowledged").asLong()).isEqualTo(EVENTS);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("inFlight").asLong()).isZero();
        assertThat(status.get("lastError").isNull()).isTrue();
        assertThat(status.get("resume").isNull()).isTrue();
        List<ConsumerRecord<String, String>> records = TopicContents.readAll(broker.bootstrapServers(),
                CallsTopic.NAME);
        // Sorted copies compared in one pass: exactly the events, each once (the file's
        // own duplicates included).
        assertThat(records.stream().map(ConsumerRecord::value).sorted().toList())
            .isEqualTo(RealCalls.inEventTimeOrder().subList(0, EVENTS).stream().map(Call::json).sorted().toList());
    }

}
