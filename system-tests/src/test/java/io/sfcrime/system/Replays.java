package io.sfcrime.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A replay of the real file by ingest-service, as the fault tests watch and check it. */
final class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    private Replays() {
    }

    /** Ingest's replay status. */
    static JsonNode status(int ingestPort) {
        return ServiceHttp.get(ingestPort, "/api/replay");
    }

    /** Waits until the replay is no longer RUNNING and logs how it ended. */
    static void awaitEnd(int ingestPort, Duration atMost) {
        await().atMost(atMost)
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> !"RUNNING".equals(status(ingestPort).path("state").asText()));
        log.info("Replay ended: {}", status(ingestPort));
    }

    /**
     * The replay completed with every event of the file acknowledged and none failed, and
     * the topic holds the file exactly: each record once (the file's own 4 duplicates
     * twice), nothing a retry added.
     */
    static void assertTheFileIsOnTheTopicExactlyOnce(int ingestPort, String bootstrapServers, String topic) {
        JsonNode status = status(ingestPort);
        assertThat(status.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.path("sent").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.path("acknowledged").asLong()).isEqualTo(RealCalls.TOTAL);
        assertThat(status.path("failed").asLong()).isZero();
        assertThat(status.path("lastError").isNull()).isTrue();
        List<ConsumerRecord<String, String>> records = TopicContents.readAll(bootstrapServers, topic);
        assertThat(records).hasSize(RealCalls.TOTAL);
        assertThat(ExactResults.topicVersusFile(records)).as("records missing or extra (file vs topic)").isEmpty();
    }

}
