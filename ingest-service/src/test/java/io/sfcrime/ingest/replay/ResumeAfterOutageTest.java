package io.sfcrime.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfcrime.calls.CallsTopic;
import io.sfcrime.testkit.Call;
import io.sfcrime.testkit.RealCalls;
import io.sfcrime.testkit.TopicContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * A broker that stays away longer than the producer's delivery timeout (8 s here instead
 * of the service's 120 s, so that the test is quick): the replay fails naming the broker
 * and says what a resume would send; once the broker is back, the resume sends exactly
 * that, and every event of the replay is on the topic, the ones acknowledged before not
 * again. The only extra records are those the README allows: events the first run counted
 * as not acknowledged that the broker had written all the same.
 */
@TestPropertySource(properties = { "spring.kafka.producer.properties.delivery.timeout.ms=8000",
        "spring.kafka.producer.properties.request.timeout.ms=3000" })
class ResumeAfterOutageTest extends BrokerProcessTest {

    private static final String TOPIC = CallsTopic.NAME;

    private static final int EVENTS = 40_000;

    @Test
    void aReplayFailsWhenTheBrokerStaysAwayAndAResumeSendsExactlyWhatWasNotAcknowledged() {
        this.replay.start("{\"rate\": 2000, \"limit\": " + EVENTS + "}");
        await().atMost(Duration.ofMinutes(1)).until(() -> this.replay.status().get("acknowledged").asLong() >= 8_000);

        broker.kill();
        JsonNode failed = this.replay.awaitEnd(Duration.ofMinutes(1));

        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("lastError").asText()).contains("delivery.timeout.ms (8 s)")
            .contains(broker.bootstrapServers())
            .contains("unreachable")
            .contains("\"resume\": true");
        long acknowledged = failed.get("acknowledged").asLong();
        long sent = failed.get("sent").asLong();
        long notAcknowledged = failed.get("failed").asLong();
        assertThat(sent).as("the outage came before the end").isLessThan(EVENTS);
        assertThat(notAcknowledged).isPositive().isEqualTo(sent - acknowledged);
        assertThat(failed.get("inFlight").asLong()).isZero();
        assertThat(failed.at("/resume/events").asLong()).isEqualTo(EVENTS - acknowledged);
        assertThat(failed.at("/resume/notAcknowledged").asLong()).isEqualTo(notAcknowledged);
        assertThat(failed.at("/resume/fromEvent").asLong()).isEqualTo(sent + 1);

        broker.start();
        List<String> firstRun = values(TopicContents.readAll(broker.bootstrapServers(), TOPIC));
        long writtenUnacknowledged = firstRun.size() - acknowledged;
        assertThat(writtenUnacknowledged).as("records the broker wrote without the acknowledgement arriving")
            .isBetween(0L, notAcknowledged);
        Map<Integer, Long> marks = TopicContents.endOffsets(broker.bootstrapServers(), TOPIC);

        JsonNode resumed = this.replay.start("{\"resume\": true}");
        assertThat(resumed.get("resumeOf").asText()).isEqualTo(failed.get("startedAt").asText());
        JsonNode status = this.replay.awaitEnd(Duration.ofMinutes(2));

        assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(status.get("total").asLong()).isEqualTo(EVENTS - acknowledged);
        assertThat(status.get("sent").asLong()).isEqualTo(EVENTS - acknowledged);
        assertThat(status.get("acknowledged").asLong()).isEqualTo(EVENTS - acknowledged);
        assertThat(status.get("failed").asLong()).isZero();
        assertThat(status.get("resume").isNull()).isTrue();
        List<String> resume = values(TopicContents.readFrom(broker.bootstrapServers(), TOPIC, marks));
        assertThat(resume).hasSize((int) (EVENTS - acknowledged));

        Map<String, Long> expected = counts(
                RealCalls.inEventTimeOrder().subList(0, EVENTS).stream().map(Call::json).toList());
        Map<String, Long> first = counts(firstRun);
        Map<String, Long> second = counts(resume);
        // Sets and maps compared directly: AssertJ's isSubsetOf and friends are quadratic
        // on 40,000 values.
        List<String> missing = new ArrayList<>();
        Map<String, Long> extra = new HashMap<>();
        expected.forEach((value, times) -> {
            long onTopic = first.getOrDefault(value, 0L) + second.getOrDefault(value, 0L);
            if (onTopic < times) {
                missing.add(value);
            }
            else if (onTopic > times) {
                extra.put(value, onTopic - times);
            }
        });
        assertThat(missing).as("events of the replay missing from the topic").isEmpty();
        assertThat(notIn(first.keySet(), expected.keySet())).as("first run: not events of the replay").isEmpty();
        assertThat(notIn(second.keySet(), expected.keySet())).as("resume: not events of the replay").isEmpty();
        // Each extra copy is an event both runs put on the topic: one the first run wrote
        // without an acknowledgement.
        assertThat(extra.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(writtenUnacknowledged);
        assertThat(extra.entrySet())
            .allSatisfy(copies -> assertThat(Math.min(first.get(copies.getKey()), second.get(copies.getKey())))
                .isGreaterThanOrEqualTo(copies.getValue()));

        ResponseEntity<JsonNode> again = this.replay.post("/api/replay", "{\"resume\": true}");
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().get("title").asText()).isEqualTo("Nothing to resume");
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static Set<String> notIn(Set<String> values, Set<String> allowed) {
        Set<String> outside = new HashSet<>(values);
        outside.removeAll(allowed);
        return outside;
    }

    private static Map<String, Long> counts(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

}
